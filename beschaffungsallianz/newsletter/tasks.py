"""Mails a request triggers, run by django_tasks (immediately, or by a worker):

- ``mail_confirmation``: the double opt-in link after a sign-up (or "already subscribed");
- ``send_issue``: the admin's send button; the same work as ``manage.py send_newsletter``
  (``sending.send_issue``: batches, resumable, never twice).
"""

from django_tasks import task
from wagtail.models import Page

from beschaffungsallianz.newsletter import mails, sending
from beschaffungsallianz.newsletter.models.subscribers import Subscriber


@task()
def mail_confirmation(subscriber_id: int, confirm_url: str) -> int:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status="pending").first()
    if subscriber is None:
        return 0
    return mails.confirmation_message(subscriber, confirm_url).send()


@task()
def mail_already_subscribed(subscriber_id: int, unsubscribe_url: str, language: str) -> int:
    subscriber = Subscriber.objects.confirmed().filter(pk=subscriber_id).first()
    if subscriber is None:
        return 0
    return mails.already_subscribed_message(subscriber, unsubscribe_url, language).send()


@task()
def send_issue(issue_id: int) -> int:
    page = Page.objects.live().filter(pk=issue_id).first()
    if page is None:
        return 0
    return sending.send_issue(page.specific)
