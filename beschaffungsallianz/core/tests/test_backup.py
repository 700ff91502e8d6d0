"""manage.py backup / restore (issue 7 item 6), on the database the suite runs on.

The round trip backs up the demo content plus uploads, restores into a new, empty database
(another process, the production settings) and compares every model's row count and every
media file's checksum with the original.
"""

import hashlib
import io
import json
import os
import sqlite3
import tarfile
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from beschaffungsallianz.core.backup import model_tables, prune_backups
from beschaffungsallianz.core.tests.production_server import manage, production_environment
from beschaffungsallianz.publications.tests.factories import pdf_bytes


def _media_checksums(root: Path) -> dict[str, str]:
    checksums = {}
    for directory, _subdirectories, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            checksums[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return checksums


def _source_counts() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label, table in model_tables().items():
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[label] = cursor.fetchone()[0]
    return counts


class EmptyDatabase:
    """A new, empty database of the suite's kind, for the restore; dropped afterwards."""

    def __init__(self, directory: Path):
        self.vendor = connection.vendor
        params = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = directory / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{params['NAME']}_restore"[:63]
            self.params = {
                "host": params["HOST"] or "127.0.0.1",
                "port": params["PORT"] or 5432,
                "user": params["USER"],
                "password": params["PASSWORD"] or None,
            }
            with closing(self._admin()) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
            host, port = self.params["host"], self.params["port"]
            self.url = f"postgres://{credentials}@{host}:{port}/{self.name}"

    def _admin(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **self.params)

    def counts(self, tables: dict[str, str]) -> dict[str, int]:
        if self.vendor == "sqlite":
            database = closing(sqlite3.connect(self.path))
        else:
            database = closing(psycopg.connect(dbname=self.name, **self.params))
        with database as db:
            cursor = db.cursor()
            result = {}
            for label, table in tables.items():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                result[label] = cursor.fetchone()[0]
            return result

    def drop(self):
        if self.vendor == "postgresql":
            with closing(self._admin()) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


def _upload_document_and_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 120), (200, 30, 30)).save(buffer, format="JPEG")
    image = get_image_model()(title="Hochgeladenes Foto", alt_text="Ein rotes Rechteck")
    image.file = ImageFile(buffer, name="hochgeladen-äöü.jpg")
    image.save()
    image.get_rendition("width-100")
    document = get_document_model()(title="Hochgeladenes Protokoll")
    document.file.save("protokoll-2026.pdf", ContentFile(pdf_bytes(3)), save=False)
    document.save()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_demo_content_and_uploads(settings, tmp_path, empty_database):
    cache.clear()  # Wagtail's rendition cache must not remember files of another test
    call_command("load_demo_content", stdout=io.StringIO())
    _upload_document_and_image()
    source_counts = _source_counts()
    source_media = _media_checksums(Path(settings.MEDIA_ROOT))
    assert source_counts["core.customdocument"] >= 2 and source_counts["core.customimage"] >= 2
    assert len(source_media) >= 5

    output = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=output)
    (archive,) = (tmp_path / "backups").glob("beschaffungsallianz-*.tar.gz")
    restored_media = tmp_path / "restored-media"
    environment = production_environment(
        DATABASE_URL=empty_database.url, MEDIA_ROOT=str(restored_media), CACHE_URL="locmem://"
    )
    restore = manage(environment, "restore", str(archive))

    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert "all checksums and row counts verified" in restore.stdout
    assert empty_database.counts(model_tables()) == {
        label: source_counts.get(label, 0) for label in model_tables()
    }
    assert _media_checksums(restored_media) == source_media

    # A second restore into the now filled database is refused, and replaces it with --force.
    refused = manage(environment, "restore", str(archive), expect_failure=True)
    assert "the database is not empty" in refused.stderr
    (restored_media / "documents" / "hinzugekommen.pdf").write_bytes(b"%PDF-1.4 neu")
    manage(environment, "restore", str(archive), "--force")
    assert _media_checksums(restored_media) == source_media
    assert empty_database.counts(model_tables()) == {
        label: source_counts.get(label, 0) for label in model_tables()
    }


