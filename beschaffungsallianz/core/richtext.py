"""Page links in rich text, worked out once per worker process, generation and language.

Wagtail expands every ``<a linktype="page" id="…">`` of a rich text each time it is rendered:
a query for the linked pages, one for their specific rows and, per link, one for the active
language's ``Locale`` (``page.localized``) — on /projekt/ more than half of the rendering. A
link's ``<a href="…">`` depends only on the linked page, its translations and the site
structure, all of which bump the page cache's generation when they change, and on the active
language; so each link is expanded once per generation and language by Wagtail's own handler
and then reused (registered in wagtail_hooks.py, after Wagtail's).
"""

from django.utils import translation
from wagtail.rich_text.pages import PageLinkHandler

from beschaffungsallianz.core.pagecache import per_generation


class MemoisedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        # {(language, page id): '<a href="…">'}, filled as links are met; a new generation
        # starts an empty one.
        known = per_generation("richtext-page-links", dict)
        language = translation.get_language()
        keys = [(language, str(attrs.get("id"))) for attrs in attrs_list]
        missing = {}
        for key, attrs in zip(keys, attrs_list, strict=True):
            if key not in known:
                missing.setdefault(key, attrs)
        if missing:
            tags = super().expand_db_attributes_many(list(missing.values()))
            known.update(zip(missing, tags, strict=True))
        return [known[key] for key in keys]
