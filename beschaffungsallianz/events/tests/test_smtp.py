"""The confirmation mail through a real SMTP server started by the test (aiosmtpd), not the
test outbox: the message as a mail client receives it, with the .ics part."""

import email
import email.policy
import socket

import icalendar
import pytest
from aiosmtpd.controller import Controller

from beschaffungsallianz.events.models import Registration

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    handler = Collect()
    with socket.socket() as probe:  # a free port (aiosmtpd's start() cannot use port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


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
