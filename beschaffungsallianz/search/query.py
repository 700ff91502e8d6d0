"""The site search's read side: a query → counts per kind and ranked, highlighted hits.

Only the words of a query reach the database (``knowledge.search.text.query_terms``: stems,
compound heads, synonyms); the entries are ranked by FTS5's bm25 or PostgreSQL's ``ts_rank``,
then newest first. Snippets are drawn from the entry's stored text: every word whose stems match
the query is wrapped in ``<mark>``, everything else is escaped.

**Broad queries.** Counting and ranking every match of a term that matches tens of thousands
of entries took 70–250 ms. So a kind lists at most ``RANKED_AT_MOST`` results: its count is
exact up to that number and otherwise "more than" it (``KindCount.more``; a kind with more
entries than that is counted with ``LIMIT RANKED_AT_MOST + 1``, the others exactly in one
grouped query), and when it has more matches, its ``RANKED_AT_MOST`` most recently indexed
matches (the highest entry ids, which both indexes deliver without scoring) are the ones ranked
and listed — as search engines cap what they count and page through (Elasticsearch's
``track_total_hits`` and ``max_result_window``). docs/search.md "Results".
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count
from django.utils.safestring import SafeString, mark_safe

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.knowledge.search import text
from beschaffungsallianz.search import german
from beschaffungsallianz.search.fts import ENTRIES
from beschaffungsallianz.search.models import SearchEntry
from beschaffungsallianz.search.sources import kinds

MATCH_INDEX = "search_entry_match"  # SearchEntry.Meta.indexes
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
GROUP_SIZE = 3  # hits per kind on the overview
RANKED_AT_MOST = 1000  # results of one kind counted, ranked and listed; see "Broad queries"
SNIPPET_WORDS = 36
SNIPPET_BEFORE = 10  # words before the first hit
# Control characters (NUL breaks PostgreSQL) are replaced by spaces.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKENS = re.compile(r"([^\W_]+)")


class QueryTooLong(ValueError):
    pass


def clean_query(raw: str) -> str:
    """The query as typed, without control characters; ``QueryTooLong`` past the limit."""
    query = CONTROL_CHARACTERS.sub(" ", raw or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(len(query))
    return query


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    plain_title: str
    title: SafeString
    snippet: SafeString
    url: str
    date: datetime.date | None


@dataclass
class KindCount:
    kind: str
    label: str
    count: int  # at most RANKED_AT_MOST
    more: bool = False  # more matches than ``count`` (only the ``count`` newest are listed)


@dataclass
class Results:
    query: str
    kind: str
    counts: list[KindCount] = field(default_factory=list)
    total: int = 0  # of all kinds
    language: str = "de"
    terms: list[list[str]] = field(default_factory=list)
    _cutoffs: dict[str, int | None] = field(default_factory=dict, repr=False)

    @property
    def total_more(self) -> bool:
        """A kind has more matches than its count: ``total`` is a lower bound."""
        return any(c.more for c in self.counts)

    @property
    def shown(self) -> int:
        """Hits of the chosen kind (all kinds when none is chosen) that are listed."""
        return self.count_of(self.kind)

    @property
    def more(self) -> bool:
        """The chosen kind (all kinds when none is chosen) has more matches than are listed."""
        return self.more_than_listed(self.kind)

    def count_of(self, kind: str) -> int:
        """Listed matches of ``kind`` ("" = all kinds, at most RANKED_AT_MOST of them)."""
        if not kind:
            return min(self.total, RANKED_AT_MOST)
        found = self._kind_count(kind)
        return found.count if found else 0

    def more_than_listed(self, kind: str) -> bool:
        if not kind:
            return self.total_more or self.total > RANKED_AT_MOST
        found = self._kind_count(kind)
        return found.more if found else False

    def _kind_count(self, kind: str) -> KindCount | None:
        return next((c for c in self.counts if c.kind == kind), None)

    def cutoff(self, kind: str) -> int | None:
        """The lowest entry id of the ``RANKED_AT_MOST`` most recently indexed matches of
        ``kind`` ("" = all kinds); None when it has no more matches than that (all listed)."""
        if not self.more_than_listed(kind):
            return None
        if kind not in self._cutoffs:
            rows = _run(_cutoff_sql, self, self.language, kind)
            self._cutoffs[kind] = rows[0][0] if rows else None
        return self._cutoffs[kind]

    def page(self, number) -> object:
        """A page of the hits of the chosen kind (all kinds mixed without one), best first."""
        return Paginator(_RankedHits(self), RESULTS_PER_PAGE).get_page(number)

    def groups(self, size: int = GROUP_SIZE) -> list[tuple[KindCount, list[Hit]]]:
        """Per kind with hits, its count and its best ``size`` hits (the overview), from one
        query however many kinds have hits."""
        if not self.counts:
            return []
        best: dict[str, list[Hit]] = {}
        labels = kinds()
        cutoffs = {c.kind: self.cutoff(c.kind) for c in self.counts}
        broad = {kind: cutoff for kind, cutoff in cutoffs.items() if cutoff is not None}
        for entry in _entries(_grouped_sql, self, self.language, size, broad):
            best.setdefault(entry.kind, []).append(hit(entry, labels, self.terms))
        return [(c, best.get(c.kind, [])) for c in self.counts]


def search(query: str, *, kind: str = "", language: str = "de") -> Results:
    """Counts per kind of the entries matching ``query`` in ``language``; ``kind`` chooses
    which kind ``Results.page()`` pages through ("" = all)."""
    results = Results(query=query, kind=kind if kind in kinds() else "", language=language)
    results.terms = text.query_terms(query)
    if not results.terms:
        return results
    found = dict(_run(_count_sql, results, language, _large_kinds()))
    results.counts = [
        KindCount(k, label, min(found[k], RANKED_AT_MOST), found[k] > RANKED_AT_MOST)
        for k, label in kinds().items()
        if found.get(k)
    ]
    results.total = sum(c.count for c in results.counts)
    return results


def _large_kinds() -> list[str]:
    """The kinds PostgreSQL counts only up to RANKED_AT_MOST + 1 (see ``_count_sql``): those
    with more entries than that; none on SQLite, which counts every kind in one pass."""
    if connection.vendor != "postgresql":
        return []
    sizes = entries_per_kind()
    return [kind for kind in kinds() if sizes.get(kind, 0) > RANKED_AT_MOST]


def entries_per_kind() -> dict[str, int]:
    """{kind: entries}, once per process and generation: which kinds are counted only up to
    RANKED_AT_MOST + 1 (a stale figure costs time, never a wrong count)."""
    return pagecache.per_generation(
        "search-entries-per-kind",
        lambda: dict(SearchEntry.objects.values_list("kind").annotate(n=Count("id"))),
    )


def count(query: str, language: str = "de") -> int:
    """How many entries match ``query`` (for suggestions)."""
    return search(query, language=language).total


# --- SQL -------------------------------------------------------------------------------------


def _where(results: Results, language: str, kind: str) -> tuple[str, list]:
    expression = text.match_expression(results.terms)
    if connection.vendor == "postgresql":
        where = f"e.{ENTRIES.vector_column} @@ to_tsquery('simple', %s)"
    else:
        where = f"{ENTRIES.fts_table} MATCH %s"
    where += " AND e.language IN (%s, '')"
    params = [expression, language]
    if kind:
        where += " AND e.kind = %s"
        params.append(kind)
    return where, params


def _id() -> str:
    """The entry id as the full-text index sees it (FTS5 answers a range of its rowid itself)."""
    return "e.id" if connection.vendor == "postgresql" else f"{ENTRIES.fts_table}.rowid"


def _cutoff_sql(results: Results, language: str, kind: str) -> tuple[str, list]:
    where, params = _where(results, language, kind)
    sql = f"SELECT {_id()} FROM {_from()} WHERE {where} ORDER BY {_id()} DESC LIMIT 1 OFFSET %s"
    return sql, [*params, RANKED_AT_MOST - 1]


def _from() -> str:
    if connection.vendor == "postgresql":
        return f"{ENTRIES.table} e"
    # SQLite would read each match's whole row (its texts) for the kind and language
    return (
        f"{ENTRIES.fts_table} JOIN {ENTRIES.table} e INDEXED BY {MATCH_INDEX} "
        f"ON e.id = {ENTRIES.fts_table}.rowid"
    )


def _count_sql(results: Results, language: str, large: list[str]) -> tuple[str, list]:
    """(kind, matches) for the kinds with matches, in one statement (``large`` is empty on
    SQLite).

    PostgreSQL reads a match's row for its kind (19,722 heap pages for the 64,367 matches of
    "Lieferkette"), so the kinds in ``large`` are counted up to RANKED_AT_MOST + 1 each (the
    scan stops there; a kind without matches gives 0) and the others exactly, their rows found
    by combining the GIN bitmap with the kind index. SQLite reads the kind of every match from
    the covering index (``MATCH_INDEX``), cheaper than one more pass of FTS5 per large kind:
    one grouped count, capped in ``search()``."""
    small = [kind for kind in kinds() if kind not in large]
    parts, params = [], []
    if small:
        where, params = _where(results, language, "")
        if large:
            where += f" AND e.kind IN ({', '.join(['%s'] * len(small))})"
            params += small
        parts.append(f"SELECT e.kind, COUNT(*) FROM {_from()} WHERE {where} GROUP BY e.kind")
    for kind in large:
        where, where_params = _where(results, language, kind)
        parts.append(
            f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {_from()} WHERE {where} "
            "LIMIT %s) capped)"
        )
        params += [kind, *where_params, RANKED_AT_MOST + 1]
    return " UNION ALL ".join(parts), params


def _columns(alias: str = "e") -> str:
    """What a hit shows (``search_text`` and the vector stay in the database)."""
    names = ("id", "kind", "object_id", "language", "title", "text", "url", "date")
    return ", ".join(f"{alias}.{name}" for name in names)


def _order(results: Results) -> tuple[str, list]:
    """Best first (bm25 / ts_rank), then newest, then by id."""
    if connection.vendor == "postgresql":
        rank = f"ts_rank(e.{ENTRIES.vector_column}, to_tsquery('simple', %s)) DESC"
        return f"{rank}, e.date DESC NULLS LAST, e.id", [text.match_expression(results.terms)]
    return f"{ENTRIES.fts_table}.rank, e.date IS NULL, e.date DESC, e.id", []


def _ranked_sql(
    results: Results,
    language: str,
    kind: str,
    offset: int,
    limit: int,
    cutoff: int | None = None,
) -> tuple[str, list]:
    """A slice of the matches of ``kind`` best first; with ``cutoff``, of those from that id on
    (the ranked part of a broad query)."""
    where, where_params = _where(results, language, kind)
    if cutoff is not None:
        where += f" AND {_id()} >= %s"
        where_params.append(cutoff)
    order, order_params = _order(results)
    sql = f"SELECT {_columns()} FROM {_from()} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
    return sql, [*where_params, *order_params, limit, offset]


def _grouped_sql(
    results: Results, language: str, size: int, broad: dict[str, int]
) -> tuple[str, list]:
    """The best ``size`` entries of every kind, ordered by kind and rank within it: the
    numbering reads ids only, the entries' texts are read for the chosen few (a broad term
    matches tens of thousands of entries). ``broad``: kinds ranked from a cutoff id on."""
    where, where_params = _where(results, language, "")
    narrow = [c.kind for c in results.counts if c.kind not in broad]
    if broad and not narrow:  # every kind broad: the index skips the older matches
        where += f" AND {_id()} >= %s"
        where_params.append(min(broad.values()))
    elif broad and connection.vendor == "postgresql":  # lets PostgreSQL combine its indexes
        where += f" AND ({_id()} >= %s OR e.kind IN ({', '.join(['%s'] * len(narrow))}))"
        where_params += [min(broad.values()), *narrow]
    if broad:
        ranked = " OR ".join(f"(e.kind = %s AND {_id()} >= %s)" for _ in broad)
        where += f" AND (e.kind NOT IN ({', '.join(['%s'] * len(broad))}) OR {ranked})"
        where_params += [*broad, *(value for pair in broad.items() for value in pair)]
    order, order_params = _order(results)
    numbered = (
        f"SELECT e.id, ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY {order}) AS place "
        f"FROM {_from()} WHERE {where}"
    )
    sql = (
        f"SELECT {_columns('hit')} FROM ({numbered}) g "
        f"JOIN {ENTRIES.table} hit ON hit.id = g.id WHERE g.place <= %s ORDER BY hit.kind, g.place"
    )
    return sql, [*order_params, *where_params, size]


def _planned(run, counting: bool = False):
    """``run(cursor)`` inside a transaction that, on PostgreSQL, forbids sequential scans (as
    knowledge.search.text.match_ids: the GIN index, never a scan of every entry) and joins
    that read every entry, in one statement; ``counting`` forbids plain index scans too (a
    capped count walks the GIN bitmap and stops, never a kind's whole index checking each
    row). SQLite needs no transaction, and must not have one: it would begin IMMEDIATE, taking
    the database's write lock, so searches in two workers would wait for each other."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            return run(cursor)
    with transaction.atomic(), connection.cursor() as cursor:
        # and the overview's few chosen entries read by id, not by a hash or merge join over
        # every entry (192 → 21 ms for "Lieferkette" at 100,000 examples)
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_hashjoin', 'off', true), "
            "set_config('enable_mergejoin', 'off', true), "
            "set_config('enable_indexscan', %s, true)",
            ["off" if counting else "on"],
        )
        return run(cursor)


