"""Run a search: ``search(filters) -> Result`` (total, facets, zero-result guidance, examples).

One request costs: the index's version token (one primary-key query; a rebuild when the data
changed, index.py), one full-text query for the ids matching the text (text.py), bitset
arithmetic for the total, every facet count and the guidance (facets.py), and for the shown
page its ids in the chosen order and one query for their rows (plus three prefetches).
``Result.examples`` is a sequence that the paginator and the API slice; only a slice's rows
are fetched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from beschaffungsallianz.knowledge.models.practice import PracticeCriterion, PracticeExample
from beschaffungsallianz.knowledge.search import facets, index, text
from beschaffungsallianz.knowledge.search import filters as f

PAGE_SIZE = 20


def with_lists(qs: QuerySet) -> QuerySet:
    """Prefetch what a listing shows, so a page of results costs a fixed number of queries."""
    return qs.prefetch_related(
        "product_groups",
        "labels",
        Prefetch("criteria_used", queryset=PracticeCriterion.objects.select_related("criterion")),
    )


def fetch(ids: list[int], lists: bool = True) -> list[PracticeExample]:
    """The live examples ``ids`` in the order of ``ids``, with their lists (or, for the cards
    of the listing, ``lists=False``: only their product groups)."""
    examples = PracticeExample.objects.filter(live=True, id__in=ids)
    examples = with_lists(examples) if lists else examples.prefetch_related("product_groups")
    rows = {e.id: e for e in examples}
    return [rows[i] for i in ids if i in rows]  # unpublished since the index was built: gone


class Examples(Sequence):
    """The ordered examples of a search; slicing fetches only the slice's rows."""

    def __init__(self, filters: f.ExampleFilters, masks: facets.Masks, total: int, lists=True):
        self.filters, self.masks, self.total, self.lists = filters, masks, total, lists

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:  # the Paginator asks for count()
        return self.total

    def ids(self, offset: int, limit: int) -> list[int]:
        """Example ids at ``offset`` … ``offset + limit - 1`` in the chosen order."""
        if limit <= 0 or offset >= self.total:
            return []
        idx, mask, sort = self.masks.index, self.masks.without(), self.filters.effective_sort
        if sort == "relevance":
            candidates = None  # every live text match, unless a filter narrows them
            if self.masks.selected:
                candidates = [idx.ids[p] for p in idx.positions_of(mask)]
            return text.ranked_ids(self.filters.terms, candidates, offset, limit, idx.year_of)
        if sort == "title":
            positions = idx.title_positions(mask, self.total, offset, limit)
        else:  # newest: the index's positions are in this order
            positions = idx.first_positions(mask, offset, limit)
        return [idx.ids[p] for p in positions]

    def __getitem__(self, item):
        if isinstance(item, int):
            position = item if item >= 0 else self.total + item
            found = self[position : position + 1] if 0 <= position < self.total else []
            if not found:
                raise IndexError(item)
            return found[0]
        start, stop, step = item.indices(self.total)
        if step != 1:
            raise ValueError("contiguous slices only")
        return fetch(self.ids(start, stop - start), self.lists) if stop > start else []

    def __iter__(self) -> Iterator[PracticeExample]:
        """Every example in order, fetched in chunks of 500 (the CSV download)."""
        for start in range(0, self.total, 500):
            yield from self[start : start + 500]


@dataclass
class Result:
    filters: f.ExampleFilters
    total: int
    examples: Examples
    facets: list[facets.FacetResult]
    relaxations: list[facets.Relaxation]


def search(filters: f.ExampleFilters, lists: bool = True) -> Result:
    """Search the live examples: total, facet counts, guidance for an empty result, examples
    (with their lists, or only their product groups for ``lists=False``: see ``fetch``)."""
    idx = index.get()
    text_matches = idx.mask_of_ids(text.match_ids(filters.terms)) if filters.terms else idx.all
    masks = facets.Masks(idx, filters, text_matches)
    total = masks.without().bit_count()
    guidance = facets.relaxations(filters, masks) if total == 0 and filters.active else []
    return Result(
        filters,
        total,
        Examples(filters, masks, total, lists),
        facets.facet_results(filters, masks),
        guidance,
    )
