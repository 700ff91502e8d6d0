"""Atom feed of the newsletter archive (/newsletter/archiv/feed/): sent issues, newest first.
Links start with BASE_URL."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beschaffungsallianz.core.links import absolute_url

FEED_LENGTH = 30


class IssueFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page, issues):
        super().__init__()
        self.index_page = index_page
        self.issues = issues

    def get_object(self, request, *args, **kwargs):
        self.feed_path = request.path
        return None

    def title(self):
        return _("%(title)s: archive") % {"title": self.index_page.title}

    def subtitle(self):
        return self.index_page.intro or _("Past issues of the newsletter")

    def link(self):
        return absolute_url(self.index_page.route_url("archive_route"))

    def feed_url(self):
        return absolute_url(self.feed_path)

    def items(self):
        return self.issues[:FEED_LENGTH]

    def item_title(self, item):
        """A sample says so, once ("Beispiel: …")."""
        label = _("Example")
        if not item.is_sample or item.title.startswith(label):
            return item.title
        return f"{label}: {item.title}"

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return absolute_url(item.url or "/")

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.issue_date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
