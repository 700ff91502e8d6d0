"""Uploaded files that live exactly as long as the rows that point at them.

A model's ``FileField`` writes its file into storage in ``pre_save``, *before* the row's INSERT.
When the database then refuses the row, or anything later in the same transaction fails, the
rows are rolled back but the files would stay in ``media/`` with no record pointing at them.

Every write that stores public uploads runs inside ``files_removed_on_rollback()``::

    with files_removed_on_rollback():
        document = Document(file=upload, ...)
        document.save()
        ...

The block is a *durable* transaction (``transaction.atomic(durable=True)``): it must be the
outermost one, so when it ends it has either committed or raised; Django refuses to nest it
inside another atomic block (except the test case's own). While it runs, every model instance
saved with a new, not yet stored file is noted (``pre_save``); when the block raises, including
a failed COMMIT, the files those instances stored are deleted and the exception goes on.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import pre_save

logger = logging.getLogger(__name__)

# The new files of the instances saved inside the current block; None outside any block.
_new_files: ContextVar[list | None] = ContextVar("core_uploads_new_files", default=None)


def _note_new_files(sender, instance, raw=False, **kwargs) -> None:
    noted = _new_files.get()
    if noted is None or raw:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField):
            field_file = getattr(instance, field.attname)
            if field_file and not field_file._committed:  # stored by this save
                noted.append(field_file)


pre_save.connect(_note_new_files, dispatch_uid="core.uploads.note_new_files")


@contextmanager
def files_removed_on_rollback(using: str | None = None):
    """Run a write in a durable transaction; delete the files it stored unless it commits."""
    noted: list = []
    token = _new_files.set(noted)
    try:
        with transaction.atomic(using=using, durable=True):
            yield
    except BaseException:
        for field_file in noted:
            if field_file._committed and field_file.name:
                field_file.storage.delete(field_file.name)
                logger.info("Removed %s: its transaction did not commit", field_file.name)
        raise
    finally:
        _new_files.reset(token)
