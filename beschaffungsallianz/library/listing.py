"""What /informationsangebote/ shows: the public entries narrowed by full text and filters,
with the number of entries per filter value, in the chosen order; one entry; the download.

Reads only. ``search(filters)`` is shared by the page, the downloads and the API. The counts
are computed over the entries that match the search text and every *other* filter (the usual
faceted search: a value's count says how many entries choosing it would show). A library holds
hundreds of entries, not hundreds of thousands, so the facets are counted in Python from one
query instead of one query per facet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.knowledge.models import ProductGroup, TenderStage
from beschaffungsallianz.library.models.entries import Kind, LibraryEntry

SORTS = {
    "neueste": _("Newest first"),
    "titel": _("Title (A–Z)"),
    "jahr": _("Year (newest first)"),
}
DEFAULT_SORT = "neueste"
ORDERINGS = {
    "neueste": [F("first_published_at").desc(nulls_last=True), "-pk"],
    "titel": [Lower("title"), "pk"],
    "jahr": [F("year").desc(nulls_last=True), Lower("title"), "pk"],
}
MIN_YEAR, MAX_YEAR = 1900, 2100  # as LibraryEntry.year
FACET_KEYS = ("kind", "product_group", "stage", "year", "publisher")


@dataclass(frozen=True)
class Filters:
    """The search text, one value per facet (None: any) and the order."""

    q: str = ""
    kind: str | None = None
    product_group: str | None = None  # slug
    stage: str | None = None
    year: int | None = None
    publisher: str | None = None
    sort: str = DEFAULT_SORT

    @property
    def active(self) -> bool:
        return bool(self.q.strip()) or any(getattr(self, key) for key in FACET_KEYS)


@dataclass
class Result:
    entries: object  # QuerySet of LibraryEntry, ordered
    total: int
    counts: dict[str, Counter] = field(default_factory=dict)  # facet -> value -> count


def public_entries():
    return LibraryEntry.objects.public()


def facet_values(entry_row: dict) -> dict[str, set]:
    return {
        "kind": {entry_row["kind"]},
        "product_group": entry_row["groups"],
        "stage": set(entry_row["stages"] or []),
        "year": {entry_row["year"]} if entry_row["year"] else set(),
        "publisher": {entry_row["publisher"]},
    }


def _rows(q: str) -> list[dict]:
    """id and facet values of every public entry matching the search text."""
    entries = public_entries().matching(q)
    rows = {
        row["pk"]: {**row, "groups": set()}
        for row in entries.values("pk", "kind", "year", "publisher", "stages")
    }
    through = LibraryEntry.product_groups.through.objects.filter(libraryentry_id__in=list(rows))
    for entry_id, slug in through.values_list("libraryentry_id", "productgroup__slug"):
        rows[entry_id]["groups"].add(slug)
    return list(rows.values())


def search(filters: Filters) -> Result:
    wanted = {key: getattr(filters, key) for key in FACET_KEYS if getattr(filters, key)}
    counts = {key: Counter() for key in FACET_KEYS}
    selected = []
    for row in _rows(filters.q):
        values = facet_values(row)
        misses = [key for key, value in wanted.items() if value not in values[key]]
        if not misses:
            selected.append(row["pk"])
        for key in FACET_KEYS:
            if not misses or misses == [key]:  # matches every other facet
                counts[key].update(values[key])
    entries = (
        public_entries()
        .filter(pk__in=selected)
        .select_related("document")
        .prefetch_related("product_groups")
        .order_by(*ORDERINGS.get(filters.sort, ORDERINGS[DEFAULT_SORT]))
    )
    return Result(entries=entries, total=len(selected), counts=counts)


def facet_choices() -> dict[str, list[tuple]]:
    """Every value a filter may take (value, label): kinds and stages always, product groups,
    years and publishers of the public entries. Read once per generation and language (three
    queries on every rendering of the form before)."""
    language = translation.get_language()
    return per_generation(f"library-facet-choices:{language}", _facet_choices)


def _facet_choices() -> dict[str, list[tuple]]:
    entries = public_entries()
    years = sorted({y for y in entries.values_list("year", flat=True) if y}, reverse=True)
    publishers = sorted(set(entries.values_list("publisher", flat=True)), key=str.casefold)
    groups = ProductGroup.objects.filter(library_entries__live=True).distinct()
    return {
        "kind": [(value, str(label)) for value, label in Kind.choices],
        "product_group": [(g.slug, g.name) for g in groups.order_by("sort_order", "name")],
        "stage": [(value, str(label)) for value, label in TenderStage.choices],
        "year": [(year, str(year)) for year in years],
        "publisher": [(p, p) for p in publishers],
    }


def public_entry_or_404(slug: str) -> LibraryEntry:
    """The one access rule for an entry: only published ones are public."""
    entry = (
        public_entries()
        .filter(slug=slug)
        .select_related("document", "practice_example")
        .prefetch_related("product_groups")
        .first()
    )
    if entry is None:
        raise Http404("No such library entry")
    return entry


def practice_example_url(entry: LibraryEntry) -> str | None:
    """The knowledge base's page of the entry's practice example, if it is published."""
    example = entry.practice_example
    if example is None or not example.live:
        return None
    return example.get_absolute_url()


# --- Download (CSV, XLSX): every entry matching the filters ---------------------------------

DOWNLOAD_HEADER = [
    "slug",
    "title",
    "kind",
    "publisher",
    "year",
    "product_groups",
    "stages",
    "language",
    "comment",
    "link",
    "source_url",
    "pages",
    "file_size",
    "url",
    "sample",
    "first_published_at",
]


def download_rows(filters: Filters, base_url: str, absolute):
    """One row per entry (columns ``DOWNLOAD_HEADER``); ``absolute(url)`` makes a document's
    URL absolute."""
    for entry in search(filters).entries:
        yield [
            entry.slug,
            entry.title,
            entry.kind,
            entry.publisher,
            entry.year,
            " ".join(g.slug for g in entry.product_groups.all()),
            " ".join(entry.stages or []),
            entry.language,
            entry.comment,
            absolute(entry.target_url) if entry.is_document else entry.url,
            entry.source_url,
            entry.page_count,
            entry.file_size,
            f"{base_url}{entry.slug}/",
            "ja" if entry.is_sample else "nein",
            entry.first_published_at,
        ]
