"""Backup and restore of the whole site: the database plus ``MEDIA_ROOT``, in one archive.

An archive ``beschaffungsallianz-<UTC time>.tar.gz`` (mode 0600) holds

- ``database.sqlite3``: a copy made with SQLite's online backup API (consistent while the
  site runs), or ``database.pgdump``: ``pg_dump --format=custom`` of PostgreSQL, taken in an
  exported snapshot so that the row counts below describe exactly the dumped data;
- ``media/…``: every file below ``MEDIA_ROOT`` (images, renditions, documents);
- ``manifest.json``: the database vendor, the row count of every model's table, and size and
  SHA-256 of the database file and of every media file.

``restore_backup`` checks every checksum before it changes anything, refuses a database that
has tables or a non-empty ``MEDIA_ROOT`` unless ``force`` is given, restores (SQLite backup API
or ``pg_restore``), moves the media into place and compares every table's row count with the
manifest. ``prune_backups`` deletes archives older than a number of days: the media inside
them go with them (docs/operations.md, privacy statement).

Used by ``manage.py backup`` and ``manage.py restore``.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path, PurePosixPath

import django
import psycopg
import wagtail
from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from beschaffungsallianz.core import pagecache

FORMAT_VERSION = 1
PREFIX = "beschaffungsallianz-"
ARCHIVE_NAME = re.compile(r"^beschaffungsallianz-(\d{8}T\d{6}Z)(?:-\d+)?\.tar\.gz$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    manifest: dict


# --- helpers shared by backup and restore ---


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def model_tables() -> dict[str, str]:
    """Every concrete model (many-to-many tables included) by label: its table name."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        tables[meta.label_lower] = meta.db_table
    return dict(sorted(tables.items()))


def _count_rows(cursor, tables: dict[str, str], existing: set[str]) -> dict[str, dict]:
    counts = {}
    for label, table in tables.items():
        if table not in existing:
            continue
        # Identifiers only, from the model registry, quoted: no user input in this SQL.
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[label] = {"table": table, "rows": cursor.fetchone()[0]}
    return counts


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's environment variables for ``pg_dump``/``pg_restore`` (like Django's dbshell)."""
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout}")


def _check_client_version(program: str) -> None:
    """pg_dump/pg_restore must be at least as new as the server (dumps of newer servers fail)."""
    try:
        output = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    except FileNotFoundError as exc:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)"
        ) from exc
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if match and int(match.group(1)) < server:
        raise BackupError(
            f"{program} {match.group(1)} is older than the PostgreSQL {server} server: install "
            f"postgresql-client-{server} (Debian's pg_wrapper then picks it)"
        )


# --- backup ---


def _dump_sqlite(work: Path, tables: dict[str, str]) -> tuple[Path, dict]:
    if connection.in_atomic_block:  # the backup API would wait for it forever
        raise BackupError("SQLite cannot be backed up from inside a transaction")
    target = work / DATABASE_FILES["sqlite"]
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        counts = _count_rows(cursor, tables, existing)
    return target, counts


def _dump_postgresql(work: Path, tables: dict[str, str]) -> tuple[Path, dict]:
    """pg_dump inside an exported snapshot, counted in the same snapshot."""
    _check_client_version("pg_dump")
    target = work / DATABASE_FILES["postgresql"]
    wrapper = connections.create_connection(connection.alias)
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            existing = {row[0] for row in cursor.fetchall()}
            counts = _count_rows(cursor, tables, existing)
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _pg_environment(wrapper.settings_dict),
            )
    finally:
        raw.rollback()
        raw.close()
    return target, counts


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """(path, archive-relative POSIX name) of every regular file below ``root``, sorted."""
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


class _HashingReader:
    """Reads a file for tarfile and hashes what it reads."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=arcname)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _archive_path(directory: Path, now: datetime) -> Path:
    stem = PREFIX + now.strftime(STAMP_FORMAT)
    path = directory / f"{stem}.tar.gz"
    number = 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        number += 1
        path = directory / f"{stem}-{number}.tar.gz"
    return path


def create_backup(directory: Path, now: datetime | None = None) -> BackupResult:
    """Write one archive of the database and MEDIA_ROOT into ``directory``."""
    now = now or datetime.now(UTC)
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    archive = _archive_path(directory, now)
    partial = archive.with_name(archive.name + ".partial")
    tables = model_tables()
    try:
        with tempfile.TemporaryDirectory(dir=directory) as work:
            dump = _dump_sqlite if vendor == "sqlite" else _dump_postgresql
            database_file, counts = dump(Path(work), tables)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as output:
                with tarfile.open(fileobj=output, mode="w:gz", compresslevel=6) as tar:
                    database = _add_file(tar, database_file, database_file.name)
                    media = {}
                    for path, name in _media_files(Path(settings.MEDIA_ROOT)):
                        media[name] = _add_file(tar, path, f"{MEDIA_DIR}/{name}")
                    manifest = {
                        "format": FORMAT_VERSION,
                        "created": now.isoformat(timespec="seconds"),
                        "versions": {"django": django.__version__, "wagtail": wagtail.__version__},
                        "database": {"vendor": vendor, "file": database_file.name, **database},
                        "models": counts,
                        "media": media,
                    }
                    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mode, info.mtime = len(data), 0o600, int(now.timestamp())
                    tar.addfile(info, BytesIO(data))
                output.flush()
                os.fsync(output.fileno())
        os.replace(partial, archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(archive=archive, manifest=manifest)


def archive_time(path: Path) -> datetime | None:
    match = ARCHIVE_NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)


