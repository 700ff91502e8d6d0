"""Words to stems, and the full-text SQL: the only database-specific code of the search.

**Stemming.** Wagtail's database backend has no German stemming on SQLite, and PostgreSQL's
``german`` configuration would make the two databases find different things, so the app stems
itself with the German Snowball stemmer (``snowballstemmer``): ``PracticeExample.search_text``
holds the stems of the example's texts (``PracticeExample.searchable_texts()``), a query is
stemmed the same way, and every query stem must occur as a token prefix (AND):
"Dienstkleidungen" → ``dienstkleid`` finds "Dienstkleidung".

**Compounds and synonyms** (``beschaffungsallianz.search.german``, docs/search.md): the stored
text also holds the stems of each compound's parts ("Dienstkleidung" → ``dienstkleidung dien
kleidung``), and ``query_terms()`` turns a query into a list of alternatives per word: its stem,
its compound head's and its synonyms' from the editors' list. A word matches when any of its
alternatives does, and every word must match. Stems of one or two letters ("IT") must match a
whole token, longer ones are prefixes.

**SQL.** Only word characters reach the database, each quoted, so FTS operators (``"``, ``*``,
``NEAR``, ``-``, ``:``), SQL and NUL bytes cannot change a query.

- SQLite: an FTS5 table ``knowledge_practiceexample_fts`` (external content, kept in sync by
  triggers) answers ``"stem"*`` queries; relevance is FTS5's bm25 (``rank``).
- PostgreSQL: a stored generated column ``search_vector`` = ``to_tsvector('simple',
  search_text)`` with a GIN index answers ``'stem':*`` tsqueries; relevance is ``ts_rank``.
  'simple', because the text is stemmed already: both databases find exactly the same examples.

``ensure_search_index()`` creates the index (migrations 0003/0005) and re-checks it after every
``migrate``: SQLite drops a table's triggers when a migration rebuilds the table.

**Other tables.** A ``FullTextIndex`` names a table with a stored ``search_text`` column and
its index (``EXAMPLES`` is the practice examples'). Another app stores ``stem_text(...)`` in
its own column, declares its ``FullTextIndex``, creates it with ``ensure_search_index(conn,
index)`` (a migration and post_migrate, like knowledge) and filters its rows with the one
function ``matching(index, q)``: ``Thread.objects.filter(pk__in=text.matching(THREADS, q))``
(the members' exchange, exchange/search.py). Compounds and synonyms reach every such search
through ``expand()``.
"""

from __future__ import annotations

import heapq
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import snowballstemmer
from django.db import connection, connections, transaction
from django.db.models.expressions import RawSQL

from beschaffungsallianz.search import german

MAX_TERMS = 10
_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("german")


@dataclass(frozen=True)
class FullTextIndex:
    """A table with a stored ``search_text`` column (stems, see ``stem_text``) and its index:
    on SQLite an FTS5 external-content table kept in sync by three triggers, on PostgreSQL a
    generated ``tsvector`` column with a GIN index."""

    table: str
    fts_table: str  # SQLite
    trigger_prefix: str  # SQLite: <prefix>_insert, <prefix>_delete, <prefix>_update
    pg_index: str  # PostgreSQL
    vector_column: str = "search_vector"  # PostgreSQL
    pg_dropped_indexes: tuple[str, ...] = ()  # PostgreSQL: older indexes this one replaces

    @property
    def triggers(self) -> tuple[str, str, str]:
        return tuple(f"{self.trigger_prefix}_{event}" for event in ("insert", "delete", "update"))


EXAMPLES = FullTextIndex(
    table="knowledge_practiceexample",
    fts_table="knowledge_practiceexample_fts",
    trigger_prefix="knowledge_pe_fts",
    pg_index="knowledge_pe_search_vector_gin",
    pg_dropped_indexes=("knowledge_pe_search_gin",),  # on the expression (migration 0003)
)
TABLE = EXAMPLES.table
FTS_TABLE = EXAMPLES.fts_table
VECTOR_COLUMN = EXAMPLES.vector_column
PG_INDEX = EXAMPLES.pg_index


# --- words -----------------------------------------------------------------------------------


def stems(text: str) -> list[str]:
    """German Snowball stems of the words in ``text``, lower case, umlauts folded by Snowball."""
    words = _WORD.findall(unicodedata.normalize("NFC", text.lower()))
    return _STEMMER.stemWords(words)


