"""Delete newsletter sign-ups not confirmed within 7 days, and the hashed proofs of former
subscribers after 3 years (docs/newsletter.md). Run daily from a timer, like
purge_registrations."""

from django.core.management.base import BaseCommand

from beschaffungsallianz.newsletter.services import purge_subscribers


class Command(BaseCommand):
    help = "Delete unconfirmed newsletter sign-ups and expired proofs of former subscribers."

    def handle(self, *args, **options):
        pending, proofs = purge_subscribers()
        self.stdout.write(
            f"{pending} unconfirmed sign-up(s) and {proofs} proof(s) of former subscribers deleted."
        )
