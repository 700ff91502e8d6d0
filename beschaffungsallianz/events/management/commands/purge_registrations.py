"""Delete the registrations of events that ended more than EVENT_REGISTRATION_RETENTION_DAYS
days ago (default 90). Run daily from a timer, like purge_join_requests."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.events.services import purge_registrations


class Command(BaseCommand):
    help = "Delete participants' data a configurable time after their event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days after the event (default: EVENT_REGISTRATION_RETENTION_DAYS).",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = settings.EVENT_REGISTRATION_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must not be negative.")
        deleted = purge_registrations(days=days)
        self.stdout.write(f"{deleted} registration(s) deleted (events over {days} days ago).")
