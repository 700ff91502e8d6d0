from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "beschaffungsallianz.events"
    label = "events"
    verbose_name = _("Events")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Event pages are pages (page permissions on the tree root). Registrations hold personal
    # data: coordinators only.
    role_permissions = {
        "editor": [],
        "coordinator": [
            "events.view_registration",
            "events.change_registration",
            "events.delete_registration",
        ],
    }
