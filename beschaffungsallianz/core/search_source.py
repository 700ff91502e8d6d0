"""What core contributes to the site search (settings.SEARCH_SOURCES, docs/search.md): every
live public page no other source claims, and the news."""

from django.utils.translation import pgettext_lazy

from beschaffungsallianz.core.models import NewsPage
from beschaffungsallianz.search.sources import PageSource


class NewsSource(PageSource):
    kind = "news"
    label = pgettext_lazy("search kind", "News")
    models = (NewsPage,)

    def date(self, page):
        return page.date


pages = PageSource()
news = NewsSource()
