"""Upsert parsed eForms notices into Notice and Lot rows: safe to re-run, version-aware, batched.

The pure parse step is :mod:`beschaffungsallianz.monitor.eforms`; reading files and packages is
:mod:`beschaffungsallianz.monitor.sources`. This module only writes:

* Natural key: the notice id (BT-701). A notice whose version (BT-757) is the same as or older
  than the stored one is *skipped*, so a re-import changes nothing and an older version never
  overwrites a newer one. A newer version replaces the notice's fields and all its lots.
* Batches of ``batch_size`` notices share one transaction. Inside it, the batch's new notices are
  written with two bulk inserts in a savepoint; should that fail (a value the database rejects),
  the savepoint is rolled back and the batch is written again one notice per savepoint, so the
  bad notice is reported and no partial rows of it remain, while the others are kept.
* Only lots (``kind == "lot"``) are stored: parts of PIN-only notices cannot carry strategic
  procurement (BT-06), so counting them would dilute every share.
* The roll-ups of the months the import touched (monitor.rollups) are refreshed once, when the
  import finishes, also when it is interrupted: a month's roll-up is recomputed from all its
  lots, so refreshing it after every batch of a large package would redo the same work.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from beschaffungsallianz.monitor import eforms
from beschaffungsallianz.monitor.models.notices import ImportRun, Lot, Notice
from beschaffungsallianz.monitor.rollups import refresh_rollups_for
from beschaffungsallianz.monitor.rows import lot_rows, lot_values, notice_row, notice_values
from beschaffungsallianz.monitor.sources import iter_sources, printable_name
from beschaffungsallianz.search import indexing as search_indexing

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500
MAX_ERRORS_STORED = 200


@dataclass
class ImportSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    months: set[date] = field(default_factory=set)

    def as_line(self) -> str:
        return (
            f"read {self.read}, new {self.new}, updated {self.updated}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )

    def fail(self, name: str, message: str) -> None:
        self.failed += 1
        line = f"{name}: {message}"
        self.errors.append(line)
        logger.info("notice import failed: %s", line)


class Version(NamedTuple):
    """Which publication of a notice is newer: BT-757 numerically ('01' < '2' < '10', '01' ==
    '1', a missing version before any), and when either version is not a number ('zz'), the
    later publication (BT-05 issue date and time; the date alone when a time is missing).
    Equal publications with different unorderable versions are ordered by the version text, so
    the result never depends on the order of import."""

    number: str | None  # BT-757 as published
    issue_date: date
    issued_at: datetime | None

    @classmethod
    def of(cls, parsed: eforms.Notice) -> Version:
        return cls(parsed.version, parsed.issue_date, parsed.issued_at)

    def supersedes(self, other: Version) -> bool:
        mine, theirs = _version_number(self.number), _version_number(other.number)
        if mine is not None and theirs is not None:
            return mine > theirs
        if self.issued_at is not None and other.issued_at is not None:
            when, other_when = self.issued_at, other.issued_at
        else:
            when, other_when = self.issue_date, other.issue_date
        if when != other_when:
            return when > other_when
        return (self.number or "") > (other.number or "")


def _version_number(version: str | None) -> int | None:
    """-1 for a missing version, None for one that is not a number."""
    stripped = (version or "").strip()
    if not stripped:
        return -1
    return int(stripped) if stripped.isdigit() else None


def _month(day: date) -> date:
    return day.replace(day=1)


@dataclass
class _Pending:
    name: str
    parsed: eforms.Notice
    existing_pk: int | None = None
    old_issue_date: date | None = None


class NoticeImporter:
    """Feed it (name, bytes) pairs; it parses, batches and upserts. Call ``finish()`` at the end."""

    def __init__(
        self,
        *,
        source: str = Notice.Source.FILE,
        batch_size: int = DEFAULT_BATCH_SIZE,
        refresh_rollups: bool = True,
        on_progress: Callable[[ImportSummary], None] | None = None,
    ):
        self.source = source
        self.batch_size = max(1, batch_size)
        self.refresh_rollups = refresh_rollups
        self.on_progress = on_progress
        self.summary = ImportSummary()
        self._batch: dict[str, _Pending] = {}
        self._stale_months: set[date] = set()

    # -- feeding ------------------------------------------------------------------------------

    def add(self, name: str, data: bytes) -> None:
        self.summary.read += 1
        try:
            parsed = eforms.parse_notice(data)
        except eforms.EFormsError as exc:
            self.summary.fail(name, str(exc))
            self._progress()
            return
        except (
            Exception
        ) as exc:  # one bad notice (a parser bug on odd input) must never stop the others
            self.summary.fail(name, f"unexpected error: {exc.__class__.__name__}: {exc}")
            self._progress()
            return
        key = parsed.notice_id[:64]
        earlier = self._batch.get(key)
        if earlier is not None:
            # The same notice twice in one batch (e.g. two versions in one package).
            if Version.of(parsed).supersedes(Version.of(earlier.parsed)):
                self._batch[key] = _Pending(name, parsed)
            self.summary.skipped += 1
        else:
            self._batch[key] = _Pending(name, parsed)
        if len(self._batch) >= self.batch_size:
            self.flush()
        self._progress()

    def add_error(self, name: str, message: str) -> None:
        """Report a source that could not be read at all (broken archive member, I/O error)."""
        self.summary.read += 1
        self.summary.fail(name, message)
        self._progress()

    def finish(self) -> ImportSummary:
        try:
            self.flush()
        finally:
            self.refresh_rollups_now()
        return self.summary

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.summary)

    # -- writing ------------------------------------------------------------------------------

    def flush(self) -> None:
        if not self._batch:
            return
        pending = list(self._batch.values())
        self._batch = {}
        months: set[date] = set()
        with transaction.atomic():
            existing = {
                notice_id: (pk, Version(version, issue_date, issued_at))
                for notice_id, pk, version, issue_date, issued_at in Notice.objects.filter(
                    notice_id__in=[p.parsed.notice_id[:64] for p in pending]
                ).values_list("notice_id", "pk", "version", "issue_date", "issued_at")
            }
            new_items, update_items = [], []
            for item in pending:
                stored = existing.get(item.parsed.notice_id[:64])
                if stored is None:
                    new_items.append(item)
                elif Version.of(item.parsed).supersedes(stored[1]):
                    item.existing_pk, item.old_issue_date = stored[0], stored[1].issue_date
                    update_items.append(item)
                else:
                    self.summary.skipped += 1
            if new_items:
                self._insert_new(new_items, months)
            for item in update_items:
                self._write_one(item, months)
        self.summary.months |= months
        self._stale_months |= months

    def refresh_rollups_now(self) -> None:
        """Refresh the roll-ups of the months written since the last refresh."""
        if self.refresh_rollups and self._stale_months:
            months, self._stale_months = self._stale_months, set()
            refresh_rollups_for(months)

    def _insert_new(self, items: list[_Pending], months: set[date]) -> None:
        try:
            with transaction.atomic():
                notices = [
                    notice_values(i.parsed, source=self.source, source_name=i.name) for i in items
                ]
                fast_insert(Notice, notices)
                pks = dict(
                    Notice.objects.filter(
                        notice_id__in=[n["notice_id"] for n in notices]
                    ).values_list("notice_id", "pk")
                )
                lots = []
                for notice, item in zip(notices, items, strict=True):
                    notice_pk = pks[notice["notice_id"]]
                    for lot in lot_values(item.parsed):
                        lot["notice_id"] = notice_pk
                        lots.append(lot)
                fast_insert(Lot, lots)
        except DatabaseError:
            # Isolate the notice the database rejected: one savepoint per notice.
            for item in items:
                self._write_one(item, months)
            return
        self.summary.new += len(items)
        months.update(_month(i.parsed.issue_date) for i in items)

    def _write_one(self, item: _Pending, months: set[date]) -> None:
        try:
            with transaction.atomic():
                row = notice_row(item.parsed, source=self.source, source_name=item.name)
                if item.existing_pk is not None:
                    row.pk = item.existing_pk
                    original = Notice.objects.only("imported_at").get(pk=row.pk)
                    row.imported_at = original.imported_at
                    row.save(force_update=True)
                    Lot.objects.filter(notice_id=row.pk).delete()
                else:
                    row.save(force_insert=True)
                lots = lot_rows(item.parsed)
                for lot in lots:
                    lot.notice_id = row.pk
                Lot.objects.bulk_create(lots)
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            self.summary.fail(
                item.name, f"database rejected notice {item.parsed.notice_id}: {reason}"
            )
            return
        if item.existing_pk is not None:
            self.summary.updated += 1
            if item.old_issue_date:
                months.add(_month(item.old_issue_date))
        else:
            self.summary.new += 1
        months.add(_month(item.parsed.issue_date))


_JSON = "json"
_DATE = "date"
_DATETIME = "datetime"
_NOW = "now"
_PLAIN = "plain"
# Strings json.dumps() writes unchanged between quotes: printable ASCII but '"' and backslash.
_JSON_VERBATIM = re.compile(r"[ !#-\[\]-~]*")


@cache
def _column_adapters(model) -> list[tuple[str, str, str, object]]:
    """(attribute, column, kind, default) for every concrete field but the auto primary key."""
    adapters = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if isinstance(f, models.JSONField):
            kind = _JSON
        elif isinstance(f, models.DateTimeField):
            # auto_now / auto_now_add: filled with "now" per batch
            kind = _NOW if f.auto_now or f.auto_now_add else _DATETIME
        elif isinstance(f, models.DateField):
            kind = _DATE
        else:  # str, bool, int, None; Decimal as is (psycopg and Django's sqlite3 adapter)
            kind = _PLAIN
        default = f.get_default() if f.has_default() else None
        adapters.append((f.attname, f.column, kind, default))
    return adapters


def json_text(value) -> str:
    """``json.dumps(value)``, faster for the import's usual value: a list of plain codes."""
    if type(value) in (tuple, list):
        if not value:
            return "[]"
        try:
            plain = _JSON_VERBATIM.fullmatch("".join(value))
        except TypeError:  # not all strings
            plain = None
        if plain is not None:
            return '["' + '", "'.join(value) + '"]'
    return json.dumps(value)