def _run(build, results: Results, language: str, *args) -> list[tuple]:
    sql, params = build(results, language, *args)

    def rows(cursor):
        cursor.execute(sql, params)
        return cursor.fetchall()

    return _planned(rows, counting=build is _count_sql)


def _entries(build, results: Results, language: str, *args) -> list[SearchEntry]:
    sql, params = build(results, language, *args)
    return _planned(lambda _cursor: list(SearchEntry.objects.raw(sql, params)))


class _RankedHits:
    """The hits of ``results`` as a sequence the paginator slices (one query per page)."""

    def __init__(self, results: Results, kind: str | None = None):
        self.results = results
        self.kind = results.kind if kind is None else kind

    def count(self) -> int:
        return self.results.count_of(self.kind)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Hit]:
        if not self.results.terms:
            return []
        offset, stop = window.start or 0, window.stop
        results, language, kind = self.results, self.results.language, self.kind
        limit = stop - offset
        entries = _entries(
            _ranked_sql, results, language, kind, offset, limit, results.cutoff(kind)
        )
        labels = kinds()
        return [hit(entry, labels, self.results.terms) for entry in entries]


def hit(entry: SearchEntry, labels: dict, terms: list[list[str]]) -> Hit:
    return Hit(
        kind=entry.kind,
        kind_label=str(labels.get(entry.kind, entry.kind)),
        plain_title=entry.title,
        title=highlight(entry.title, terms),
        snippet=highlight(entry.text, terms, window=SNIPPET_WORDS),
        url=entry.url,
        date=entry.date,
    )


