"""Full-text index over PracticeExample.search_text: SQLite FTS5 table + triggers, or a
PostgreSQL GIN index (see knowledge/search/text.py). Re-checked after every migrate."""

from django.db import migrations


def create_index(apps, schema_editor):
    from beschaffungsallianz.knowledge.search.text import ensure_search_index

    ensure_search_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS knowledge_pe_search_gin")
        elif conn.vendor == "sqlite":
            for trigger in ("knowledge_pe_fts_insert", "knowledge_pe_fts_delete",
                            "knowledge_pe_fts_update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute("DROP TABLE IF EXISTS knowledge_practiceexample_fts")


class Migration(migrations.Migration):

    dependencies = [("knowledge", "0002_search_text_parental_m2m")]

    operations = [migrations.RunPython(create_index, drop_index)]
