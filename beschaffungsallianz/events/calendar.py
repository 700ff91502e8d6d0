"""Calendar files (RFC 5545) written with the ``icalendar`` library, never by hand.

- ``event_calendar([event], …)``: one or more events as a VCALENDAR; times in Europe/Berlin
  with the matching VTIMEZONE, events known only to the day as all-day entries; events known
  only to the year have no calendar entry.
- ``calendar_response``: the HTTP response for a page route (per event, all upcoming, a topic).

The online link goes into a calendar only for a confirmed participant's mail
(``with_online_link=True``), never into a public file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from beschaffungsallianz.events.models.choices import DatePrecision

PRODID = "-//Beschaffungsallianz//Termine//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_for(event) -> str:
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def event_component(event, url: str, *, with_online_link: bool = False) -> Event:
    component = Event()
    component.add("uid", uid_for(event))
    title = f"{_('Example')}: {event.title}" if event.is_sample else event.title
    component.add("summary", title)
    component.add("dtstamp", timezone.now())
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    if event.date_precision == DatePrecision.DAY:
        day = event.local_start.date()
        last_day = event.local_end.date() if event.end else day
        component.add("dtstart", day)
        component.add("dtend", last_day + timedelta(days=1))
    else:
        component.add("dtstart", event.local_start)
        if event.end:
            component.add("dtend", event.local_end)
    place = ", ".join(event.address_lines)
    if with_online_link and event.online_url and event.has_online_part:
        place = f"{place} / {event.online_url}" if place else event.online_url
    elif not place and event.has_online_part:
        place = _("Online")
    if place:
        component.add("location", place)
    description = "\n\n".join(part for part in (event.intro, url) if part)
    component.add("description", description)
    component.add("url", url)
    topics = [group.name for group in event.topics.all()]
    if topics:
        component.add("categories", topics)
    if event.is_sample:
        component.add("status", "TENTATIVE")
    return component


def event_calendar(
    events: Iterable, *, name: str, url_for: Callable, with_online_link: bool = False
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        if event.has_calendar_file:
            calendar.add_component(
                event_component(event, url_for(event), with_online_link=with_online_link)
            )
    calendar.add_missing_timezones()
    return calendar


def calendar_response(events, *, name: str, filename: str, url_for: Callable) -> HttpResponse:
    body = event_calendar(events, name=name, url_for=url_for).to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
