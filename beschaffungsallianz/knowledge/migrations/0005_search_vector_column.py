"""PostgreSQL: a stored tsvector column ``search_vector`` with the GIN index, instead of the
GIN index on the expression (ranking and index rechecks no longer re-parse the text).
SQLite: nothing changes. See knowledge/search/text.py, ensure_search_index."""

from django.db import migrations


def forwards(apps, schema_editor):
    from beschaffungsallianz.knowledge.search.text import ensure_search_index

    ensure_search_index(schema_editor.connection)


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS knowledge_pe_search_vector_gin")
        cursor.execute("ALTER TABLE knowledge_practiceexample DROP COLUMN IF EXISTS search_vector")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_pe_search_gin ON knowledge_practiceexample "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))")


class Migration(migrations.Migration):

    dependencies = [("knowledge", "0004_facet_index_version")]

    operations = [migrations.RunPython(forwards, backwards)]
