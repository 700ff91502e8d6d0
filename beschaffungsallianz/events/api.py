"""Read-only JSON API of the events, mounted under /api/v1/events/.

Only what the public pages show: never the online link, never registrations. Dates are ISO
8601 with the offset of Europe/Berlin; ``date_precision`` says how much of ``start`` is known
(``year``: only the year; ``day``: only the date; ``time``: date and time).
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from beschaffungsallianz.core.api import enum_of, errors, reject_unknown_params
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.pagecache import public
from beschaffungsallianz.events import listing
from beschaffungsallianz.events.models import DatePrecision, EventFormat, EventPage
from beschaffungsallianz.knowledge.models import ProductGroup

router = Router(tags=["events"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class OrganisationRefOut(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    title: str
    url: str
    locale: str
    intro: str
    start: datetime.datetime
    end: datetime.datetime | None
    date_precision: enum_of(DatePrecision.choices)
    format: enum_of(EventFormat.choices)
    venue: str
    street: str
    postcode: str
    city: str
    organiser: OrganisationRefOut | None
    partners: list[OrganisationRefOut]
    topics: list[str] = Field(description="Slugs of the product groups")
    target_group: str
    costs: str
    language: str
    step_free: bool | None = Field(description="Step-free access; null: not stated")
    sign_language_on_request: bool
    accessibility_notes: str
    is_sample: bool
    is_upcoming: bool
    registration_open: bool
    ics_url: str | None = Field(description="Calendar file; null when only the year is known")


class EventQuery(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    format: enum_of(EventFormat.choices) | None = None
    topic: str | None = Field(None, pattern=SLUG_PATTERN, max_length=50)
    organiser: int | None = Field(None, ge=1, le=2_147_483_647)


def _events():
    return (
        public(EventPage.objects.live())
        .select_related("organiser", "locale")
        .prefetch_related("partners", "topics")
    )


def _ref(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name}


def _event_out(event: EventPage) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "url": absolute_url(event.url or "/"),
        "locale": event.locale.language_code,
        "intro": event.intro,
        "start": event.local_start,
        "end": event.local_end,
        "date_precision": event.date_precision,
        "format": event.event_format,
        "venue": event.venue,
        "street": event.street,
        "postcode": event.postcode,
        "city": event.city,
        "organiser": _ref(event.organiser) if event.organiser else None,
        "partners": [_ref(p) for p in event.partners.all()],
        "topics": [group.slug for group in event.topics.all()],
        "target_group": event.target_group,
        "costs": event.costs,
        "language": event.language,
        "step_free": event.step_free,
        "sign_language_on_request": event.sign_language_on_request,
        "accessibility_notes": event.accessibility_notes,
        "is_sample": event.is_sample,
        "is_upcoming": event.is_upcoming,
        "registration_open": event.registration_is_open(),
        "ics_url": absolute_url(event.route_url("ics_route")) if event.has_calendar_file else None,
    }


@router.get(
    "/",
    response={200: list[EventOut], **errors(not_found=True)},
    summary="Events (upcoming soonest first, past newest first)",
)
def list_events(request, params: Query[EventQuery]):
    """An unknown topic slug is a 404, as in the knowledge base's API."""
    reject_unknown_params(request, EventQuery.model_fields)
    events = _events()
    if params.topic:
        group = ProductGroup.objects.filter(slug=params.topic).first()
        if group is None:
            raise Http404(_("There is no such topic."))
        events = events.filter(topics=group)
    if params.format:
        events = events.filter(event_format=params.format)
    if params.organiser:
        events = events.filter(organiser_id=params.organiser)
    if params.when == "upcoming":
        events = listing.upcoming(events)
    elif params.when == "past":
        events = listing.past(events)
    else:
        events = events.order_by("start", "pk")
    return [_event_out(event) for event in events.distinct()]


@router.get(
    "/{event_id}/",
    response={200: EventOut, **errors(not_found=True)},
    summary="One event",
)
def get_event(
    request, event_id: Path[Annotated[int, Field(ge=1, le=2_147_483_647)]]
):  # a 32-bit id: a larger number is a 422, not a database overflow
    reject_unknown_params(request, ())
    return _event_out(get_object_or_404(_events(), pk=event_id))