def stem_text(*texts: str) -> str:
    """The stored search text of some texts: their stems and compound parts' stems."""
    return german.stem_text(*texts)


def query_terms(q: str) -> list[list[str]]:
    """The terms of a query: per distinct word (at most MAX_TERMS) its alternatives."""
    distinct: dict[str, str] = {}
    for word in german.words(q):
        distinct.setdefault(german.stem(word), word)
    return [german.alternatives(word) for word in list(distinct.values())[:MAX_TERMS]]


# --- SQL -------------------------------------------------------------------------------------


def _fts5_match(terms: list[list[str]]) -> str:
    # Each stem quoted (only word characters, so no quote can occur inside), used as a prefix.
    return " AND ".join(
        "(" + " OR ".join(f'"{s}"' + ("*" if len(s) > 2 else "") for s in alts) + ")"
        for alts in terms
    )


def _tsquery(terms: list[list[str]]) -> str:
    return " & ".join(
        "(" + " | ".join(f"'{s}'" + (":*" if len(s) > 2 else "") for s in alts) + ")"
        for alts in terms
    )


def match_expression(terms: list[list[str]]) -> str:
    """The ``to_tsquery('simple', …)`` or FTS5 ``MATCH`` text of ``terms`` for this database
    (for a search that writes its own SQL around an index, like the site search)."""
    return _tsquery(terms) if connection.vendor == "postgresql" else _fts5_match(terms)


def _match_sql(terms: list[list[str]], index: FullTextIndex) -> tuple[str, list[str]]:
    """SELECT of the ids of ``index.table`` whose search text matches ``terms``."""
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT id FROM {index.table} WHERE {index.vector_column} @@ to_tsquery('simple', %s)"
        )
        return sql, [_tsquery(terms)]
    sql = f"SELECT rowid FROM {index.fts_table} WHERE {index.fts_table} MATCH %s"
    return sql, [_fts5_match(terms)]


def matching(index: FullTextIndex, q: str) -> RawSQL | None:
    """The ids of the rows of ``index.table`` whose search text matches the query ``q``, as a
    subquery for ``.filter(pk__in=…)``; None when ``q`` has no words (nothing to match)."""
    terms = query_terms(q)
    if not terms:
        return None
    sql, params = _match_sql(terms, index)
    return RawSQL(sql, params)


def match_ids(terms: list[list[str]]) -> list[int]:
    """Ids of the examples (live or not) whose text matches ``terms``."""
    sql, params = _match_sql(terms, EXAMPLES)
    if connection.vendor == "postgresql":
        # The planner prices "@@" as cheap and picks a sequential scan for terms matching more
        # than ~10 % of the rows (250 ms at 100,000 examples instead of 20 ms through the GIN
        # bitmap): forbid that for this one statement.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
            "e.year DESC NULLS LAST, e.id LIMIT %s OFFSET %s"
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


def _sqlite_statements(index: FullTextIndex) -> list[str]:
    table, fts = index.table, index.fts_table
    insert, delete, update = index.triggers
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, "
        f"content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF search_text ON {table} "
        f"BEGIN INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); INSERT INTO {fts}(rowid, search_text) "
        "VALUES (new.id, new.search_text); END",
    ]


def ensure_search_index(conn, index: FullTextIndex = EXAMPLES) -> bool:
    """Create the full-text index if missing (idempotent); True when something was created."""
    table, vector = index.table, index.vector_column
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index.pg_index])
            if cursor.fetchone():
                return False
            # PostgreSQL >= 12; adding the column rewrites the table once
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {vector} "
                "tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {index.pg_index} ON {table} USING gin ({vector})"
            )
            for old in index.pg_dropped_indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {old}")
            return True
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if index.fts_table in present and all(t in present for t in index.triggers):
            return False
        for statement in _sqlite_statements(index):
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {index.fts_table}({index.fts_table}) VALUES ('rebuild')")
        return True


def drop_search_index(conn, index: FullTextIndex) -> None:
    """Remove what ``ensure_search_index`` created (a migration's reverse step)."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {index.pg_index}")
            cursor.execute(f"ALTER TABLE {index.table} DROP COLUMN IF EXISTS {index.vector_column}")
            return
        for trigger in index.triggers:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {index.fts_table}")


def ensure_search_index_after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "knowledge":
        conn = connections[using]
        if TABLE in conn.introspection.table_names():
            ensure_search_index(conn)
