"""manage.py rebuild_rollups — recompute the statistics roll-ups from all lots."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.monitor import rollups
from beschaffungsallianz.monitor.forms import MonthField


class Command(BaseCommand):
    help = (
        "Recompute the statistics roll-ups (MonitorRollup) from the lots: after a bulk load "
        "outside the importer, a change of the counting rules, or to repair them. "
        "With --month YYYY-MM only those months."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--month",
            action="append",
            default=[],
            metavar="YYYY-MM",
            help="Only this month (repeatable).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["month"]:
            field = MonthField()
            try:
                months = {field.clean(value) for value in options["month"]}
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            rows = rollups.refresh_rollups_for(months)
        else:
            rows = rollups.rebuild_rollups()
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} roll-up rows written in {time.monotonic() - started:.1f} s."
            )
        )
