from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "beschaffungsallianz.monitor"
    label = "monitor"
    verbose_name = _("Vergabemonitor")

    # Editors and coordinators may look at imported notices in the admin; nobody edits them.
    role_permissions = {
        "editor": ["monitor.view_notice", "monitor.view_lot", "monitor.view_importrun"],
    }

    def ready(self):
        from beschaffungsallianz.monitor import signals  # noqa: F401 - the import connects the signal handlers
