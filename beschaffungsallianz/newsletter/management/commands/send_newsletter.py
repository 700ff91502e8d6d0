"""Send a published newsletter issue to its subscribers, in batches. Safe to re-run: a run
that was interrupted resumes and mails nobody twice (newsletter/sending.py).

    manage.py send_newsletter <issue id or slug> [--batch-size 100]
"""

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.newsletter import sending
from beschaffungsallianz.newsletter.models import NewsletterIssuePage


class Command(BaseCommand):
    help = "Send a newsletter issue (resumable; never twice to anyone)."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue's page id or slug.")
        parser.add_argument("--batch-size", type=int, default=sending.BATCH_SIZE)

    def handle(self, *args, **options):
        issue = self._issue(options["issue"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        before = sending.progress(issue)
        self.stdout.write(
            f"{issue.title}: {before.delivered} of {before.total} already sent, "
            f"{before.remaining} to go."
        )
        sent = sending.send_issue(
            issue,
            batch_size=options["batch_size"],
            on_batch=lambda p: self.stdout.write(f"  {p.delivered}/{p.total} sent"),
        )
        after = sending.progress(issue)
        self.stdout.write(
            f"{sent} mail(s) sent in this run; {after.delivered}/{after.total} in all."
        )

    def _issue(self, value) -> NewsletterIssuePage:
        issues = NewsletterIssuePage.objects.live()
        issue = issues.filter(pk=int(value)).first() if value.isdigit() else None
        issue = issue or issues.filter(slug=value).first()
        if issue is None:
            raise CommandError(f"No published newsletter issue {value!r}.")
        return issue
