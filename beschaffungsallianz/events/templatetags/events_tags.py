"""Template tags of the events app: an event's date as far as it is known, and the next
events with the events page for the start page."""

from django import template

from beschaffungsallianz.core.pagecache import active_locale, per_generation, public
from beschaffungsallianz.events import dates, listing
from beschaffungsallianz.events.models import EventIndexPage, EventPage

register = template.Library()

register.filter("event_date", dates.event_date)


def _locale_id(page):
    """The page's locale (the active one for a page without): its id, so that a memo hit
    loads no ``Locale``."""
    return getattr(page, "locale_id", None) or active_locale().pk


@register.simple_tag
def next_events(page, limit: int = 3):
    """The next live events in the page's language: read once per generation and kept until
    the first of them is over (a third of the start page's rendering before)."""
    locale_id = _locale_id(page)

    def read():
        events = public(EventPage.objects.live()).filter(locale_id=locale_id)
        return list(listing.next_events(events, limit))

    return per_generation(f"next-events:{locale_id}:{limit}", read, expired=listing.any_over)


@register.simple_tag
def event_index(page):
    """The live events page in the page's language, or None (once per generation)."""
    locale_id = _locale_id(page)
    return per_generation(
        f"event-index:{locale_id}",
        lambda: public(EventIndexPage.objects.live()).filter(locale_id=locale_id).first(),
    )
