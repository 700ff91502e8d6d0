from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "beschaffungsallianz.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Issues are pages (page permissions on the tree root): editors write, test and send them.
    # Subscribers are personal data: coordinators only.
    role_permissions = {
        "editor": [],
        "coordinator": [
            "newsletter.view_subscriber",
            "newsletter.delete_subscriber",
        ],
    }