@pytest.fixture
def archive(tmp_path, settings):
    """An archive of one uploaded image (with a rendition) and one document (tests that use it
    are transactional: the backup reads committed data, as it does in production)."""
    cache.clear()
    _upload_document_and_image()
    call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())
    (path,) = (tmp_path / "backups").glob("beschaffungsallianz-*.tar.gz")
    return path


def _manifest(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_manifest_counts_every_model_and_checksums_every_file(archive, settings):
    manifest = _manifest(archive)

    assert manifest["database"]["vendor"] == connection.vendor
    assert set(manifest["models"]) == set(model_tables())
    assert manifest["models"]["core.customdocument"]["rows"] == 1
    assert manifest["media"] == {
        name: {
            "size": (Path(settings.MEDIA_ROOT) / name).stat().st_size,
            "sha256": checksum,
        }
        for name, checksum in _media_checksums(Path(settings.MEDIA_ROOT)).items()
    }
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        database = tar.extractfile(manifest["database"]["file"]).read()
    assert hashlib.sha256(database).hexdigest() == manifest["database"]["sha256"]
    assert sorted(n for n in names if n.startswith("media/")) == sorted(
        f"media/{name}" for name in manifest["media"]
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(archive):
    with pytest.raises(CommandError, match="the database is not empty.*--force"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_before_changing_anything(archive, tmp_path, settings):
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/documents/"):
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit flipped, same size
            target.addfile(member, io.BytesIO(data))
    media_before = _media_checksums(Path(settings.MEDIA_ROOT))
    counts_before = _source_counts()

    with pytest.raises(CommandError, match="checksum mismatch: media/documents/"):
        call_command("restore", str(damaged), force=True)

    assert _media_checksums(Path(settings.MEDIA_ROOT)) == media_before
    assert _source_counts() == counts_before


def _touch_archive(directory: Path, when: datetime, suffix: str = "") -> Path:
    path = directory / f"beschaffungsallianz-{when.strftime('%Y%m%dT%H%M%SZ')}{suffix}.tar.gz"
    path.write_bytes(b"archive")
    return path


def test_prune_deletes_archives_older_than_the_retention_and_nothing_else(tmp_path):
    now = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    old = _touch_archive(tmp_path, now - timedelta(days=31))
    old_same_second = _touch_archive(tmp_path, now - timedelta(days=31), "-2")
    kept = _touch_archive(tmp_path, now - timedelta(days=29))
    newest = _touch_archive(tmp_path, now)
    foreign = tmp_path / "media-2025-01-01.tar.gz"
    foreign.write_bytes(b"not ours")

    deleted = prune_backups(tmp_path, keep_days=30, now=now)

    assert sorted(deleted) == sorted([old, old_same_second])
    assert sorted(tmp_path.iterdir()) == sorted([kept, newest, foreign])


def test_prune_always_keeps_the_newest_archive(tmp_path):
    now = datetime(2026, 11, 29, tzinfo=UTC)
    only = _touch_archive(tmp_path, now - timedelta(days=400))

    assert prune_backups(tmp_path, keep_days=0, now=now) == []
    assert only.exists()


@pytest.mark.django_db
def test_backup_is_refused_inside_a_transaction(tmp_path):
    """SQLite's backup API would wait forever for the open transaction; say so instead."""
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite reads through the request's connection")
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", output_dir=tmp_path, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_backup_keep_days_deletes_old_archives_after_a_new_one(tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    old = _touch_archive(directory, datetime.now(UTC) - timedelta(days=10))
    output = io.StringIO()

    call_command("backup", output_dir=directory, keep_days=7, stdout=output)

    assert not old.exists()
    assert len(list(directory.glob("beschaffungsallianz-*.tar.gz"))) == 1
    assert f"deleted {old}" in output.getvalue()
