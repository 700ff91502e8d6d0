from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _perms(model: str, actions: tuple[str, ...]) -> list[str]:
    return [f"network.{action}_{model}" for action in actions]


CRUD = ("add", "change", "delete", "view")


class NetworkConfig(AppConfig):
    name = "beschaffungsallianz.network"
    label = "network"
    verbose_name = _("Network")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Editors: public content (organisations, partners, the working group's description).
    # Coordinators additionally: memberships and join requests (personal data).
    role_permissions = {
        "editor": [
            *_perms("organisation", (*CRUD, "publish")),
            *_perms("networkpartner", (*CRUD, "publish")),
            *_perms("workinggroup", ("add", "change", "view")),
        ],
        "coordinator": [
            *_perms("membership", CRUD),
            *_perms("joinrequest", ("change", "delete", "view")),
            "network.delete_workinggroup",
        ],
    }
