"""What the public and the working group see of a meeting, the answer to an invitation, the
invitation mail with its .ics, and the GDPR hooks for answers."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from beschaffungsallianz.accounts.services import delete_account
from beschaffungsallianz.meetings import services
from beschaffungsallianz.meetings.models import Rsvp
from beschaffungsallianz.meetings.tests.checks import SECRET
from conftest import assert_contains

pytestmark = pytest.mark.django_db


def test_the_public_sees_that_a_meeting_took_place_and_its_summary_only(
    client, past, upcoming, minutes, decision
):
    listing = client.get("/arbeitskreis/sitzungen/").content.decode()
    detail = client.get("/arbeitskreis/sitzungen/fruehjahr/").content.decode()

    assert_contains(detail, "Der Arbeitskreis hat getagt.")
    for html in (listing, detail):
        assert SECRET not in html
        assert "raum-geheim" not in html  # the online link
        assert "/herbst/" not in html  # the upcoming meeting
        assert "beschluesse" not in html


def test_the_working_group_sees_agenda_place_link_minutes_and_decisions(
    client_as, past, minutes, decision
):
    response = client_as("arbeitskreis").get("/arbeitskreis/sitzungen/fruehjahr/")

    assert_contains(
        response.content.decode(),
        f"Ort {SECRET}",
        f"Punkt {SECRET}",
        f"Protokoll {SECRET}",
        "raum-geheim",
        "2025/1",
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/",
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_members_variant_is_never_stored_and_the_public_variant_never_shows_it(
    client, client_as, past, minutes
):
    url = "/arbeitskreis/sitzungen/fruehjahr/"
    members = client_as("arbeitskreis")
    assert SECRET in members.get(url).content.decode()
    members.logout()
    client.cookies.clear()

    first = client.get(url)
    second = client.get(url)

    assert SECRET not in first.content.decode()
    assert SECRET not in second.content.decode()
    assert "public" in second["Cache-Control"]  # the anonymous variant is the cached one


def test_agenda_items_keep_the_editors_order(client_as, upcoming):
    html = client_as("arbeitskreis").get("/arbeitskreis/sitzungen/herbst/").content.decode()

    assert html.index("Begrüßung") < html.index("Berichte")


# --- answers ------------------------------------------------------------------------------


def test_a_member_of_the_working_group_answers_and_can_change_the_answer(
    client_as, arbeitskreis, upcoming
):
    client = client_as("arbeitskreis")
    url = "/arbeitskreis/sitzungen/herbst/antwort/"
    form = client.get(url).content.decode()
    assert "---------" not in form  # three answers, no empty radio button

    response = client.post(url, {"answer": "maybe", "note": "Komme später"})
    assert response.status_code == 302
    assert response["Location"] == "/arbeitskreis/sitzungen/herbst/#antwort"
    client.post(url, {"answer": "yes", "note": ""})

    rsvp = Rsvp.objects.get()
    assert (rsvp.user, rsvp.meeting, rsvp.answer) == (arbeitskreis, upcoming, "yes")
    page = client.get("/arbeitskreis/sitzungen/herbst/").content.decode()
    assert_contains(page, "Ja, ich nehme teil")


@pytest.mark.parametrize(
    "data",
    [{}, {"answer": "vielleicht"}, {"answer": "yes", "note": "x" * 501}],
    ids=["nothing", "unknown-answer", "note-too-long"],
)
def test_bad_answer_shows_the_error_summary_and_stores_nothing(client_as, upcoming, data):
    response = client_as("arbeitskreis").post("/arbeitskreis/sitzungen/herbst/antwort/", data)

    assert response.status_code == 200
    assert_contains(response.content.decode(), 'id="error-summary"')
    assert not Rsvp.objects.exists()


def test_nobody_outside_the_working_group_can_answer(client_as, upcoming):
    for persona in ("member", "coordinator", "editor"):
        response = client_as(persona).post(
            "/arbeitskreis/sitzungen/herbst/antwort/", {"answer": "yes"}
        )
        assert response.status_code == 403, persona
    assert not Rsvp.objects.exists()


# --- invitation ---------------------------------------------------------------------------


def test_invitation_mails_every_member_of_the_working_group_with_agenda_and_ics(
    user_for, upcoming, django_capture_on_commit_callbacks
):
    member = user_for("arbeitskreis")
    user_for("member")  # not in the working group: no mail
    user_for("coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            upcoming,
            meeting_url="https://example.org/arbeitskreis/sitzungen/herbst/",
            answer_url="https://example.org/arbeitskreis/sitzungen/herbst/antwort/",
        )

    assert [message.to for message in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert_contains(
        message.body,
        "1. Begrüßung",
        "2. Berichte",
        "Rathaus Erfurt, Raum 1",
        "https://example.org/raum-geheim",
        "https://example.org/arbeitskreis/sitzungen/herbst/antwort/",
        f"Einladung {SECRET}",
    )
    name, content, mimetype = message.attachments[0]
    assert name == "sitzung-herbst.ics"
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Sitzung des Arbeitskreises"
    assert event.decoded("DTSTART") == upcoming.start
    assert "raum-geheim" in event["LOCATION"]
    upcoming.refresh_from_db()
    assert upcoming.invited_at is not None


def test_a_meeting_that_took_place_cannot_be_invited_to(past):
    with pytest.raises(services.NotPossible):
        services.invite(past, meeting_url="x", answer_url="y")
    assert not mail.outbox


# --- GDPR ---------------------------------------------------------------------------------


def test_answers_are_in_the_data_download_and_go_with_the_account(
    client_as, arbeitskreis, upcoming
):
    client = client_as("arbeitskreis")
    client.post("/arbeitskreis/sitzungen/herbst/antwort/", {"answer": "no", "note": "Urlaub"})

    data = json.loads(client.get(reverse("accounts:data-export")).content)
    assert data["meeting_answers"][0]["answer"] == "no"
    assert data["meeting_answers"][0]["note"] == "Urlaub"

    delete_account(arbeitskreis, keep_posts=False)
    assert not Rsvp.objects.exists()
