"""Full-text search of the library entries, on the knowledge base's machinery
(knowledge/search/text.py): the stems of an entry's texts are stored in
``LibraryEntry.search_text``; SQLite indexes them with FTS5, PostgreSQL with a generated
``tsvector`` column and a GIN index. A query is stemmed with the same German Snowball stemmer,
so "Leitfäden" finds "Leitfaden" and both databases find exactly the same entries.

``ensure_search_index`` runs in migration 0002 and after every ``migrate`` (SQLite drops a
table's triggers when a migration rebuilds the table).
"""

from __future__ import annotations

from django.db import connections

from beschaffungsallianz.knowledge.search.text import (
    FullTextIndex,
    ensure_search_index,
    matching,
    stem_text,
)

ENTRIES = FullTextIndex(
    table="library_libraryentry",
    fts_table="library_libraryentry_fts",
    trigger_prefix="library_le_fts",
    pg_index="library_le_search_vector_gin",
)

__all__ = ["ENTRIES", "matching_ids", "stem_text"]


def matching_ids(q: str):
    """Subquery of the ids of the entries (any state) matching ``q``; None without words."""
    return matching(ENTRIES, q)


def ensure_index(conn) -> bool:
    return ensure_search_index(conn, ENTRIES)


def ensure_search_index_after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "library":
        conn = connections[using]
        if ENTRIES.table in conn.introspection.table_names():
            ensure_index(conn)
