"""Full-text index over Decision.search_text: SQLite FTS5 table + triggers, or a PostgreSQL
GIN index (knowledge/search/text.py; meetings/decisions.py). Re-checked after every migrate."""

from django.db import migrations


def create_index(apps, schema_editor):
    from beschaffungsallianz.meetings.decisions import DECISIONS
    from beschaffungsallianz.knowledge.search.text import ensure_search_index

    ensure_search_index(schema_editor.connection, DECISIONS)


def drop_index(apps, schema_editor):
    from beschaffungsallianz.meetings.decisions import DECISIONS
    from beschaffungsallianz.knowledge.search.text import drop_search_index

    drop_search_index(schema_editor.connection, DECISIONS)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