def fast_insert(model, rows: list[dict]) -> None:
    """INSERT ``rows`` ({attribute name: value} of ``model``) with one executemany.

    Same values as ``bulk_create`` (JSON as text, dates as ISO strings, which both SQLite and
    PostgreSQL accept), without model instances and without its per-value expression machinery,
    which cost more than the XML parsing in the import benchmark. Timestamps (auto_now /
    auto_now_add) are set to now; a missing attribute gets the field's default.
    """
    if not rows:
        return
    adapters = _column_adapters(model)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(column) for _attname, column, _kind, _default in adapters),
        ", ".join(["%s"] * len(adapters)),
    )
    params = []
    for row in rows:
        values = []
        for attname, _column, kind, default in adapters:
            value = row.get(attname, default)
            if kind is _PLAIN:
                values.append(value)
            elif kind is _JSON:
                values.append(json_text(value))
            elif kind is _DATE:
                values.append(value.isoformat() if value is not None else None)
            elif kind is _DATETIME:
                values.append(connection.ops.adapt_datetimefield_value(value))
            else:
                values.append(now)
        params.append(values)
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


@contextmanager
def _long_lived_objects_out_of_gc() -> Iterator[None]:
    """Leave the objects that exist before the import out of the cyclic garbage collector's
    scans while it runs (``gc.freeze()``, undone afterwards).

    The import allocates millions of short-lived objects, so the collector runs thousands of
    times, and each full collection walked the ~250,000 objects of the loaded Django project
    too: a fifth of the import's CPU time in the benchmark. Nothing is leaked: the frozen objects
    go back to the oldest generation at the end. If something else froze objects already (a
    pre-forking server does), the collector is left alone.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def import_sources(
    sources: Iterable,
    *,
    source: str = Notice.Source.FILE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: Callable[[ImportSummary], None] | None = None,
    record_run: bool = True,
    label: str = "",
) -> ImportSummary:
    """Import every item of ``sources`` (objects with ``name``, ``data`` and ``error``)."""
    started = timezone.now()
    run = ImportRun.objects.create(sources=printable_name(label)[:5000]) if record_run else None
    importer = NoticeImporter(source=source, batch_size=batch_size, on_progress=on_progress)
    interrupted = None
    try:
        with _long_lived_objects_out_of_gc():
            try:
                for item in sources:
                    if getattr(item, "error", None):
                        importer.add_error(item.name, item.error)
                    else:
                        importer.add(item.name, item.data)
            except BaseException:
                # Interrupted (Ctrl-C, a failing disk): the batches already committed stay, and
                # so must their roll-ups; the unfinished batch is dropped.
                importer.refresh_rollups_now()
                raise
            importer.finish()
            search_indexing.refresh_changed("notice", since=started)  # bulk writes: no signals
    except BaseException as exc:
        interrupted = exc
        raise
    finally:
        if run is not None:
            _record(run, importer.summary, interrupted)
    return importer.summary


def _record(run: ImportRun, summary: ImportSummary, interrupted: BaseException | None) -> None:
    """Finish the run's record with its counts, also when the import was interrupted."""
    errors = summary.errors[:MAX_ERRORS_STORED]
    if interrupted is not None:
        errors.append(f"import interrupted: {interrupted.__class__.__name__}")
    run.finished_at = timezone.now()
    run.read, run.new, run.updated = summary.read, summary.new, summary.updated
    run.skipped, run.failed = summary.skipped, summary.failed
    run.errors = "\n".join(errors)
    run.save()


def run_import(paths, *, source, batch_size, progress, stdout, stderr) -> ImportSummary:
    """What import_notices and fetch_notices run: import the files and packages at ``paths``
    with a progress bar on stderr, one ``ERROR name: reason`` line per failure and a summary
    line on stdout."""
    bar = tqdm(
        unit=" notices",
        disable=not progress,
        file=sys.stderr,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    reported = 0

    def on_progress(summary):
        nonlocal reported
        bar.update(summary.read - bar.n)
        bar.set_postfix(
            new=summary.new,
            upd=summary.updated,
            skip=summary.skipped,
            fail=summary.failed,
            refresh=False,
        )
        while reported < len(summary.errors):
            bar.clear()
            stderr.write(f"ERROR {summary.errors[reported]}")
            reported += 1

    try:
        summary = import_sources(
            iter_sources(paths),
            source=source,
            batch_size=batch_size,
            on_progress=on_progress,
            label=" ".join(str(p) for p in paths),
        )
    finally:
        bar.close()
    on_progress(summary)
    stdout.write(f"Import finished: {summary.as_line()}")
    return summary
