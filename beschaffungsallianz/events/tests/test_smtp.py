"""The confirmation mail through a real SMTP server started by the test (aiosmtpd), not the
test outbox: the message as a mail client receives it, with the .ics part."""

import email
import email.policy

import icalendar
import pytest

from beschaffungsallianz.events.models import Registration

pytestmark = pytest.mark.django_db


def test_confirmation_with_calendar_file_arrives_through_smtp(client, event, smtp_server):
    response = client.post(
        "/termine/fachtag/anmelden/",
        {"name": "Erika Muster", "email": "erika@example.org", "consent": "on"},
    )

    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    ((recipients, raw),) = smtp_server.messages
    assert recipients == ["erika@example.org"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Anmeldung bestätigt: Fachtag Beschaffung"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "/termine/fachtag/teilnahme/" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "fachtag.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Fachtag Beschaffung"
    assert "geheimer-raum" in str(vevent["location"])  # a confirmed participant's file
