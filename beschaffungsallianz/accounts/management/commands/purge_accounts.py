"""Delete stale accounts in two phases (docs/accounts.md): warn first, delete after the grace
period. Run daily from a timer; a second run on the same day changes nothing."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from beschaffungsallianz.accounts.services import purge_accounts
from beschaffungsallianz.core.links import absolute_url


class Command(BaseCommand):
    help = (
        "Warn, then delete accounts not confirmed within ACCOUNT_UNVERIFIED_DAYS and accounts "
        "without a login for ACCOUNT_INACTIVE_DAYS (ACCOUNT_PURGE_GRACE_DAYS after the warning)."
    )

    def handle(self, *args, **options):
        result = purge_accounts(timezone.now(), login_url=absolute_url(reverse("account_login")))
        self.stdout.write(
            f"Accounts: {result.warned} warned, {result.deleted} deleted, "
            f"{result.cleared} warnings withdrawn."
        )
