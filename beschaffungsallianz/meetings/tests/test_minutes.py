"""Minutes are versioned like the rules of procedure: a draft can be edited and approved at a
later meeting; an approved version is never changed, an edit makes a new version with a
mandatory change note; members see the history and a diff."""

import pytest
from django.urls import reverse

from beschaffungsallianz.meetings import services
from beschaffungsallianz.meetings.models import Minutes, MinutesLocked
from beschaffungsallianz.meetings.tests.factories import MinutesFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db


def test_approval_records_the_approving_meeting_and_date(past, upcoming):
    draft = MinutesFactory(meeting=past)

    services.approve_minutes(draft, at=upcoming, on=upcoming.start.date())

    draft.refresh_from_db()
    assert (draft.status, draft.approved_at, draft.approved_on) == (
        Minutes.Status.APPROVED,
        upcoming,
        upcoming.start.date(),
    )


def test_an_approved_version_cannot_be_changed(minutes):
    minutes.body = "<p>Heimlich geändert.</p>"

    with pytest.raises(MinutesLocked):
        minutes.save()

    minutes.refresh_from_db()
    assert "Heimlich" not in minutes.body


def test_a_draft_can_be_edited(past):
    draft = MinutesFactory(meeting=past)
    draft.body = "<p>Verbessert.</p>"
    draft.save()

    draft.refresh_from_db()
    assert draft.body == "<p>Verbessert.</p>"


def _edit_url(minutes):
    return reverse("wagtailsnippets_meetings_minutes:edit", args=[minutes.pk])


def _form_data(minutes, **changes):
    return {
        "meeting": minutes.meeting_id,
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Neuer Text", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "change_note": "",
        **changes,
    }


def test_editing_approved_minutes_in_the_admin_without_a_note_stores_nothing(client_as, minutes):
    response = client_as("coordinator").post(_edit_url(minutes), _form_data(minutes))

    assert response.status_code == 200
    assert Minutes.objects.count() == 1
    minutes.refresh_from_db()
    assert "Neuer Text" not in minutes.body


def test_editing_approved_minutes_in_the_admin_makes_a_new_version(client_as, minutes):
    response = client_as("coordinator").post(
        _edit_url(minutes), _form_data(minutes, change_note="Tippfehler berichtigt")
    )

    assert response.status_code == 302
    old, new = Minutes.objects.order_by("version")
    assert old.pk == minutes.pk and old.body == minutes.body and old.is_approved
    assert (new.version, new.status, new.change_note) == (2, "draft", "Tippfehler berichtigt")
    assert "Neuer Text" in new.body


def test_members_see_the_history_and_a_diff(client_as, minutes):
    new = services.revise_minutes(
        minutes, body="<p>Protokoll mit Ergänzung.</p>", change_note="Ergänzung"
    )
    client = client_as("arbeitskreis")

    history = client.get("/arbeitskreis/sitzungen/fruehjahr/protokoll/").content.decode()
    diff = client.get(
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/", {"von": minutes.pk, "zu": new.pk}
    )

    assert_contains(history, "Fassung 2", "Fassung 1", "Entwurf", "Ergänzung", "genehmigt am")
    assert diff.status_code == 200
    assert_contains(diff.content.decode(), "<ins>", "<del>", "Ergänzung")


def test_a_bad_version_choice_is_a_400_with_the_error_summary(client_as, minutes):
    services.revise_minutes(minutes, body="<p>Neu.</p>", change_note="neu")

    response = client_as("arbeitskreis").get(
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/", {"von": "999", "zu": minutes.pk}
    )

    assert response.status_code == 400
    assert_contains(response.content.decode(), 'id="error-summary"')
