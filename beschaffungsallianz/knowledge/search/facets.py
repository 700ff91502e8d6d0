"""Facet counts from the facet index (index.py), and the zero-result guidance.

A facet counts on the examples matching the text and every *other* filter (the usual "live
counts"), so a visitor sees what each choice would leave; the values of one filter are ORed.
With the index these are bitset operations: the text matches ``&`` the union of each other
filter's values, counted per value with ``int.bit_count()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.knowledge.models.reference import Label, ProductGroup, product_groups
from beschaffungsallianz.knowledge.search import filters as f
from beschaffungsallianz.knowledge.search.index import FacetIndex


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    facet: f.Facet
    options: list[FacetOption]

    @property
    def selected(self) -> list[FacetOption]:
        return [o for o in self.options if o.selected]


@dataclass
class Relaxation:
    """Zero-result guidance: dropping this filter would give ``count`` results."""

    facet: f.Facet | None  # None: the text query
    values: list[str]
    count: int


class Masks:
    """The bitsets of one search: the text matches and each filter in use."""

    def __init__(self, index: FacetIndex, filters: f.ExampleFilters, text_matches: int):
        self.index, self.text = index, text_matches
        keys = {"product_group": _ids(ProductGroup, filters.product_group)}
        keys["label"] = _ids(Label, filters.label)
        self.selected = {
            key: index.union(key, keys.get(key, values)) for key, values in filters.values.items()
        }

    def without(self, exclude: str | None = None, *, text_too: bool = True) -> int:
        """Examples matching the text (``text_too``) and every filter except ``exclude``."""
        mask = self.text if text_too else self.index.all
        for key, selected in self.selected.items():
            if key != exclude:
                mask &= selected
        return mask


def _ids(model, slugs: list[str]) -> list[str]:
    """The index keys (ids as text) of product groups or labels."""
    if not slugs:
        return []
    return [str(pk) for pk in model.objects.filter(slug__in=slugs).values_list("id", flat=True)]


def _choices(key: str, index: FacetIndex) -> list[tuple[str, str, str]]:
    """(value, label, key in the index) of every value a facet can take, in its order."""
    if key == "product_group":
        english = (get_language() or "de").startswith("en")
        return [
            (group.slug, group.name_en if english and group.name_en else group.name, str(group.pk))
            for group in product_groups()
        ]
    if key == "label":
        rows = per_generation(
            "facets:labels",
            lambda: list(Label.objects.filter(live=True).values_list("id", "slug", "name")),
        )
        return [(slug, name, str(pk)) for pk, slug, name in rows]
    if key == "year":
        return [(year, year, year) for year in index.year_values]
    return [(str(value), str(label), str(value)) for value, label in f.STATIC_CHOICES[key]]


def facet_results(filters: f.ExampleFilters, masks: Masks) -> list[FacetResult]:
    results = []
    for facet in f.FACETS:
        counts = masks.index.counts(facet.key, masks.without(facet.key))
        chosen = getattr(filters, facet.key)
        options = [
            FacetOption(value, label, counts.get(key, 0), value in chosen)
            for value, label, key in _choices(facet.key, masks.index)
            if counts.get(key) or value in chosen
        ]
        results.append(FacetResult(facet, options))
    return results


def relaxations(filters: f.ExampleFilters, masks: Masks) -> list[Relaxation]:
    """For an empty result: how many examples each dropped filter would bring back."""
    found = []
    for key, values in filters.values.items():
        count = masks.without(key).bit_count()
        if count:
            found.append(Relaxation(f.FACETS_BY_KEY[key], values, count))
    if filters.terms:
        count = masks.without(text_too=False).bit_count()
        if count:
            found.append(Relaxation(None, [filters.q], count))
    return sorted(found, key=lambda r: -r.count)
