"""/termine/: listing (upcoming first, archive by year), filters, .ics files parsed back with
icalendar, the calendar feeds, the Atom feed, the start page's next events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beschaffungsallianz.events.tests.factories import EventPageFactory
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _at(*args):
    return datetime(*args, tzinfo=BERLIN)


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_upcoming_first_soonest_first_then_archive_by_year(client, index):
    now = timezone.now()
    EventPageFactory(parent=index, title="Später", start=now + timedelta(days=20))
    EventPageFactory(parent=index, title="Bald", start=now + timedelta(days=2))
    EventPageFactory(parent=index, title="Fachtag 2015", start=_at(2015, 6, 2), end=None)
    EventPageFactory(parent=index, title="Fachtag 2018", start=_at(2018, 10, 17), end=None)
    EventPageFactory(parent=index, title="Auch 2018", start=_at(2018, 3, 1), end=None)

    response = client.get("/termine/")

    assert response.status_code == 200
    assert [e.title for e in response.context["upcoming"]] == ["Bald", "Später"]
    archive = [(year, [e.title for e in items]) for year, items in response.context["archive"]]
    assert archive == [(2018, ["Fachtag 2018", "Auch 2018"]), (2015, ["Fachtag 2015"])]
    html = response.content.decode()
    assert html.index("Bald") < html.index("Fachtag 2018") < html.index("Fachtag 2015")


def test_event_ending_later_today_is_still_upcoming(client, index):
    EventPageFactory(
        parent=index,
        title="Läuft",
        start=timezone.now() - timedelta(hours=1),
        end=timezone.now() + timedelta(hours=1),
    )

    assert [e.title for e in client.get("/termine/").context["upcoming"]] == ["Läuft"]


def test_filters_by_format_topic_and_organiser(client, index):
    group = ProductGroupFactory(slug="it-hardware", name="IT-Hardware")
    organiser = OrganisationFactory(name="Stadt Jena")
    online = EventPageFactory(parent=index, title="Online-Seminar", event_format="online")
    on_topic = EventPageFactory(parent=index, title="IT-Tag", organiser=organiser)
    on_topic.topics.add(group)
    on_topic.save_revision().publish()
    EventPageFactory(parent=index, title="Anderes")

    def titles(query):
        response = client.get("/termine/", query)
        assert response.status_code == 200
        return {e.title for e in response.context["upcoming"]}

    assert titles({"format": "online"}) == {online.title}
    assert titles({"thema": "it-hardware"}) == {"IT-Tag"}
    assert titles({"veranstalter": organiser.pk}) == {"IT-Tag"}
    assert titles({}) == {"Online-Seminar", "IT-Tag", "Anderes"}


@pytest.mark.parametrize(
    "query", [{"format": "webinar"}, {"thema": "gibt-es-nicht"}, {"veranstalter": "x"}]
)
def test_unknown_filter_value_is_400_with_a_message_and_all_events(client, index, query):
    EventPageFactory(parent=index, title="Kommt")

    response = client.get("/termine/", query)

    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert [e.title for e in response.context["upcoming"]] == ["Kommt"]


def test_ics_of_an_event_parses_back_with_berlin_time_zone(client, index):
    event = EventPageFactory(
        parent=index,
        title="Fachtag",
        slug="fachtag",
        start=_at(2027, 3, 30, 10, 0),  # summer time starts on 28 March 2027
        end=_at(2027, 3, 30, 16, 0),
        venue="Rathaus",
        city="Erfurt",
    )

    calendar = _parse(client.get("/termine/fachtag/kalender/"))

    assert str(calendar["version"]) == "2.0"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == _at(2027, 3, 30, 10, 0)
    assert vevent["dtstart"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("dtend").utcoffset() == timedelta(hours=2)
    assert str(vevent["location"]) == "Rathaus, Erfurt"
    assert str(vevent["url"]) == f"http://testserver{event.url}"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Berlin"


def test_day_only_event_is_an_all_day_entry_and_year_only_has_none(client, index):
    EventPageFactory(
        parent=index, slug="tag", start=_at(2015, 6, 2), end=None, date_precision="day"
    )
    EventPageFactory(
        parent=index, slug="jahr", start=_at(2013, 1, 1), end=None, date_precision="year"
    )

    (vevent,) = _parse(client.get("/termine/tag/kalender/")).walk("VEVENT")
    year_only = client.get("/termine/jahr/")

    assert vevent.decoded("dtstart") == datetime(2015, 6, 2).date()
    assert vevent.decoded("dtend") == datetime(2015, 6, 3).date()
    assert client.get("/termine/jahr/kalender/").status_code == 404
    assert year_only.status_code == 200
    assert ">2013</time>" in year_only.content.decode()
    assert "kalender/" not in year_only.content.decode()


def test_calendar_feeds_hold_upcoming_events_all_and_per_topic(client, index):
    group = ProductGroupFactory(slug="papier", name="Papier")
    on_topic = EventPageFactory(parent=index, title="Papiertag")
    on_topic.topics.add(group)
    on_topic.save_revision().publish()
    EventPageFactory(parent=index, title="Anderes")
    EventPageFactory(parent=index, title="Vorbei", start=timezone.now() - timedelta(days=3))

    everything = _parse(client.get("/termine/kalender/"))
    topic = _parse(client.get("/termine/kalender/papier/"))

    assert {str(e["summary"]) for e in everything.walk("VEVENT")} == {"Papiertag", "Anderes"}
    assert [str(e["summary"]) for e in topic.walk("VEVENT")] == ["Papiertag"]
    assert str(topic["x-wr-calname"]) == "Termine: Papier"
    assert client.get("/termine/kalender/gibt-es-nicht/").status_code == 404


def test_atom_feed_lists_events_with_their_dates(client, index):
    EventPageFactory(
        parent=index, title="Fachtag", start=_at(2015, 6, 2), end=None, date_precision="day"
    )
    EventPageFactory(parent=index, title="Beispieltermin", is_sample=True)

    response = client.get("/termine/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Fachtag (2. Juni 2015)</title>" in body
    assert "Beispiel: Beispieltermin" in body


def test_home_shows_next_events_but_not_past_ones(client, index):
    now = timezone.now()
    EventPageFactory(parent=index, title="Später", start=now + timedelta(days=20))
    EventPageFactory(parent=index, title="Bald", start=now + timedelta(days=2))
    EventPageFactory(parent=index, title="Vorbei", start=now - timedelta(days=2))

    html = client.get("/").content.decode()

    assert html.index("Bald") < html.index("Später")
    assert "Vorbei" not in html
    assert 'href="/termine/"' in html


def test_event_page_shows_facts_but_never_the_online_link(client, index):
    organiser = OrganisationFactory(name="Zukunft e.V.")
    event = EventPageFactory(
        parent=index,
        title="Hybrid-Fachtag",
        event_format="hybrid",
        online_url="https://example.org/raum",
        venue="Kulturhaus",
        street="Markt 1",
        postcode="99734",
        city="Nordhausen",
        organiser=organiser,
        target_group="Beschaffende",
        costs="kostenfrei",
        language="Deutsch",
        step_free=True,
        sign_language_on_request=True,
    )

    html = client.get(event.url).content.decode()

    for fact in [
        "Kulturhaus",
        "Markt 1",
        "99734 Nordhausen",
        "Zukunft e.V.",
        "Beschaffende",
        "kostenfrei",
        "Stufenloser Zugang.",
        "Gebärdensprachdolmetschen auf Anfrage.",
        "In Kalender eintragen",
    ]:
        assert fact in html, fact
    assert "example.org/raum" not in html


def _get(client, path: str) -> tuple[str, list[str]]:
    """The page's HTML and the SQL of those of its queries that read events."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    return html, [q["sql"] for q in captured if "events_eventpage" in q["sql"]]


