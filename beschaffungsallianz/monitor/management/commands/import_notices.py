"""manage.py import_notices PATH... — import eForms notices from files, folders and packages."""

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.monitor.importer import DEFAULT_BATCH_SIZE, run_import
from beschaffungsallianz.monitor.models.notices import Notice


class Command(BaseCommand):
    help = (
        "Import eForms notices (XML files, directories, .zip and .tar.gz packages such as the "
        "national service's eforms.zip export or TED daily packages). Re-running is safe: a "
        "notice is only replaced by a newer version. Exit status 1 if any notice failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="XML files, directories or packages")
        parser.add_argument(
            "--source",
            choices=[c for c, _label in Notice.Source.choices],
            default=Notice.Source.FILE,
            help="where the notices come from (default: file)",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        summary = run_import(
            options["paths"],
            source=options["source"],
            batch_size=options["batch_size"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} notice(s) failed; see the lines above")
