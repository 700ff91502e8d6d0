"""Daily digest of the members' exchange (run once a day from a timer, docs/operations.md)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from beschaffungsallianz.exchange.tasks import send_digests


class Command(BaseCommand):
    help = "Mail the daily digest of new replies to members who chose it in their profile."

    def handle(self, *args, **options):
        sent = send_digests(timezone.now())
        self.stdout.write(f"{sent} digest mail(s) sent.")