def _titles(html: str, *names: str) -> list[str]:
    """Which of the events "Termin <name>" ``html`` shows, in the order of ``names``."""
    return [name for name in names if f"Termin {name}" in html]


def test_home_reads_next_events_once_per_generation_and_drops_an_event_when_it_is_over(
    client, index, settings, monkeypatch
):
    # The start page's next events are read once per generation (events_tags.next_events) and
    # kept only until the first of them is over: no change is needed for one to leave.
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    EventPageFactory(
        parent=index,
        title="Termin Eins",
        start=now + timedelta(hours=1),
        end=now + timedelta(hours=3),
    )
    EventPageFactory(parent=index, title="Termin Zwei", start=now + timedelta(days=1), end=None)
    for n in (3, 4, 5):
        EventPageFactory(parent=index, title=f"Termin {n}", start=now + timedelta(days=10 + n))

    def shown():
        return _titles(_get(client, "/")[0], "Eins", "Zwei", "3", "4", "5")

    assert shown() == ["Eins", "Zwei", "3"]
    html, event_reads = _get(client, "/")
    assert _titles(html, "Eins", "Zwei", "3", "4", "5") == ["Eins", "Zwei", "3"]
    assert not event_reads

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=4))
    assert shown() == ["Zwei", "3", "4"]
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=3))
    assert shown() == ["3", "4", "5"]


def test_unfiltered_events_page_is_read_once_per_generation_and_moves_an_event_when_over(
    client, index, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    EventPageFactory(
        parent=index,
        title="Termin Heute",
        start=now + timedelta(hours=1),
        end=now + timedelta(hours=2),
    )
    EventPageFactory(parent=index, title="Termin Später", start=now + timedelta(days=5))

    def upcoming_and_archive(html):
        upcoming, _heading, archive = html.split("Anstehende Termine")[1].partition("Archiv")
        return _titles(upcoming, "Heute", "Später"), _titles(archive, "Heute", "Später")

    client.get("/")  # the site settings are created on the first request (a change)
    assert upcoming_and_archive(_get(client, "/termine/")[0]) == (["Heute", "Später"], [])
    html, event_reads = _get(client, "/termine/")
    assert upcoming_and_archive(html) == (["Heute", "Später"], [])
    assert not event_reads, event_reads[0][-700:] if event_reads else ""
    assert client.get("/termine/?format=online").status_code == 200  # filtered: read anew

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=3))
    assert upcoming_and_archive(_get(client, "/termine/")[0]) == (["Später"], ["Heute"])
