"""/api/v1/events/: what the public pages show, never the online link or registrations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from beschaffungsallianz.events.tests.factories import EventPageFactory, RegistrationFactory
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_with_berlin_offset_and_without_private_data(client, event):
    RegistrationFactory(event=event, name="Erika Geheim")
    EventPageFactory(
        parent=event.get_parent(), title="Vorbei", start=timezone.now() - timedelta(days=9)
    )

    response = client.get("/api/v1/events/")

    assert response.status_code == 200
    (item,) = response.json()
    assert item["title"] == "Fachtag Beschaffung" and item["format"] == "hybrid"
    assert item["start"].endswith(("+01:00", "+02:00"))
    assert item["registration_open"] is True and item["is_upcoming"] is True
    assert item["ics_url"] == "http://testserver/termine/fachtag/kalender/"
    assert "geheimer-raum" not in response.content.decode()
    assert "Geheim" not in response.content.decode()


def test_past_filter_topic_and_year_only_event(client, index):
    group = ProductGroupFactory(slug="it-hardware")
    old = EventPageFactory(
        parent=index,
        title="1. Fachtag",
        start=datetime(2013, 1, 1, tzinfo=ZoneInfo("Europe/Berlin")),
        end=None,
        date_precision="year",
    )
    old.topics.add(group)
    old.save_revision().publish()

    past = client.get("/api/v1/events/", {"when": "past", "topic": "it-hardware"}).json()
    detail = client.get(f"/api/v1/events/{old.pk}/").json()

    assert [e["title"] for e in past] == ["1. Fachtag"]
    assert detail["date_precision"] == "year" and detail["ics_url"] is None
    assert detail["topics"] == ["it-hardware"]


@pytest.mark.parametrize(
    ("query", "status"),
    [({"topic": "gibt-es-nicht"}, 404), ({"format": "webinar"}, 422), ({"seite": "2"}, 422)],
)
def test_bad_parameters(client, index, query, status):
    assert client.get("/api/v1/events/", query).status_code == status


def test_unknown_or_draft_event_is_404(client, index):
    draft = EventPageFactory(parent=index, live=False)

    assert client.get(f"/api/v1/events/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/events/999999/").status_code == 404
