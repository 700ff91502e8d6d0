"""Template tags of the events app: an event's date as far as it is known, and the next
events with the events page for the start page."""

from django import template
from django.utils import timezone
from wagtail.models import Locale

from beschaffungsallianz.core.pagecache import per_generation, public
from beschaffungsallianz.events import dates, listing
from beschaffungsallianz.events.models import EventIndexPage, EventPage

register = template.Library()

register.filter("event_date", dates.event_date)


def _locale(page):
    return getattr(page, "locale", None) or Locale.get_active()


@register.simple_tag
def next_events(page, limit: int = 3):
    """The next live events in the page's language: read once per generation and kept until
    the first of them is over (a third of the start page's rendering before)."""
    locale = _locale(page)

    def read():
        events = public(EventPage.objects.live()).filter(locale=locale)
        return listing.next_events_until(events, limit)

    def over(value):
        return value[1] is not None and timezone.now() >= value[1]

    return per_generation(f"next-events:{locale.pk}:{limit}", read, expired=over)[0]


@register.simple_tag
def event_index(page):
    """The live events page in the page's language, or None (once per generation)."""
    locale = _locale(page)
    return per_generation(
        f"event-index:{locale.pk}",
        lambda: public(EventIndexPage.objects.live()).filter(locale=locale).first(),
    )
