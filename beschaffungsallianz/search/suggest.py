"""Suggestions when a search finds nothing: did you mean, a broader term, product groups.

- **Did you mean**: each query word that is not a word of the index's vocabulary (the words of
  the titles of all entries but notices, and the synonym list; read once per page-cache
  generation) is replaced by its closest vocabulary word (``difflib``); suggested when the
  corrected query finds something.
- **Broader**: the query without one of its words, or a compound word's head
  ("Solarkleidung" → "kleidung"), the first that finds something.
- **Product groups**: the groups whose name shares a word (stem or compound part) with the
  query, linked to their hub page when it exists, else to the examples filtered by the group.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.knowledge.models import ProductGroup
from beschaffungsallianz.knowledge.models.reference import index_page_url
from beschaffungsallianz.search import german
from beschaffungsallianz.search.models import SearchEntry, SearchSynonym
from beschaffungsallianz.search.query import count

MIN_WORD = 4
CLOSENESS = 0.75
NOT_IN_VOCABULARY = ("notice",)  # hundreds of thousands of titles, and no editor's words


@dataclass
class Suggestions:
    did_you_mean: str = ""
    broader: str = ""
    product_groups: list[tuple[str, str]] = field(default_factory=list)  # (name, url)

    def __bool__(self):
        return bool(self.did_you_mean or self.broader or self.product_groups)


def _vocabulary() -> list[str]:
    found: set[str] = set()
    titles = SearchEntry.objects.exclude(kind__in=NOT_IN_VOCABULARY).values_list("title", flat=True)
    for title in titles.iterator(chunk_size=5000):
        found.update(w for w in german.words(title) if len(w) >= MIN_WORD and w.isalpha())
    for group in SearchSynonym.objects.all():
        for term in group.term_list():
            found.update(w for w in german.words(term) if len(w) >= MIN_WORD)
    return sorted(found)


def vocabulary() -> list[str]:
    return pagecache.per_generation("search-vocabulary", _vocabulary)


def did_you_mean(query: str, language: str) -> str:
    known = vocabulary()
    known_set = set(known)
    typed = german.WORD.findall(query)
    words = german.words(query)
    corrected = []
    for word, original in zip(words, typed, strict=True):
        close = [] if word in known_set else difflib.get_close_matches(word, known, 1, CLOSENESS)
        if not close:
            corrected.append(original)
        else:  # as typed: "Dienstkleidnug" → "Dienstkleidung"
            corrected.append(close[0].capitalize() if original[:1].isupper() else close[0])
    if [w.lower() for w in corrected] == words:
        return ""
    suggestion = " ".join(corrected)
    return suggestion if count(suggestion, language) else ""


def broader(query: str, language: str) -> str:
    words = german.words(query)
    candidates = []
    if len(words) > 1:
        candidates += [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words) - 1, -1, -1)]
    heads = [german.broader(w) or w for w in words]
    if heads != words:
        candidates.append(" ".join(heads))
    for candidate in candidates:
        if candidate and count(candidate, language):
            return candidate
    return ""


def product_group_url(group: ProductGroup) -> str:
    """The group's hub page when the knowledge app has one, else the filtered example list."""
    hub = getattr(group, "get_absolute_url", None)
    url = hub() if hub else None
    return url or index_page_url("PracticeExampleIndexPage", f"?produktgruppe={group.slug}") or ""


def product_groups(query: str) -> list[tuple[str, str]]:
    wanted = {alt for word in german.words(query) for alt in german.alternatives(word)}
    wanted |= {german.stem(german.broader(w)) for w in german.words(query) if german.broader(w)}
    found = []
    for group in ProductGroup.objects.order_by("sort_order", "name"):
        stems = set(
            german.stem_text(group.name, group.name_en, group.slug.replace("-", " ")).split()
        )
        if stems & wanted:
            url = product_group_url(group)
            if url:
                found.append((group.name, url))
    return found


def suggestions(query: str, language: str) -> Suggestions:
    return Suggestions(
        did_you_mean=did_you_mean(query, language),
        broader=broader(query, language),
        product_groups=product_groups(query),
    )
