"""manage.py fetch_notices --day YYYY-MM-DD | --month YYYY-MM [--ted] — download and import.

Daily job (see docs/monitor.md): ``manage.py fetch_notices --day $(date -d yesterday +%F)``.
"""

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from beschaffungsallianz.monitor import fetch
from beschaffungsallianz.monitor.importer import DEFAULT_BATCH_SIZE, run_import


def _day(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def _month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}")
    return text


def _issue(text: str) -> str:
    try:
        return fetch.parse_issue(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Download the notices published on a day or in a month — the national publication "
        "service's eForms export, or with --ted TED's daily package — into the cache, and "
        "import them. Exit status 1 if the download or any notice failed."
    )

    def add_arguments(self, parser):
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--day", type=_day, help="publication day, YYYY-MM-DD")
        period.add_argument("--month", type=_month, help="publication month, YYYY-MM")
        period.add_argument(
            "--issue", type=_issue, help="with --ted: OJ S issue, YYYYNNNNN (e.g. 202400123)"
        )
        parser.add_argument("--ted", action="store_true", help="TED daily package instead")
        parser.add_argument(
            "--base-url",
            help="service base URL (default: settings NOTICE_EXPORT_BASE_URL, or "
            "TED_PACKAGE_BASE_URL with --ted)",
        )
        parser.add_argument("--cache-dir", type=Path, help="default: settings NOTICE_CACHE_DIR")
        parser.add_argument(
            "--force", action="store_true", help="download again even if the file is cached"
        )
        parser.add_argument("--no-import", action="store_true", help="only download into the cache")
        parser.add_argument("--retries", type=int, default=fetch.DEFAULT_RETRIES)
        parser.add_argument(
            "--timeout",
            type=float,
            default=fetch.DEFAULT_TIMEOUT,
            help="seconds without data before an attempt is given up",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        if options["issue"] and not options["ted"]:
            raise CommandError("--issue is a TED issue number: use it with --ted")
        if options["ted"] and options["month"]:
            raise CommandError("TED packages are daily: use --ted with --day or --issue")
        progress = not options["no_progress"] and options["verbosity"] > 0
        cache_dir = options["cache_dir"] or Path(settings.NOTICE_CACHE_DIR)
        bar = tqdm(
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            disable=not progress,
            file=sys.stderr,
            mininterval=0.5,
            desc="download",
            leave=False,
        )

        def on_chunk(received, total):
            if total and bar.total != total:
                bar.reset(total=total)
            bar.update(received - bar.n)

        downloader = fetch.Downloader(
            retries=options["retries"], timeout=options["timeout"], on_progress=on_chunk
        )
        try:
            if options["ted"]:
                fetched = self._fetch_ted(downloader, cache_dir, options)
                source = fetch.TED
            else:
                fetched = fetch.fetch_national(
                    downloader,
                    base_url=options["base_url"] or settings.NOTICE_EXPORT_BASE_URL,
                    cache_dir=cache_dir,
                    day=options["day"],
                    month=options["month"],
                    force=options["force"],
                )
                source = fetch.NATIONAL
        except fetch.NothingPublished as exc:
            self.stdout.write(f"Nothing to import: {exc}.")
            return
        except fetch.FetchError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()

        if fetched.from_cache:
            self.stdout.write(f"Using the cached {fetched.path} (from {fetched.url}).")
        else:
            files = f", {fetched.members} files" if fetched.members is not None else ""
            self.stdout.write(
                f"Downloaded {fetched.url} to {fetched.path} "
                f"({fetched.size / 1024 / 1024:.1f} MiB{files})."
            )
        if options["no_import"]:
            return
        summary = run_import(
            [fetched.path],
            source=source,
            batch_size=options["batch_size"],
            progress=progress,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} notice(s) failed; see the lines above")

    def _fetch_ted(self, downloader, cache_dir, options):
        base_url = options["base_url"] or settings.TED_PACKAGE_BASE_URL
        issue = options["issue"]
        if issue is None:
            day = options["day"]
            cached = self._cached_issue(cache_dir, day)
            if cached and not options["force"]:
                issue = cached
            else:
                issue = fetch.resolve_ted_issue(
                    day, lambda number: fetch.probe_ted_issue(downloader, base_url, number)
                )
                self.stdout.write(f"{day} is OJ S issue {issue}.")
                self._remember_issue(cache_dir, day, issue)
        return fetch.fetch_ted(
            downloader,
            base_url=base_url,
            cache_dir=cache_dir,
            issue=issue,
            force=options["force"],
        )

    # A found day -> issue mapping is kept beside the packages, so a cached day needs no probe.
    @staticmethod
    def _issue_file(cache_dir: Path, day: date) -> Path:
        return Path(cache_dir) / fetch.TED / f"{day.isoformat()}.issue"

    def _cached_issue(self, cache_dir, day):
        path = self._issue_file(cache_dir, day)
        try:
            return fetch.parse_issue(path.read_text())
        except (OSError, ValueError):
            return None

    def _remember_issue(self, cache_dir, day, issue):
        path = self._issue_file(cache_dir, day)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(issue)
