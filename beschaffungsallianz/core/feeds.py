"""Atom feed of the news (Aktuelles) of the active language. Links start with BASE_URL."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import NewsIndexPage, NewsPage
from beschaffungsallianz.core.pagecache import public
from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.core.views import search_root

FEED_LENGTH = 20


@dataclass
class FeedSource:
    """What one request's feed is built from (the Feed instance is shared between requests)."""

    home: Page | None
    alliance_name: str
    path: str


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        name = alliance_name(request)
        return FeedSource(home=search_root(request), alliance_name=name, path=request.path)

    def title(self, source):
        return _("News – %(name)s") % {"name": source.alliance_name}

    def subtitle(self, source):
        return _("News of the alliance")

    def link(self, source):
        news = public(NewsIndexPage.objects.live()).filter(locale=Locale.get_active())
        if source.home is not None:
            news = news.descendant_of(source.home)
        page = news.first() or source.home
        return absolute_url(page.get_url() if page is not None else "/")

    def feed_url(self, source):
        return absolute_url(source.path)

    def items(self, source):
        news = public(NewsPage.objects.live()).filter(locale=Locale.get_active())
        if source.home is not None:
            news = news.descendant_of(source.home)
        return news.order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{_('Example')}: {item.title}" if item.is_sample else item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return absolute_url(item.get_url())

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
