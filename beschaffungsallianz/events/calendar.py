"""Calendar files (RFC 5545) written with the ``icalendar`` library, never by hand.

- ``event_calendar([event], …)``: one or more events as a VCALENDAR; times in Europe/Berlin
  with the matching VTIMEZONE, events known only to the day as all-day entries; events known
  only to the year have no calendar entry.
- ``calendar_response``: the HTTP response for a page route (per event, all upcoming, a topic).
- ``CalendarEntry`` / ``entries_calendar``: the same for anything else with a date (the working
  group's meetings, meetings/tasks.py): the caller fills the entry, this module writes it.

The online link goes into a calendar only for a confirmed participant's mail
(``with_online_link=True``), never into a public file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from beschaffungsallianz.events.models.choices import DatePrecision

PRODID = "-//Beschaffungsallianz//Termine//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_for(obj, kind: str = "event") -> str:
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"{kind}-{obj.pk}@{host}"


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT: dates (``date`` for all-day entries, aware ``datetime`` otherwise) and
    texts, already chosen by the caller (what may go into this calendar)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None
    description: str
    url: str
    location: str = ""
    categories: tuple[str, ...] = ()
    tentative: bool = False
    last_modified: datetime | None = None


def entry_component(entry: CalendarEntry) -> Event:
    component = Event()
    component.add("uid", entry.uid)
    component.add("summary", entry.summary)
    component.add("dtstamp", timezone.now())
    if entry.last_modified:
        component.add("last-modified", entry.last_modified)
    component.add("dtstart", entry.start)
    if entry.end:
        component.add("dtend", entry.end)
    if entry.location:
        component.add("location", entry.location)
    component.add("description", entry.description)
    component.add("url", entry.url)
    if entry.categories:
        component.add("categories", list(entry.categories))
    if entry.tentative:
        component.add("status", "TENTATIVE")
    return component


def event_component(event, url: str, *, with_online_link: bool = False) -> Event:
    title = f"{_('Example')}: {event.title}" if event.is_sample else event.title
    if event.date_precision == DatePrecision.DAY:
        start = event.local_start.date()
        end = (event.local_end.date() if event.end else start) + timedelta(days=1)
    else:
        start, end = event.local_start, event.local_end if event.end else None
    place = ", ".join(event.address_lines)
    if with_online_link and event.online_url and event.has_online_part:
        place = f"{place} / {event.online_url}" if place else event.online_url
    elif not place and event.has_online_part:
        place = _("Online")
    return entry_component(
        CalendarEntry(
            uid=uid_for(event),
            summary=title,
            start=start,
            end=end,
            description="\n\n".join(part for part in (event.intro, url) if part),
            url=url,
            location=place,
            categories=tuple(group.name for group in event.topics.all()),
            tentative=event.is_sample,
            last_modified=event.last_published_at,
        )
    )


def _calendar(name: str, components: Iterable[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar


def entries_calendar(entries: Iterable[CalendarEntry], *, name: str) -> Calendar:
    return _calendar(name, (entry_component(entry) for entry in entries))


def event_calendar(
    events: Iterable, *, name: str, url_for: Callable, with_online_link: bool = False
) -> Calendar:
    return _calendar(
        name,
        (
            event_component(event, url_for(event), with_online_link=with_online_link)
            for event in events
            if event.has_calendar_file
        ),
    )


def calendar_response(events, *, name: str, filename: str, url_for: Callable) -> HttpResponse:
    body = event_calendar(events, name=name, url_for=url_for).to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
