from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "beschaffungsallianz.exchange"
    label = "exchange"
    verbose_name = _("Members' exchange")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Editors see the threads in the admin and turn a good one into a draft practice example;
    # coordinators moderate: reports, hiding, locking, moving, deleting, and the log.
    role_permissions = {
        "editor": ["exchange.view_thread", "exchange.change_thread"],
        "coordinator": [
            "exchange.view_report",
            "exchange.change_report",
            "exchange.view_moderationlog",
        ],
    }

    def ready(self):
        from beschaffungsallianz.exchange import receivers, search

        receivers.connect()
        post_migrate.connect(search.ensure_index_after_migrate, sender=self)
