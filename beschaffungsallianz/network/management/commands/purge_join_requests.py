"""Apply the join requests' retention period (run daily by cron): see
``services.purge_join_requests``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.network.services import purge_join_requests


class Command(BaseCommand):
    help = (
        "Delete declined join requests and stale open ones (new or in contact, unchanged), and "
        "the personal data of accepted ones, older than JOIN_REQUEST_RETENTION_DAYS (default "
        "180). Organisations and memberships stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period in days (default: the setting).",
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must not be negative.")
        days = settings.JOIN_REQUEST_RETENTION_DAYS if days is None else days
        counts = purge_join_requests(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts.declined} declined and {counts.stale} stale join requests, and the "
            f"personal data of {counts.accepted} accepted (older than {days} days)."
        )
