"""Full-text index over Post.search_text: SQLite FTS5 table + triggers, or a PostgreSQL
generated tsvector column with a GIN index (exchange/search.py, knowledge/search/text.py).
Re-checked after every migrate."""

from django.db import migrations


def create_index(apps, schema_editor):
    from beschaffungsallianz.exchange.search import POSTS
    from beschaffungsallianz.knowledge.search.text import ensure_search_index

    ensure_search_index(schema_editor.connection, POSTS)


def drop_index(apps, schema_editor):
    from beschaffungsallianz.exchange.search import POSTS
    from beschaffungsallianz.knowledge.search.text import drop_search_index

    drop_search_index(schema_editor.connection, POSTS)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
