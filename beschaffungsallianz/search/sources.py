"""Search sources: what each app contributes to the site search, and their registry.

A source is one kind of result ("example", "criterion", "notice" …). It lives in its app's
``search_source.py`` and is registered with one line in ``settings.SEARCH_SOURCES`` (a dotted
path to the instance; the list's order is the order of the kinds on /suche/):

    class LabelSource(Source):
        kind = "label"
        label = pgettext_lazy("search kind", "Labels")
        models = (Label,)

        def queryset(self):                  # every public item, nothing else
            return Label.objects.filter(live=True)

        def document(self, label):           # what is shown and found
            return Document(title=label.name, text=label.notes, url=label.get_absolute_url())

    labels = LabelSource()

``search.indexing`` keeps ``SearchEntry`` in step: a save or delete of one of ``models``
re-reads that object through ``queryset()`` (so drafts and private items are never indexed), a
save or delete of one of ``refresh_models`` (view restrictions, collections) re-indexes the
whole kind. ``manage.py rebuild_search_index`` writes everything anew.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import pgettext_lazy
from wagtail.models import Page, PageViewRestriction

from beschaffungsallianz.core.pagecache import public

TEXT_LENGTH = 1500  # characters of text kept for the snippet


@dataclass(frozen=True)
class Document:
    """What the search shows of an item and finds it by."""

    title: str
    url: str
    text: str = ""  # shown in the snippet (plain text) and found
    extra: str = ""  # found, not shown (buyer, CPV labels, state names)
    date: datetime.date | None = None
    language: str = ""  # "" = shown in every language

    def short_text(self) -> str:
        return Truncator(" ".join(self.text.split())).chars(TEXT_LENGTH)


class Source:
    """One kind of result. Subclasses set ``kind``, ``label`` and ``models`` and implement
    ``queryset()`` and ``document(obj)``."""

    kind: str = ""
    label = ""  # plural, shown as the group heading and filter option
    models: tuple = ()
    refresh_models: tuple = ()  # a change to one of these re-indexes the whole kind
    chunk_size = 500

    def queryset(self):
        raise NotImplementedError

    def document(self, obj) -> Document | None:
        raise NotImplementedError

    def handles(self, obj) -> bool:
        return isinstance(obj, self.models)

    def indexed_pk(self, obj):
        """The primary key of the item a change of ``obj`` (one of ``models``) concerns."""
        return obj.pk

    def public_object(self, model, pk):
        """The object as the public sees it, or None (deleted, draft, private)."""
        return self.queryset().filter(pk=pk).first()


class PageSource(Source):
    """Wagtail pages: live, public (no view restriction on them or above), in their language.
    ``models`` are the page types of this kind; the source with ``models = (Page,)`` takes
    every page no other page source claims."""

    kind = "page"
    label = pgettext_lazy("search kind", "Pages")
    models: tuple = (Page,)
    refresh_models = (PageViewRestriction,)  # privacy changes reach the whole subtree
    # Only these fields are shown and found (never all search_fields: a page type may keep
    # members-only text in a field of its own, like an event's online link).
    text_fields: tuple[str, ...] = ("intro", "body")

    def handles(self, obj) -> bool:
        if not isinstance(obj, self.models):
            return False
        if self.models != (Page,):
            return True
        return not any(
            isinstance(obj, other.models)
            for other in all_sources()
            if isinstance(other, PageSource) and other.models != (Page,)
        )

    def queryset(self):
        pages = public(Page.objects.live()).exclude(depth=1)
        if self.models == (Page,):
            claimed = [
                model
                for other in all_sources()
                if isinstance(other, PageSource) and other.models != (Page,)
                for model in other.models
            ]
            return pages.not_type(*claimed).specific() if claimed else pages.specific()
        return pages.type(*self.models).specific()

    def public_object(self, model, pk):
        page = self.queryset().filter(pk=pk).first()
        return page if page is not None and self.handles(page) else None

    def document(self, page) -> Document | None:
        url = page.get_url()
        if not url:  # outside every site
            return None
        return Document(
            title=page.title,
            url=url,
            text=page_text(page, self.text_fields),
            date=self.date(page),
            language=page.locale.language_code,
        )

    def date(self, page) -> datetime.date | None:
        return page.last_published_at.date() if page.last_published_at else None


def page_text(page, fields) -> str:
    """The plain text of the page's ``fields`` (a StreamField's strings, rich text untagged)."""
    texts = []
    for name in fields:
        value = getattr(page, name, None)
        texts += _strings(getattr(value, "raw_data", value))
    return " ".join(texts)


def _strings(value) -> list[str]:
    """Every string inside a value or a StreamField's raw data, rich text without its tags."""
    if isinstance(value, str):
        return [strip_tags(value)] if value.strip() else []
    if isinstance(value, dict):
        return [s for key, v in value.items() if key not in ("type", "id") for s in _strings(v)]
    if isinstance(value, Sequence):  # lists, a StreamField's RawDataView
        return [s for v in value for s in _strings(v)]
    return []


# --- registry ------------------------------------------------------------------------------


@cache
def all_sources() -> tuple[Source, ...]:
    """The registered sources, in the order of ``settings.SEARCH_SOURCES``."""
    return tuple(import_string(path) for path in settings.SEARCH_SOURCES)


def source_for_kind(kind: str) -> Source | None:
    return next((s for s in all_sources() if s.kind == kind), None)


def sources_for(obj) -> list[Source]:
    """The sources that index ``obj``."""
    return [s for s in all_sources() if s.handles(obj)]


def kinds() -> dict[str, str]:
    """{kind: label} in the registered order."""
    return {s.kind: s.label for s in all_sources()}
