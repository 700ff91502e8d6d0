"""Sending an issue to its subscribers: in batches, resumable, never twice to anyone.

For each recipient a ``Delivery(issue, subscriber)`` row is committed *before* the mail is
handed to the mail server; the unique constraint on (issue, subscriber) lets only one process
claim a recipient. If handing over fails (the server refuses, the connection breaks), the row
is deleted again and the error stops the run; the next run (``manage.py send_newsletter``, or
the admin's send button again) picks up everyone without a row. Should the process die
between the commit and the hand-over, that one recipient keeps a row without ``sent_at`` and
is not mailed again: at most once, never twice (docs/newsletter.md).

Recipients are the confirmed subscribers whose topics match the issue's (``interested_in``).
Progress: ``progress(issue)``, shown in the admin; ``Dispatch`` records start and end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from beschaffungsallianz.newsletter import content, mails
from beschaffungsallianz.newsletter.models.subscribers import Delivery, Dispatch, Subscriber

BATCH_SIZE = 100


@dataclass(frozen=True)
class Progress:
    delivered: int  # rows claimed (handed to the mail server, or lost in a crash)
    total: int  # delivered + confirmed subscribers still waiting for this issue
    started: bool
    finished: bool

    @property
    def remaining(self) -> int:
        return self.total - self.delivered


def recipients(issue):
    """Everyone the issue goes to (matching topics), whether or not they got it already."""
    return Subscriber.objects.interested_in(issue.topics, issue.product_group_ids())


def waiting(issue):
    """Recipients who have not got the issue yet, in a stable order."""
    return recipients(issue).exclude(deliveries__issue=issue).order_by("pk")


def progress(issue) -> Progress:
    delivered = Delivery.objects.filter(issue=issue).count()
    dispatch = Dispatch.objects.filter(issue=issue).first()
    return Progress(
        delivered=delivered,
        total=delivered + waiting(issue).count(),
        started=dispatch is not None,
        finished=dispatch is not None and dispatch.finished_at is not None,
    )


def send_issue(
    issue,
    *,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[Progress], None] | None = None,
) -> int:
    """Mail the issue to everyone waiting for it; returns how many mails this run sent.

    ``issue`` is the live page; ``issue.mail_links(subscriber)`` gives each one's links.
    """
    dispatch, _created = Dispatch.objects.get_or_create(issue=issue)
    items = content.issue_items(issue)
    sent = 0
    while batch := list(waiting(issue)[:batch_size]):
        with get_connection() as connection:
            for subscriber in batch:
                sent += _send_one(issue, items, subscriber, connection)
        if on_batch is not None:
            on_batch(progress(issue))
    dispatch.recipients = Delivery.objects.filter(issue=issue).count()
    dispatch.finished_at = dispatch.finished_at or timezone.now()
    dispatch.save(update_fields=["recipients", "finished_at"])
    return sent


def _send_one(issue, items, subscriber: Subscriber, connection) -> int:
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(issue=issue, subscriber=subscriber)
    except IntegrityError:  # another run claimed this recipient meanwhile
        return 0
    try:
        message = mails.issue_message(
            issue, items, subscriber, issue.mail_links(subscriber), connection=connection
        )
        message.send()
    except BaseException:
        delivery.delete()  # not handed over: the next run tries again
        raise
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return 1


def send_test(issue, address: str) -> int:
    """The issue (as it is now, draft included) to one address, marked as a test; no
    delivery is recorded. The unsubscribe links in it lead nowhere."""
    test = Subscriber(email=address, consented_at=timezone.now())
    return mails.issue_message(
        issue, content.issue_items(issue), test, issue.mail_links(test), test=True
    ).send()
