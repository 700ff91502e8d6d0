"""manage.py import_notices PATH... — import eForms notices from files, folders and packages."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from beschaffungsallianz.monitor.importer import DEFAULT_BATCH_SIZE, import_sources
from beschaffungsallianz.monitor.models import Notice
from beschaffungsallianz.monitor.sources import iter_sources


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


def run_import(paths, *, source, batch_size, progress, stdout, stderr):
    """Shared by import_notices and fetch_notices: import with a progress bar and a summary."""
    bar = tqdm(
        unit=" notices",
        disable=not progress,
        file=sys.stderr,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    reported = 0

    def on_progress(summary):
        nonlocal reported
        bar.update(summary.read - bar.n)
        bar.set_postfix(
            new=summary.new,
            upd=summary.updated,
            skip=summary.skipped,
            fail=summary.failed,
            refresh=False,
        )
        while reported < len(summary.errors):
            bar.clear()
            stderr.write(f"ERROR {summary.errors[reported]}")
            reported += 1

    try:
        summary = import_sources(
            iter_sources(paths),
            source=source,
            batch_size=batch_size,
            on_progress=on_progress,
            label=" ".join(str(p) for p in paths),
        )
    finally:
        bar.close()
    on_progress(summary)
    stdout.write(f"Import finished: {summary.as_line()}")
    return summary
