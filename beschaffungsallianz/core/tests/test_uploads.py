"""core.uploads: files stored inside files_removed_on_rollback() live only if it commits."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from wagtail.documents import get_document_model

from beschaffungsallianz.core.uploads import files_removed_on_rollback

Document = get_document_model()


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _document(name="notiz.txt") -> Document:
    return Document(title=name, file=ContentFile(b"Inhalt", name=name))


@pytest.mark.django_db(transaction=True)
def test_committed_files_stay(settings):
    with files_removed_on_rollback():
        document = _document()
        document.save()
    assert Document.objects.get().file.name == document.file.name
    assert [p.name for p in _files(settings)] == [Path(document.file.name).name]


@pytest.mark.django_db(transaction=True)
def test_files_of_a_failed_block_are_removed_and_the_error_goes_on(settings):
    with pytest.raises(RuntimeError, match="später"), files_removed_on_rollback():
        _document("eins.txt").save()
        _document("zwei.txt").save()
        assert len(_files(settings)) == 2
        raise RuntimeError("später gescheitert")
    assert Document.objects.count() == 0
    assert _files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_file_of_a_row_the_database_refuses_is_removed(settings):
    """The file is stored while the INSERT is built; then the database refuses the row."""

    def refuse(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{Document._meta.db_table}"'):
            assert len(_files(settings)) == 1  # stored already
            raise IntegrityError("refused")
        return execute(sql, params, many, context)

    with pytest.raises(IntegrityError), connection.execute_wrapper(refuse):
        with files_removed_on_rollback():
            _document().save()
    assert _files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_files_stored_outside_a_block_are_not_touched(settings):
    _document("vorher.txt").save()
    with pytest.raises(RuntimeError), files_removed_on_rollback():
        raise RuntimeError
    assert [p.name for p in _files(settings)] == ["vorher.txt"]


@pytest.mark.django_db(transaction=True)
def test_block_must_own_the_transaction(settings):
    """Nested in another transaction it could not know whether its files are committed."""
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        with files_removed_on_rollback():
            _document().save()
    assert _files(settings) == []
