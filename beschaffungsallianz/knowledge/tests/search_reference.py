"""The plain ORM computation of a search, as the definition the search must equal.

One query per facet, each re-running the text match and every other filter; far too slow for
100,000 examples (about 1 s per request), but obviously right. Only the tests use it
(test_search_reference.py compares the API's answers with it on random data).
"""

from django.db.models import Count, F, Q, QuerySet

from beschaffungsallianz.knowledge.models import Label, PracticeExample
from beschaffungsallianz.knowledge.search import filters as f

_LOOKUPS = {
    "state": "state__in",
    "year": "year__in",
    "size": "size_class__in",
    "procedure": "procedure_type__in",
    "volume": "volume_class__in",
    "product_group": "product_groups__slug__in",
    "label": "labels__slug__in",
    "kind": "criteria_used__criterion__kind__in",
    "stage": "criteria_used__stage__in",
}
_VALUES = {
    "product_group": "product_groups__slug",
    "kind": "criteria_used__criterion__kind",
    "stage": "criteria_used__stage",
}


def text_matches(terms: list[list[str]]) -> QuerySet:
    """Live examples whose stored stems start with one alternative of every term."""
    qs = PracticeExample.objects.filter(live=True)
    for alternatives in terms:
        match = Q()
        for stem in alternatives:
            match |= Q(search_text__startswith=stem) | Q(search_text__contains=f" {stem}")
        qs = qs.filter(match)
    return qs


def matching(filters: f.ExampleFilters, exclude: str | None = None, text_too=True) -> QuerySet:
    qs = text_matches(filters.terms if text_too else [])
    for key, values in filters.values.items():
        if key != exclude:
            qs = qs.filter(id__in=PracticeExample.objects.filter(**{_LOOKUPS[key]: values}))
    return qs


def facet_counts(filters: f.ExampleFilters) -> dict[str, dict[str, int]]:
    result = {}
    for facet in f.FACETS:
        qs = matching(filters, exclude=facet.key)
        if facet.key == "label":  # only live labels are offered
            counts = {
                lb.slug: qs.filter(labels=lb).count() for lb in Label.objects.filter(live=True)
            }
            result["label"] = {slug: n for slug, n in counts.items() if n}
            continue
        column = f.COLUMNS.get(facet.key) or _VALUES[facet.key]
        rows = (
            qs.order_by()
            .values_list(column)
            .annotate(n=Count("id", distinct=True))
            .filter(**{f"{column}__isnull": False})
        )
        result[facet.key] = {str(value): n for value, n in rows}
    return result


def ordered_slugs(filters: f.ExampleFilters) -> list[str]:
    qs = matching(filters)
    sort = filters.effective_sort
    if sort == "title":
        qs = qs.order_by("title", "id")
    elif sort == "newest":
        qs = qs.order_by("-year", F("first_published_at").desc(nulls_last=True), "-id")
    return list(qs.values_list("slug", flat=True))


def relaxations(filters: f.ExampleFilters) -> dict[str | None, int]:
    """For an empty result: the count without each filter (None: without the text)."""
    found = {}
    for key in filters.values:
        n = matching(filters, exclude=key).count()
        if n:
            found[key] = n
    if filters.terms:
        n = matching(filters, text_too=False).count()
        if n:
            found[None] = n
    return found