# --- highlighting ----------------------------------------------------------------------------


def _matches(word: str, alternatives: list[str]) -> bool:
    for s in german.index_stems(word.lower()):
        for alt in alternatives:
            if s == alt or (len(alt) > 2 and s.startswith(alt)):
                return True
    return False


def highlight(value: str, terms: list[list[str]], window: int | None = None) -> SafeString:
    """``value`` escaped, with the words that match ``terms`` in ``<mark>``; with ``window``,
    only about that many words around the first hit (… where cut). Only the words shown are
    matched: an entry's text is the whole page, its snippet a few dozen words."""
    alternatives = [alt for alts in terms for alt in alts]
    parts = _TOKENS.split(value)  # separators at even, words at odd positions
    start, stop = 0, len(parts)
    last_word = len(parts) - 2  # parts has an odd length: it starts and ends with a separator
    if window is not None and len(parts) // 2 > window:
        first = next((i for i in range(1, len(parts), 2) if _matches(parts[i], alternatives)), 1)
        start = max(1, first - 2 * SNIPPET_BEFORE)
        stop = min(start + 2 * (window - 1), last_word) + 1
    out = ["… " if start > 1 else ""]
    for i in range(start, stop):
        piece = html.escape(parts[i])
        out.append(f"<mark>{piece}</mark>" if i % 2 and _matches(parts[i], alternatives) else piece)
    if stop < len(parts) - 1:
        out.append(" …")
    return mark_safe("".join(out).strip())  # noqa: S308 (every piece escaped above)
