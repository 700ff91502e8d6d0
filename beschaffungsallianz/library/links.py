"""Which fields hold external links that the link check covers, and where a link is used.

Reads only. ``LINK_SOURCES`` names (model, field): the library entries' links and sources
and the practice examples' sources. A new source is one more line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from beschaffungsallianz.knowledge.models import PracticeExample
from beschaffungsallianz.library.models.entries import LibraryEntry
from beschaffungsallianz.library.models.links import LinkCheck

LINK_SOURCES = (
    (LibraryEntry, "url"),
    (LibraryEntry, "source_url"),
    (PracticeExample, "source_url"),
)


@dataclass(frozen=True)
class Usage:
    title: str
    edit_url: str | None
    field_label: str


def all_urls() -> list[str]:
    """Every distinct external link of the sources, sorted."""
    urls: set[str] = set()
    for model, field in LINK_SOURCES:
        urls.update(model.objects.exclude(**{field: ""}).values_list(field, flat=True))
    return sorted(urls)


def _edit_url(obj) -> str | None:
    meta = obj._meta
    try:
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[obj.pk])
    except NoReverseMatch:  # pragma: no cover - every source is a snippet today
        return None


def usages(url: str) -> list[Usage]:
    """The objects that link to ``url``, with the admin address to correct them."""
    found = []
    for model, field in LINK_SOURCES:
        label = model._meta.get_field(field).verbose_name
        for obj in model.objects.filter(**{field: url}).order_by("pk"):
            found.append(Usage(str(obj), _edit_url(obj), f"{model._meta.verbose_name}: {label}"))
    return found


def needing_attention():
    """Checked links that are moved, broken or unreachable, worst first."""
    order = {LinkCheck.Outcome.UNREACHABLE: 0, LinkCheck.Outcome.BROKEN: 1}
    checks = LinkCheck.objects.exclude(outcome=LinkCheck.Outcome.OK)
    return sorted(checks, key=lambda c: (order.get(c.outcome, 2), c.url))
