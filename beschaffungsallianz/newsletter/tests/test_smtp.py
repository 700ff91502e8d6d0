"""A newsletter through a real SMTP server started by the test (aiosmtpd), not the test
outbox: the message as a mail program receives it, with both parts and the RFC 8058 headers;
the one-click POST to the header's URL unsubscribes."""

import email
import email.policy

import pytest
from django.core.management import call_command
from django.test import Client

from beschaffungsallianz.newsletter.models import Subscriber
from beschaffungsallianz.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_a_delivered_issue_has_both_parts_and_the_one_click_headers(issue, smtp_server):
    subscriber = SubscriberFactory(email="erika@example.org")

    call_command("send_newsletter", "maerz", stdout=open("/dev/null", "w"))  # noqa: SIM115

    ((recipients, raw),) = smtp_server.messages
    assert recipients == ["erika@example.org"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Newsletter März"
    assert message["From"].addresses[0].display_name.startswith("Thüringer Beschaffungsallianz")
    assert message.get_content_type() == "multipart/alternative"
    one_click = message["List-Unsubscribe"].strip()  # folded: the URL is long
    assert one_click == (
        f"<http://testserver/newsletter-abmelden/{subscriber.key}/"
        f"{subscriber.unsubscribe_signature}/>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Aus dem Arbeitskreis" in text and "/newsletter/abmelden/" in text
    assert "<h2" in html and "/newsletter/abmelden/" in html

    # The mail program's one-click POST (RFC 8058): no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        one_click.strip("<>").removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
