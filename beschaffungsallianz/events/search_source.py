"""Events in the site search (settings.SEARCH_SOURCES): live public event pages, dated by
their start; the online link stays out (it is for confirmed participants only)."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from beschaffungsallianz.events.models import EventPage
from beschaffungsallianz.search.sources import PageSource


class EventSource(PageSource):
    kind = "event"
    label = pgettext_lazy("search kind", "Events")
    models = (EventPage,)
    text_fields = ("intro", "body", "venue", "city", "review")

    def date(self, page):
        return timezone.localdate(page.start) if page.start else None


events = EventSource()
