from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "beschaffungsallianz.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    # Synced into the group "Koordination" by core.roles after migrate. Profiles are personal
    # data: editors see none of them. Nobody adds or deletes a profile in the admin (people
    # register and delete their accounts themselves; purge_accounts deletes stale ones).
    role_permissions = {
        "coordinator": ["accounts.view_profile", "accounts.change_profile"],
    }
