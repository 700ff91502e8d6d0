"""Full-text search over the exchange: the knowledge base's engine (knowledge/search/text.py:
German Snowball stems stored in ``Post.search_text``, SQLite FTS5 or a PostgreSQL GIN index),
reused through its ``FullTextIndex``, ``stem_text`` and ``matching``, not copied.

A thread matches when one of its visible posts matches (the opening post's stems include the
thread's title). Hidden posts and hidden threads are filtered out in the query itself, and a
deleted post leaves the index with its row (trigger or generated column), so both disappear
from the results at once.
"""

from django.db import connections

from beschaffungsallianz.exchange.models import Post
from beschaffungsallianz.knowledge.search import text

POSTS = text.FullTextIndex(
    table="exchange_post",
    fts_table="exchange_post_fts",
    trigger_prefix="exchange_post_fts",
    pg_index="exchange_post_search_vector_gin",
)


def search_text_for(post: Post) -> str:
    """What ``Post.search_text`` holds: the stems of the text (and of the title if opening)."""
    title = post.thread.title if post.is_opening else ""
    return text.stem_text(title, post.body)


def threads_matching(threads, q: str):
    """``threads`` (a Thread queryset) narrowed to those with a visible post matching ``q``;
    unchanged when ``q`` has no words."""
    ids = text.matching(POSTS, q)
    if ids is None:
        return threads
    posts = Post.objects.visible().filter(pk__in=ids).values("thread_id")
    return threads.filter(pk__in=posts)


def ensure_index_after_migrate(sender, using="default", **kwargs) -> None:
    """Re-check the index after every migrate (SQLite drops triggers when a table is rebuilt)."""
    conn = connections[using]
    if POSTS.table in conn.introspection.table_names():
        text.ensure_search_index(conn, POSTS)
