"""Load product groups, labels, state laws and practice examples from the reference CSV files
(idempotent; keeps what editors changed in the admin unless --overwrite)."""

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.knowledge.loaders import (
    DEFAULT_DIR,
    ReferenceDataError,
    load_reference_data,
)


class Command(BaseCommand):
    help = (
        "Load (create or update) product groups, labels, state laws and practice examples from "
        "the reference CSVs; values an editor changed since the last load are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(DEFAULT_DIR),
            help="directory with product-groups.csv, labels.csv, state-laws.csv, "
            "practice-examples.csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace values editors changed in the admin with the CSV's",
        )

    def handle(self, *args, dir, dry_run, overwrite, verbosity, **options):
        try:
            report = load_reference_data(dir, dry_run=dry_run, overwrite=overwrite)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "[dry run] " if dry_run else ""
        for name, model_report in report.models.items():
            self.stdout.write(f"{prefix}{name}: {model_report.summary()}")
            for key, diffs in model_report.kept.items():
                fields = ", ".join(diffs)
                self.stdout.write(
                    f"  = {key}: edited in the admin, kept ({fields}); --overwrite replaces it"
                )
            if verbosity >= 2:
                for key in model_report.created:
                    self.stdout.write(f"  + {key}")
                for key, diffs in model_report.updated.items():
                    self.stdout.write(f"  ~ {key}")
                    for fieldname, (old, new) in diffs.items():
                        self.stdout.write(f"      {fieldname}: {old!r} -> {new!r}")
        if not report.changed:
            self.stdout.write(self.style.SUCCESS(f"{prefix}Reference data is up to date."))
