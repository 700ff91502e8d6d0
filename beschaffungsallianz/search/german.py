"""German words for search: stems, compound parts and the editors' synonyms.

Used by every full-text search of the site (``knowledge.search.text`` stores and queries what
these functions return), so the knowledge base's example search and the site search
(``/suche/``) understand the same German, identically on SQLite and PostgreSQL:

- **Stems**: the German Snowball stemmer ("Dienstkleidungen" → ``dienstkleidung``).
- **Compounds** (at index time): each long word is split by ``compound-split`` (Don Tuggener's
  CharSplit, an n-gram model trained on German text, shipped with the package; GPL-3.0, see
  docs/search.md) and the stems of its parts are stored beside the word's own stem:
  "Dienstkleidung" is stored as ``dienstkleidung dien kleidung``, so "Kleidung" finds it.
- **Query expansion**: a query word matches its stem, the stem of its compound head
  ("Arbeitskleidung" also finds items about "Kleidung") and the stems of its synonyms from
  the editors' list (``SearchSynonym``: "Arbeitskleidung ~ Dienstkleidung ~ Berufskleidung").
  Synonyms apply at query time, so an edit in the admin takes effect at once (the list is read
  once per page-cache generation, and saving a synonym bumps the generation).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.search.models import SearchSynonym

WORD = re.compile(r"[^\W_]+")
# A split is taken when CharSplit's score reaches this (0.5–1 for real compounds such as
# Dienst|kleidung 0.93, Alt|papier 0.69; "Kaffee" → Kaf|fee scores 0.38, "Kleidung" -0.15).
SPLIT_THRESHOLD = 0.5
MIN_COMPOUND = 8  # letters: shorter words are not split
INFLECTIONS = ("en", "n", "e", "s", "er", "es", "ern")
MIN_PART = 4  # letters of each part ("Praxis|bei|spiel" stays "Praxis|beispiel")
# A query word is widened to its head only if the head's stem has 7+ letters: "kleidung"
# yes; "haus" (Quellenhausen), "papi" (Recyclingpapier: every paper), "arbeit"
# (Kinderarbeit: every Arbeitskreis) no.
MIN_HEAD_FOR_QUERY = 7
_STEMMER = snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case (NFC)."""
    return WORD.findall(unicodedata.normalize("NFC", text.lower()))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The German Snowball stem of one word (pure: kept per process, like the splits)."""
    return _STEMMER.stemWord(word)


@cache
def _char_split():
    """compound-split's model, loaded on first use: its n-gram tables take about 2 s and
    300 MB (docs/search.md), so a process that never splits a word never pays for them."""
    return importlib.import_module("compound_split.char_split")


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a German compound, lower case, split again while they are compounds;
    ``()`` for a word that is not one. ``compound_parts("arbeitsplatzrechner")`` →
    ``("arbeits", "platz", "rechner")``."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    # CharSplit knows base forms: "dienstkleidungen" scores low, "dienstkleidung" high. The
    # best split of the word or of the word without an inflection ending is taken.
    forms = [word, *(word[: -len(end)] for end in INFLECTIONS if word.endswith(end))]
    score, body, head = max(_char_split().split_compound(form)[0] for form in forms)
    body, head = body.lower(), head.lower()
    if score < SPLIT_THRESHOLD or len(body) < MIN_PART or len(head) < MIN_PART:
        return ()
    return (*(compound_parts(body) or (body,)), *(compound_parts(head) or (head,)))


@lru_cache(maxsize=200_000)
def index_stems(word: str) -> tuple[str, ...]:
    """What is stored for one word: its stem, then the stems of its compound parts."""
    own = stem(word)
    parts = [stem(part) for part in compound_parts(word)]
    return (own, *(p for p in dict.fromkeys(parts) if p != own))


def stem_text(*texts: str) -> str:
    """The stored search text of some texts: stems and compound parts, space-separated."""
    return " ".join(s for text in texts if text for w in words(text) for s in index_stems(w))


def _synonym_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for group in SearchSynonym.objects.all():
        stems = list(dict.fromkeys(stem(w) for term in group.term_list() for w in words(term)))
        for s in stems:
            table.setdefault(s, [])
            table[s] += [other for other in stems if other != s and other not in table[s]]
    return {s: tuple(others) for s, others in table.items()}


def synonym_table() -> dict[str, tuple[str, ...]]:
    """{stem: stems of its synonyms}, read once per worker and page-cache generation."""
    return pagecache.per_generation("search-synonyms", _synonym_table)


def alternatives(word: str) -> list[str]:
    """The stems a query word matches: its own, its compound head's, its synonyms'."""
    own = stem(word)
    found = [own]
    parts = compound_parts(word)
    head = stem(parts[-1]) if parts else ""
    if len(head) >= MIN_HEAD_FOR_QUERY:
        found.append(head)
    for s in list(found):
        found += synonym_table().get(s, ())
    return list(dict.fromkeys(found))


def broader(word: str) -> str:
    """The compound head of a word ("Solarkleidung" → "kleidung"), else ``""``."""
    parts = compound_parts(word)
    return parts[-1] if parts else ""
