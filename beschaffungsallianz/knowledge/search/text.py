"""Words to stems, and the full-text SQL: the only database-specific code of the search.

**Stemming.** Wagtail's database backend has no German stemming on SQLite, and PostgreSQL's
``german`` configuration would make the two databases find different things, so the app stems
itself with the German Snowball stemmer (``snowballstemmer``): ``PracticeExample.search_text``
holds the stems of the example's texts (``PracticeExample.searchable_texts()``), a query is
stemmed the same way, and every query stem must occur as a token prefix (AND):
"Dienstkleidungen" → ``dienstkleid`` finds "Dienstkleidung".

**Query expansion.** ``query_terms()`` turns a query into its terms: a list of alternatives
per word (today each word has one alternative, its stem). A word matches when any of its
alternatives does, and every word must match. Compound splitting and synonyms (issue 11) add
alternatives in ``expand()``; the SQL below already ORs them.

**SQL.** Only word characters reach the database, each quoted, so FTS operators (``"``, ``*``,
``NEAR``, ``-``, ``:``), SQL and NUL bytes cannot change a query.

- SQLite: an FTS5 table ``knowledge_practiceexample_fts`` (external content, kept in sync by
  triggers) answers ``"stem"*`` queries; relevance is FTS5's bm25 (``rank``).
- PostgreSQL: a stored generated column ``search_vector`` = ``to_tsvector('simple',
  search_text)`` with a GIN index answers ``'stem':*`` tsqueries; relevance is ``ts_rank``.
  'simple', because the text is stemmed already: both databases find exactly the same examples.

``ensure_search_index()`` creates the index (migrations 0003/0005) and re-checks it after every
``migrate``: SQLite drops a table's triggers when a migration rebuilds the table.
"""

from __future__ import annotations

import heapq
import json
import re
import unicodedata
from collections.abc import Callable

import snowballstemmer
from django.db import connection, connections, transaction

MAX_TERMS = 10
_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("german")

TABLE = "knowledge_practiceexample"
FTS_TABLE = "knowledge_practiceexample_fts"
VECTOR_COLUMN = "search_vector"
PG_INDEX = "knowledge_pe_search_vector_gin"
PG_OLD_INDEX = "knowledge_pe_search_gin"


# --- words -----------------------------------------------------------------------------------


def stems(text: str) -> list[str]:
    """German Snowball stems of the words in ``text``, lower case, umlauts folded by Snowball."""
    words = _WORD.findall(unicodedata.normalize("NFC", text.lower()))
    return _STEMMER.stemWords(words)


def stem_text(*texts: str) -> str:
    """The stored search text of some texts: their stems, space-separated."""
    return " ".join(s for text in texts if text for s in stems(text))


def expand(stem: str) -> list[str]:
    """The alternatives a query stem matches (the place for compounds and synonyms)."""
    return [stem]


def query_terms(q: str) -> list[list[str]]:
    """The terms of a query: per distinct word (at most MAX_TERMS) its alternatives."""
    distinct: list[str] = []
    for stem in stems(q):
        if stem not in distinct:
            distinct.append(stem)
    return [expand(stem) for stem in distinct[:MAX_TERMS]]


# --- SQL -------------------------------------------------------------------------------------


def _fts5_match(terms: list[list[str]]) -> str:
    # Each stem quoted (only word characters, so no quote can occur inside), used as a prefix.
    return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in alts) + ")" for alts in terms)


def _tsquery(terms: list[list[str]]) -> str:
    return " & ".join("(" + " | ".join(f"'{s}':*" for s in alts) + ")" for alts in terms)


def match_ids(terms: list[list[str]]) -> list[int]:
    """Ids of the examples (live or not) whose text matches ``terms``."""
    if connection.vendor == "postgresql":
        # The planner prices "@@" as cheap and picks a sequential scan for terms matching more
        # than ~10 % of the rows (250 ms at 100,000 examples instead of 20 ms through the GIN
        # bitmap): forbid that for this one statement.
        sql = f"SELECT id FROM {TABLE} WHERE {VECTOR_COLUMN} @@ to_tsquery('simple', %s)"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, [_tsquery(terms)])
            return [row[0] for row in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts5_match(terms)]
        )
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(
    terms: list[list[str]],
    candidates: list[int] | None,
    offset: int,
    limit: int,
    year_of: Callable[[int], int | None],
) -> list[int]:
    """Ids ``offset`` … of the live examples matching ``terms`` (only ``candidates`` when given),
    best first; ties: the newer year, then the lower id. ``year_of(id)`` is the year of a live
    example, None for any other."""
    if connection.vendor == "postgresql":
        query = _tsquery(terms)
        where, params = f"e.{VECTOR_COLUMN} @@ to_tsquery('simple', %s)", [query]
        if candidates is not None:
            where, params = "e.id = ANY(%s)", [candidates]
        sql = (
            f"SELECT e.id FROM {TABLE} e WHERE e.live AND {where} "
            f"ORDER BY ts_rank(e.{VECTOR_COLUMN}, to_tsquery('simple', %s)) DESC, "
            "e.year DESC, e.id LIMIT %s OFFSET %s"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # see match_ids
            cursor.execute(sql, [*params, query, limit, offset])
            return [row[0] for row in cursor.fetchall()]
    # SQLite: bm25 ("rank", lower is better) of the matching rows only, from one scan of the
    # FTS5 match ("+rowid" keeps SQLite from probing the FTS index once per candidate); the
    # ties are broken with the years the caller knows (cheaper than a join to the examples).
    sql = f"SELECT rowid, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    params: list = [_fts5_match(terms)]
    if candidates is not None:
        sql += " AND +rowid IN (SELECT value FROM json_each(%s))"
        params.append(json.dumps(candidates))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [(rank, pk) for pk, rank in cursor.fetchall() if year_of(pk) is not None]
    wanted = offset + limit
    if len(rows) > wanted:  # only rows ranked at least as well as the wanted-th can make it
        cutoff = heapq.nsmallest(wanted, (rank for rank, _pk in rows))[-1]
        rows = [row for row in rows if row[0] <= cutoff]
    rows.sort(key=lambda row: (row[0], -year_of(row[1]), row[1]))
    return [pk for _rank, pk in rows[offset:wanted]]


# --- index set-up (migrations 0003 and 0005, every post_migrate) ---------------------------

_SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
    f"content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_update AFTER UPDATE OF search_text ON {TABLE} "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); INSERT INTO {FTS_TABLE}(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
]
_SQLITE_TRIGGERS = ("knowledge_pe_fts_insert", "knowledge_pe_fts_delete", "knowledge_pe_fts_update")


def ensure_search_index(conn) -> bool:
    """Create the full-text index if missing (idempotent); True when something was created."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone():
                return False
            # PostgreSQL >= 12; adding the column rewrites the table once
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} "
                "tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING gin ({VECTOR_COLUMN})"
            )
            cursor.execute(f"DROP INDEX IF EXISTS {PG_OLD_INDEX}")  # on the expression (0003)
            return True
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE in present and all(t in present for t in _SQLITE_TRIGGERS):
            return False
        for statement in _SQLITE_FTS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return True


def ensure_search_index_after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "knowledge":
        conn = connections[using]
        if TABLE in conn.introspection.table_names():
            ensure_search_index(conn)