def prune_backups(directory: Path, keep_days: int, now: datetime | None = None) -> list[Path]:
    """Delete this site's archives (database and media) older than ``keep_days`` days.

    Only files named like our archives are touched; the newest archive is always kept; a
    ``.partial`` file left by a crashed run is removed after a day.
    """
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=keep_days)
    archives = sorted(
        (time, path) for path in directory.glob(f"{PREFIX}*.tar.gz") if (time := archive_time(path))
    )
    deleted = []
    for time, path in archives[:-1]:
        if time < cutoff:
            path.unlink()
            deleted.append(path)
    for path in directory.glob(f"{PREFIX}*.tar.gz.partial"):
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) < now - timedelta(days=1):
            path.unlink()
            deleted.append(path)
    return deleted


# --- restore ---


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("not a backup of this site: the archive has no manifest.json") from exc
    manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _safe_media_name(name: str) -> str | None:
    """The media-relative name of an archive member, or None if it is not one."""
    path = PurePosixPath(name)
    if path.parts[:1] != (MEDIA_DIR,) or len(path.parts) < 2:
        return None
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


def _extract_verified(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict):
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tar.extractfile(member) as source, target.open("xb") as output:
        while block := source.read(CHUNK):
            digest.update(block)
            output.write(block)
    if digest.hexdigest() != expected["sha256"] or target.stat().st_size != expected["size"]:
        raise BackupError(f"checksum mismatch: {member.name} is damaged; nothing was restored")


def database_tables() -> list[str]:
    return connection.introspection.table_names()


def _media_is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def _restore_sqlite(database_file: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(database_file)) as source:
        source.backup(connection.connection)
    connection.close()


def _drop_postgresql_tables() -> None:
    with connection.cursor() as cursor:
        for catalog, column, kind in (
            ("pg_matviews", "matviewname", "MATERIALIZED VIEW"),
            ("pg_views", "viewname", "VIEW"),
            ("pg_tables", "tablename", "TABLE"),
            ("pg_sequences", "sequencename", "SEQUENCE"),
        ):
            # Catalog and column names come from the tuple above, never from input.
            cursor.execute(f"SELECT {column} FROM {catalog} WHERE schemaname = current_schema()")
            names = [connection.ops.quote_name(row[0]) for row in cursor.fetchall()]
            if names:
                cursor.execute(f"DROP {kind} IF EXISTS {', '.join(names)} CASCADE")


def _restore_postgresql(database_file: Path, replace: bool) -> None:
    _check_client_version("pg_restore")
    if replace:
        _drop_postgresql_tables()
    environment = _pg_environment(connection.settings_dict)
    connection.close()
    _run(
        [
            "pg_restore",
            f"--dbname={connection.settings_dict['NAME']}",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(database_file),
        ],
        environment,
    )


def _verify_counts(manifest: dict) -> dict[str, int]:
    existing = set(database_tables())
    counts = {}
    with connection.cursor() as cursor:
        for label, entry in manifest["models"].items():
            table = entry["table"]
            if table not in existing:
                raise BackupError(f"table {table} ({label}) is missing after the restore")
            # A table the database has (checked above), quoted: no user input in this SQL.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchone()[0]
            if rows != entry["rows"]:
                raise BackupError(
                    f"{label}: {rows} rows after the restore, {entry['rows']} in the backup"
                )
            counts[label] = rows
    return counts


def restore_backup(archive: Path, force: bool = False) -> dict:
    """Restore ``archive`` into the configured database and MEDIA_ROOT; returns the manifest.

    Refuses (``BackupError``) a database that has tables or a non-empty MEDIA_ROOT unless
    ``force``: then their content is replaced.
    """
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, mode="r:gz") as tar:
        manifest = _read_manifest(tar)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"this is a {vendor} backup; the configured database is {connection.vendor}"
            )
        tables = database_tables()
        if not force and tables:
            raise BackupError(
                f"the database is not empty ({len(tables)} tables): restore into a new, empty "
                "database, or pass --force to replace its content"
            )
        if not force and not _media_is_empty(media_root):
            raise BackupError(
                f"MEDIA_ROOT {media_root} is not empty: restore into an empty directory, or "
                "pass --force to replace its content"
            )
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = media_root.parent / f".restore-{uuid.uuid4().hex}"
        staging.mkdir(mode=0o750)
        try:
            with tempfile.TemporaryDirectory() as work:
                database_file = Path(work) / manifest["database"]["file"]
                expected_media = dict(manifest["media"])
                for member in tar:
                    if member.name == MANIFEST:
                        continue
                    if member.name == manifest["database"]["file"] and member.isfile():
                        _extract_verified(tar, member, database_file, manifest["database"])
                        continue
                    name = _safe_media_name(member.name)
                    if name is None or not member.isfile() or name not in expected_media:
                        raise BackupError(f"unexpected archive member {member.name!r}")
                    _extract_verified(tar, member, staging / name, expected_media.pop(name))
                if not database_file.exists():
                    raise BackupError("the archive holds no database file")
                if expected_media:
                    raise BackupError(f"files missing in the archive: {sorted(expected_media)}")
                if vendor == "sqlite":
                    _restore_sqlite(database_file)
                else:
                    _restore_postgresql(database_file, replace=bool(tables))
            _replace_media(staging, media_root)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    _verify_counts(manifest)
    pagecache.bump()  # no page rendered from the replaced database is served again
    return manifest


def _replace_media(staging: Path, media_root: Path) -> None:
    old = None
    if media_root.exists():
        old = media_root.parent / f".replaced-{uuid.uuid4().hex}"
        media_root.rename(old)
    staging.rename(media_root)
    if old is not None:
        shutil.rmtree(old)
