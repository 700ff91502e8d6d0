"""Atom feed of the events (/termine/feed/): the most recently published events first, each
titled with its date as far as it is known. Links start with BASE_URL."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.events.dates import event_date

FEED_LENGTH = 30


class EventFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page, events):
        super().__init__()
        self.index_page = index_page
        self.events = events

    def get_object(self, request, *args, **kwargs):
        self.feed_path = request.path
        return None

    def title(self):
        return self.index_page.title

    def subtitle(self):
        return self.index_page.intro or _("Events of the alliance")

    def link(self):
        return absolute_url(self.index_page.url or "/")

    def feed_url(self):
        return absolute_url(self.feed_path)

    def items(self):
        return self.events.filter(first_published_at__isnull=False).order_by(
            "-first_published_at", "-pk"
        )[:FEED_LENGTH]

    def item_title(self, item):
        title = f"{_('Example')}: {item.title}" if item.is_sample else item.title
        return f"{title} ({event_date(item)})"

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return absolute_url(item.url or "/")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
