"""The newsletter's mails, each multipart (plain text first, HTML as the alternative), from the
alliance's name, with the sender and imprint in the footer (``core.site_settings.imprint``):

- ``issue_message``: an issue for one subscriber, with the one-click unsubscribe link in the
  footer and the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058);
- ``confirmation_message``: the double opt-in link after a sign-up;
- ``already_subscribed_message``: a sign-up for an address that is already confirmed gets this
  instead (the form's answer is the same either way, so it reveals nothing).

The callers pass the absolute links; this module needs no page model.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from beschaffungsallianz.core.site_settings import alliance_name, imprint
from beschaffungsallianz.newsletter.models.subscribers import PENDING_DAYS, Subscriber

ONE_CLICK = "List-Unsubscribe=One-Click"


@dataclass(frozen=True)
class IssueLinks:
    """The absolute links of one subscriber's copy of an issue."""

    web: str  # the issue in the archive
    unsubscribe: str  # the page with the confirm button (in the footer)
    one_click: str  # the List-Unsubscribe URL (RFC 8058 POST, no CSRF token)


def sender() -> str:
    """The alliance's name and DEFAULT_FROM_EMAIL's address (Django encodes the name)."""
    return str(
        Address(display_name=alliance_name(), addr_spec=parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    )


def _message(subject, template, context, to, *, headers=None, connection=None):
    context = {**context, "subject": subject, "imprint": imprint()}
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"newsletter/mail/{template}.txt", context),
        sender(),
        [to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(
        render_to_string(f"newsletter/mail/{template}.html", context), "text/html"
    )
    return message


def issue_message(
    issue, items, subscriber: Subscriber, links: IssueLinks, *, connection=None, test=False
):
    """``items``: ``content.issue_items(issue)``, computed once per send. ``test``: the
    subject says "[Test]"."""
    with translation.override(issue.locale.language_code):
        subject = issue.mail_subject
        if test:
            subject = f"[{_('Test')}] {subject}"
        context = {
            "issue": issue,
            "items": items,
            "links": links,
            "subscriber": subscriber,
            "language": issue.locale.language_code,
        }
        headers = {"List-Unsubscribe": f"<{links.one_click}>", "List-Unsubscribe-Post": ONE_CLICK}
        return _message(
            subject, "issue", context, subscriber.email, headers=headers, connection=connection
        )


def confirmation_message(subscriber: Subscriber, confirm_url: str):
    with translation.override(subscriber.language):
        subject = _("Please confirm your newsletter subscription")
        context = {
            "confirm_url": confirm_url,
            "days": PENDING_DAYS,
            "language": subscriber.language,
        }
        return _message(subject, "confirm", context, subscriber.email)


def already_subscribed_message(subscriber: Subscriber, unsubscribe_url: str, language: str):
    with translation.override(language):
        subject = _("You are already subscribed to our newsletter")
        context = {"unsubscribe_url": unsubscribe_url, "language": language}
        return _message(subject, "already_subscribed", context, subscriber.email)
