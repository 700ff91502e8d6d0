"""manage.py check_links: check every external link of the library entries and practice
examples and store the result per link (shown to editors in the admin). Run it from a timer,
e.g. weekly: ``17 4 * * 1  cd /srv/app && .venv/bin/python manage.py check_links``."""

from django.core.management.base import BaseCommand

from beschaffungsallianz.library import linkcheck, links, services


class Command(BaseCommand):
    help = "Check the external links of library entries and practice examples."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=linkcheck.DEFAULT_WORKERS)
        parser.add_argument("--timeout", type=float, default=linkcheck.DEFAULT_TIMEOUT)
        parser.add_argument("--retries", type=int, default=linkcheck.DEFAULT_RETRIES)
        parser.add_argument("--backoff", type=float, default=linkcheck.DEFAULT_BACKOFF)

    def handle(self, *args, **options):
        counts = services.check_links(
            workers=options["workers"],
            timeout=options["timeout"],
            retries=options["retries"],
            backoff=options["backoff"],
        )
        total = sum(counts.values())
        self.stdout.write(
            f"{total} links checked: "
            + ", ".join(f"{outcome} {counts.get(outcome, 0)}" for outcome in _OUTCOMES)
        )
        for check in links.needing_attention():
            detail = check.final_url or check.error or ""
            self.stdout.write(f"  {check.outcome}: {check.url} {check.status_code or ''} {detail}")


_OUTCOMES = (linkcheck.OK, linkcheck.MOVED, linkcheck.BROKEN, linkcheck.UNREACHABLE)
