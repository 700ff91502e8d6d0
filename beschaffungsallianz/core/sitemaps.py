"""sitemap.xml with the pages of every language (Wagtail lists only the root tree).

Locations start with ``BASE_URL`` (core/links.py), not with the Wagtail site's hostname.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.pagecache import public


class PageSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees = trees | Page.objects.descendant_of(home, inclusive=True)
        return public(trees.live()).order_by("path").defer_streamfields().specific()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls
