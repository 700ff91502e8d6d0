"""What /termine/ shows: upcoming events first (soonest first), then the archive by year
(newest first), both narrowed by the filter form. Reads only; the caller passes the
queryset of live public events below the index page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from beschaffungsallianz.knowledge.models.reference import ProductGroup


def _upcoming_q() -> Q:
    """Not over yet: the end is ahead, or (without an end) the start's day is today or later."""
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return Q(end__gte=timezone.now()) | Q(end__isnull=True, start__gte=today)


def over_at(event) -> datetime:
    """When ``event`` stops being upcoming (``_upcoming_q``): at its end, or without an end at
    the midnight after its start's day."""
    if event.end is not None:
        return event.end
    day_after = timezone.localtime(event.start).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def upcoming(events):
    return events.filter(_upcoming_q()).order_by("start", "pk")


def past(events):
    return events.exclude(_upcoming_q()).order_by("-start", "-pk")


def upcoming_for_topic(events, slug: str):
    """(upcoming events on this product group, the group) or (none, None) for an unknown slug."""
    group = ProductGroup.objects.filter(slug=slug).first()
    if group is None:
        return events.none(), None
    return upcoming(events.filter(topics=group)), group


def apply_filters(events, form):
    """The events the valid part of the filter form selects (an invalid form filters nothing)."""
    if not form.is_bound or not form.is_valid():
        return events
    data = form.cleaned_data
    if data.get("format"):
        events = events.filter(event_format=data["format"])
    if data.get("thema"):
        events = events.filter(topics=data["thema"])
    if data.get("veranstalter"):
        events = events.filter(organiser=data["veranstalter"])
    return events.distinct()


def listing_context(events, form) -> dict:
    # the cards show no body: its StreamField is not read and parsed for every event
    selected = apply_filters(events, form).defer_streamfields()
    related = ("organiser",)
    archive = [
        (year, list(items))
        for year, items in groupby(
            past(selected).select_related(*related), key=lambda e: e.local_start.year
        )
    ]
    return {
        "form": form,
        "filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
        "upcoming": list(upcoming(selected).select_related(*related)),
        "archive": archive,
    }


def any_over(events) -> bool:
    """Whether one of these upcoming ``events`` is over by now. Until then a list of the next
    events (or ``listing_context``'s lists) stays right unless an event is changed: time only
    ever removes upcoming events, and later ones move up only when one in the list leaves."""
    now = timezone.now()
    return any(over_at(event) <= now for event in events)


def next_events(events, limit: int):
    return upcoming(events).defer_streamfields()[:limit]
