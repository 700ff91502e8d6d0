from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "beschaffungsallianz.core"
    label = "core"
    verbose_name = _("Website")
    # Editors translate pages (Wagtail's "Übersetzen" action); see core/roles.py.
    role_permissions = {"editor": ["simple_translation.submit_translation"]}

    def ready(self):
        from beschaffungsallianz.core.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.sync_roles")
