"""Template tags of the events app: an event's date as far as it is known, and the next
events with the events page for the start page."""

from django import template
from wagtail.models import Locale

from beschaffungsallianz.core.pagecache import public
from beschaffungsallianz.events import dates, listing
from beschaffungsallianz.events.models import EventIndexPage, EventPage

register = template.Library()

register.filter("event_date", dates.event_date)


def _locale(page):
    return getattr(page, "locale", None) or Locale.get_active()


@register.simple_tag
def next_events(page, limit: int = 3):
    """The next live events in the page's language."""
    events = public(EventPage.objects.live()).filter(locale=_locale(page))
    return list(listing.next_events(events, limit))


@register.simple_tag
def event_index(page):
    """The live events page in the page's language, or None."""
    return public(EventIndexPage.objects.live()).filter(locale=_locale(page)).first()
