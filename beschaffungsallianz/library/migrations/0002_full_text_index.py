"""The full-text index of the entries' search text (library/search.py): SQLite FTS5 with
triggers, PostgreSQL a generated tsvector column with a GIN index."""

from django.db import migrations

from beschaffungsallianz.knowledge.search.text import drop_search_index, ensure_search_index
from beschaffungsallianz.library.search import ENTRIES


def forwards(apps, schema_editor):
    ensure_search_index(schema_editor.connection, ENTRIES)


def backwards(apps, schema_editor):
    drop_search_index(schema_editor.connection, ENTRIES)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
