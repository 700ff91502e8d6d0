"""manage.py export_notices --format jsonl|csv [--output FILE] — the notices as open data."""

import sys

from django.core.management.base import BaseCommand

from beschaffungsallianz.monitor.export import write_csv, write_jsonl


class Command(BaseCommand):
    help = (
        "Export notices (latest version only): JSON Lines, one per notice, or CSV, one row per lot."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        writer = write_jsonl if options["format"] == "jsonl" else write_csv
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = writer(out)
            self.stderr.write(
                f"{count} {'notices' if options['format'] == 'jsonl' else 'lots'} "
                f"written to {options['output']}"
            )
        else:
            try:
                writer(self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
            except BrokenPipeError:  # e.g. piped into `head`
                sys.stderr.close()
