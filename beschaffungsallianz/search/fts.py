"""The full-text index of ``SearchEntry`` (FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL), made by ``knowledge.search.text`` like the practice examples' own."""

from django.db import connections

from beschaffungsallianz.knowledge.search.text import FullTextIndex, ensure_search_index

ENTRIES = FullTextIndex(
    table="search_searchentry",
    fts_table="search_searchentry_fts",
    trigger_prefix="search_entry_fts",
    pg_index="search_entry_search_vector_gin",
)


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    """Re-check the index after every migrate (SQLite drops triggers when it rebuilds a table)."""
    if sender.label == "search":
        conn = connections[using]
        if ENTRIES.table in conn.introspection.table_names():
            ensure_search_index(conn, ENTRIES)
