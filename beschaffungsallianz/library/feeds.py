"""Atom feed of the newest published library entries (/informationsangebote/feed/). Links
start with BASE_URL."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.library.listing import public_entries

FEED_LENGTH = 30


class LibraryFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.feed_path = request.path
        return None

    def title(self):
        return _("New in the information library")

    def subtitle(self):
        return self.index_page.intro or _("New guides, studies, legal bases and links.")

    def link(self):
        return absolute_url(self.index_page.url or "/")

    def feed_url(self):
        return absolute_url(self.feed_path)

    def items(self):
        return (
            public_entries()
            .filter(first_published_at__isnull=False)
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        title = f"{_('Example')}: {item.title}" if item.is_sample else item.title
        return f"{title} ({item.get_kind_display()})"

    def item_description(self, item):
        year = f", {item.year}" if item.year else ""
        return f"{item.publisher}{year}. {item.comment}".strip()

    def item_link(self, item):
        return absolute_url(f"{self.index_page.url or '/'}{item.slug}/")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
