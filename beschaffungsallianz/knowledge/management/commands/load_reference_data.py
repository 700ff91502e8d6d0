"""Load product groups, labels and state laws from the reference CSV files (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.knowledge.loaders import (
    DEFAULT_DIR,
    ReferenceDataError,
    load_reference_data,
)


class Command(BaseCommand):
    help = "Load (create or update) product groups, labels and state laws from reference CSVs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(DEFAULT_DIR),
            help="directory with product-groups.csv, labels.csv, state-laws.csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args, dir, dry_run, verbosity, **options):
        try:
            report = load_reference_data(dir, dry_run=dry_run)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "[dry run] " if dry_run else ""
        for name, model_report in report.models.items():
            self.stdout.write(f"{prefix}{name}: {model_report.summary()}")
            if verbosity >= 2:
                for key in model_report.created:
                    self.stdout.write(f"  + {key}")
                for key, diffs in model_report.updated.items():
                    self.stdout.write(f"  ~ {key}")
                    for fieldname, (old, new) in diffs.items():
                        self.stdout.write(f"      {fieldname}: {old!r} -> {new!r}")
        if not report.changed:
            self.stdout.write(self.style.SUCCESS(f"{prefix}Reference data is up to date."))
