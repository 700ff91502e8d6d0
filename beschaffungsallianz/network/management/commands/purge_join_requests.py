"""Delete declined and stale join requests after the retention period (run daily by cron)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from beschaffungsallianz.network.models import JoinRequest


def purgeable_join_requests(now: datetime.datetime | None = None, days: int | None = None):
    """Declined requests, and new/in-contact ones without any change, older than ``days``."""
    days = settings.JOIN_REQUEST_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    declined = Q(status=JoinRequest.Status.DECLINED, status_changed_at__lt=cutoff)
    stale = Q(
        status__in=JoinRequest.OPEN_STATUSES,
        status_changed_at__lt=cutoff,
        updated_at__lt=cutoff,
    )
    return JoinRequest.objects.filter(declined | stale)


class Command(BaseCommand):
    help = (
        "Delete declined join requests and stale open ones (new or in contact, unchanged) older "
        "than JOIN_REQUEST_RETENTION_DAYS (default 180)."
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
        candidates = purgeable_join_requests(days=days)
        declined = candidates.filter(status=JoinRequest.Status.DECLINED).count()
        stale = candidates.exclude(status=JoinRequest.Status.DECLINED).count()
        if dry_run:
            self.stdout.write(
                f"Would delete {declined} declined and {stale} stale join requests "
                f"(older than {days} days)."
            )
            return
        candidates.delete()
        self.stdout.write(
            f"Deleted {declined} declined and {stale} stale join requests (older than {days} days)."
        )
