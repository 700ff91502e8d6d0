"""Registration through the public form: confirmation with .ics, the personal link, the
waiting list moving up on cancellation, and every refusal storing nothing."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from beschaffungsallianz.events.models import Registration
from beschaffungsallianz.events.tests.checks import assert_moved_up
from beschaffungsallianz.events.tests.factories import EventPageFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = "/termine/fachtag/anmelden/"


def _data(**extra):
    data = {
        "name": "Erika Muster",
        "organisation": "Stadt Weimar",
        "email": "erika@example.org",
        "needs": "vegetarisch",
        "consent": "on",
    }
    data.update(extra)
    return data


def _personal_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/teilnahme/" in line)
    return line.strip().removeprefix("http://testserver")


def test_registration_is_confirmed_with_calendar_file_and_personal_link(client, event):
    response = client.post(FORM, _data())

    assert response.status_code == 302 and response["Location"] == FORM
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.needs == "vegetarisch" and registration.language == "de"
    assert registration.consented_at is not None
    (message,) = mail.outbox
    assert message.to == ["erika@example.org"]
    assert "Fachtag Beschaffung" in message.subject
    assert "https://example.org/geheimer-raum" in message.body  # confirmed: the online link
    (name, content, mimetype) = message.attachments[0]
    assert name == "fachtag.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == timezone.localtime(event.start)
    assert str(vevent["summary"]) == "Fachtag Beschaffung"
    thanks = client.get(FORM).content.decode()
    assert "Sie sind angemeldet" in thanks and 'method="post"' not in thanks


def test_personal_page_shows_online_link_only_to_confirmed_participants(client, event):
    client.post(FORM, _data())
    link = _personal_link(mail.outbox[0])

    personal = client.get(link)
    public = client.get(event.url).content.decode()

    assert personal.status_code == 200
    assert "https://example.org/geheimer-raum" in personal.content.decode()
    assert "no-store" in personal["Cache-Control"] and personal["X-Robots-Tag"] == "noindex"
    assert "geheimer-raum" not in public
    assert b"geheimer-raum" not in client.get("/termine/fachtag/kalender/").content
    assert b"geheimer-raum" not in client.get("/termine/kalender/").content
    assert b"geheimer-raum" not in client.get("/termine/feed/").content


def test_waiting_list_moves_up_on_cancellation_and_the_person_is_told(client, event):
    for n in range(2):
        RegistrationFactory(event=event, email=f"early{n}@example.org")
    client.post(FORM, _data(email="first@example.org", name="Erste Wartende"))
    waiting = Registration.objects.get(email="first@example.org")
    assert waiting.status == Registration.Status.WAITLISTED
    assert mail.outbox[0].subject.startswith("Auf der Warteliste")
    assert "geheimer-raum" not in mail.outbox[0].body  # no online link on the waiting list
    waiting_page = client.get(_personal_link(mail.outbox[0])).content.decode()
    assert "geheimer-raum" not in waiting_page

    # A confirmed participant cancels through the personal link.
    confirmed = Registration.objects.get(email="early0@example.org")
    mail.outbox.clear()
    response = client.post(event.personal_url(confirmed).removeprefix("http://testserver"))

    assert response.status_code == 200
    message = assert_moved_up(confirmed, waiting)
    assert "geheimer-raum" in message.body
    assert message.attachments[0][0] == "fachtag.ics"


def test_cancelling_from_the_waiting_list_moves_nobody_up(client, event):
    for _n in range(2):
        RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    client.post(event.personal_url(waiting).removeprefix("http://testserver"))

    assert not Registration.objects.filter(pk=waiting.pk).exists()
    assert Registration.objects.confirmed().count() == 2
    assert mail.outbox == []


def test_full_event_rejects_politely_and_stores_nothing(client, event):
    for _n in range(2):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    page = client.get(FORM)
    response = client.post(FORM, _data())

    assert page.status_code == 200 and 'method="post"' not in page.content.decode()
    assert response.status_code == 409
    assert "erika@example.org" not in Registration.objects.values_list("email", flat=True)
    assert Registration.objects.count() == 3
    assert mail.outbox == []


def test_registration_after_the_deadline_is_refused(client, event):
    event.registration_deadline = timezone.now() - timedelta(hours=1)
    event.save_revision().publish()

    response = client.post(FORM, _data())

    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_the_same_address_cannot_register_twice(client, event):
    client.post(FORM, _data())
    response = client.post(FORM, _data(email="ERIKA@example.org"))

    assert response.status_code == 409
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("email", "keine-adresse"), ("consent", ""), ("needs", "x" * 2001)],
)
def test_bad_input_shows_errors_and_stores_nothing(client, event, field, value):
    response = client.post(FORM, _data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'id="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_honeypot_stores_nothing(client, event):
    response = client.post(FORM, _data(homepage="http://spam.example"))

    assert response.status_code == 200
    assert response.context["form"].honeypot_triggered
    assert not Registration.objects.exists()


def test_rate_limit_answers_429_and_stores_nothing(client, event, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 1
    client.post(FORM, _data(email="a@example.org"))

    response = client.post(FORM, _data(email="b@example.org"))

    assert response.status_code == 429
    assert "Zu viele Einsendungen aus Ihrem Netzwerk" in response.content.decode()
    assert list(Registration.objects.values_list("email", flat=True)) == ["a@example.org"]


def test_forged_or_foreign_personal_links_are_404(client, event, index):
    registration = RegistrationFactory(event=event)
    other = EventPageFactory(parent=index, slug="anderer", registration_enabled=True)
    good = event.personal_url(registration).removeprefix("http://testserver")
    key, signature = good.rstrip("/").split("/")[-2:]

    assert client.get(good).status_code == 200
    assert client.get(good.replace(signature, signature[:-2] + "xx")).status_code == 404
    assert client.get(f"{other.url}teilnahme/{key}/{signature}/").status_code == 404
    assert client.post(f"{other.url}teilnahme/{key}/{signature}/").status_code == 404
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_event_without_registration_has_no_form(client, index):
    EventPageFactory(parent=index, slug="ohne")

    assert client.get("/termine/ohne/anmelden/").status_code == 404
    assert client.post("/termine/ohne/anmelden/", _data()).status_code == 404


def test_the_english_page_shares_places_and_the_personal_link_works_there(client, event):
    from beschaffungsallianz.core.tests.factories import translate

    translate(event.get_parent().get_parent(), title="Home")
    translate(event.get_parent(), title="Events")
    english = translate(event, title="Procurement conference")
    RegistrationFactory(event=event)

    response = client.post(f"{english.url}anmelden/", _data())

    assert english.url == "/en/termine/fachtag/"
    assert response.status_code == 302
    registration = Registration.objects.get(email="erika@example.org")
    assert registration.event_id == event.pk and registration.language == "en"
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[0].subject.startswith("Registration confirmed")
    link = _personal_link(mail.outbox[0])
    assert link.startswith("/en/termine/fachtag/teilnahme/")
    assert client.get(link).status_code == 200
    # Both places are taken now, on either page: the next goes on the waiting list.
    client.post(FORM, _data(email="third@example.org"))
    assert Registration.objects.get(email="third@example.org").status == "waitlisted"


def test_page_cache_keeps_the_event_page_current_and_never_stores_the_form(client, event, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Noch 2 Plätze frei." in client.get(event.url).content.decode()
    form = client.get(FORM)

    RegistrationFactory(event=event)

    assert "Noch 1 Platz frei." in client.get(event.url).content.decode()
    assert "no-store" in form["Cache-Control"]
    assert "no-store" in client.get(FORM)["Cache-Control"]
