"""Registrations in the admin: every URL Wagtail registers, per persona (personal data:
coordinators and admins only), the XLSX/CSV export and the mail to all participants."""

import pytest
from django.core import mail

from beschaffungsallianz.events.models import Registration
from beschaffungsallianz.events.tests.checks import assert_moved_up
from beschaffungsallianz.events.tests.factories import RegistrationFactory
from conftest import LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/events/registration/"


def _expected(persona, admin_url):
    """Login for anonymous and members, 403 for editors, 200 for coordinators and admins
    (nobody adds registrations: Wagtail's redirect)."""
    if persona in ("anonymous", "member"):
        return LOGIN
    if persona == "editor":
        # The editing-session ping is Wagtail's generic URL, not the viewset's: it answers 404.
        return 404 if admin_url.view == "ping" else 403
    if admin_url.view in ("add", "create"):
        return "302 /admin/"
    return 200


def test_registration_admin_urls_per_persona(persona, event):
    name, client = persona
    registration = RegistrationFactory(event=event, name="Erika Geheim")
    urls = admin_urls_for(Registration, registration)
    views = {url.view for url in urls}
    assert {"list", "edit", "mail", "choose", "chosen", "bulk:delete"} <= views
    assert_admin_matrix(client, name, urls, _expected)


def test_editor_sees_no_participant_anywhere(client, editor, event):
    RegistrationFactory(event=event, name="Erika Geheim")
    client.force_login(editor)

    for url in (LIST, f"{LIST}?export=csv", f"{LIST}mail/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Geheim" not in response.content.decode()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_coordinator_exports_the_list(client, coordinator, event, export):
    RegistrationFactory(event=event, name="Erika Muster", needs="vegan")
    client.force_login(coordinator)

    response = client.get(LIST, {"export": export})

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        text = content.decode("utf-8-sig")
        assert "Erika Muster" in text and "vegan" in text and "Fachtag Beschaffung" in text
    else:
        assert content[:2] == b"PK"  # an XLSX file is a zip archive


def test_coordinator_mails_all_confirmed_participants_one_mail_each(client, coordinator, event):
    first = RegistrationFactory(event=event, email="a@example.org")
    second = RegistrationFactory(event=event, email="b@example.org")
    RegistrationFactory(event=event, email="w@example.org", status=Registration.Status.WAITLISTED)
    client.force_login(coordinator)

    response = client.post(
        f"{LIST}mail/",
        {"event": event.pk, "subject": "Raumänderung", "body": "Wir treffen uns im Saal 2."},
    )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [first.email, second.email]
    assert all(len(m.to) == 1 and m.reply_to == ["coordinator@example.org"] for m in mail.outbox)
    assert mail.outbox[0].subject == "Raumänderung"


def test_mail_form_with_missing_subject_sends_nothing(client, coordinator, event):
    RegistrationFactory(event=event)
    client.force_login(coordinator)

    response = client.post(f"{LIST}mail/", {"event": event.pk, "subject": "", "body": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["subject"]
    assert mail.outbox == []


def test_coordinator_deleting_a_confirmed_registration_moves_the_waiting_list_up(
    client, coordinator, event
):
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, email="wartend@example.org", status=Registration.Status.WAITLISTED
    )
    client.force_login(coordinator)

    response = client.post(f"{LIST}delete/{confirmed.pk}/")

    assert response.status_code == 302
    message = assert_moved_up(confirmed, waiting)
    assert "/termine/fachtag/teilnahme/" in message.body
