"""Maintain the statistics roll-ups (``MonitorRollup``): the one module that writes them.

Pages and API never scan ``Lot``; they sum the roll-ups (``stats.py`` reads them). After each
import the importer calls ``refresh_rollups_for(months)`` with the months whose lots were added,
changed or deleted - for an updated notice, the months of its old *and* new issue date. It
recomputes those months completely from ``Lot`` (idempotent, safe to repeat).
``rebuild_rollups()`` (``manage.py rebuild_rollups``) recomputes everything. Product-group rows
follow the knowledge base's product groups through signals (``refresh_group_rollups``,
``delete_group_rollups``).

Rows: per (dimension, month, state, key), ``total`` (key empty), ``cpv`` (CPV division),
``group`` (ProductGroup pk) and ``code`` (``field:code``), with the ten counters of
``COUNT_FIELDS``; plus a row with state ``GERMANY_ROW`` per (dimension, month, key) holding the
sum of the 16 states, so that Germany's figures are read from 1/17 of the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Min, Q

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.knowledge.models.reference import ProductGroup
from beschaffungsallianz.monitor import codes
from beschaffungsallianz.monitor.models.notices import (
    COUNT_FIELDS,
    GERMANY_ROW,
    STATE_CODES,
    Lot,
    MonitorRollup,
    cpv_prefixes_q,
)
from beschaffungsallianz.monitor.periods import add_months, month_start, months_between

Dim = MonitorRollup.Dimension


def _count_annotations() -> dict:
    annotations = {"lots": Count("id"), "notices": Count("notice_id", distinct=True)}
    for kind in ("green", "social", "innovative", "any"):
        flag = Q(**{f"uses_{kind}": True})
        annotations[f"lots_{kind}"] = Count("id", filter=flag)
        annotations[f"notices_{kind}"] = Count("notice_id", filter=flag, distinct=True)
    return annotations


def _rollup(dimension, month, state, key, values) -> MonitorRollup:
    return MonitorRollup(
        dimension=dimension,
        month=month,
        state=state or "",
        key=key or "",
        **{name: values.get(name, 0) for name in COUNT_FIELDS},
    )


def _month_lots(month: date):
    return Lot.objects.filter(issue_date__gte=month, issue_date__lt=add_months(month, 1)).order_by()


def _group_rows_for_month(month: date, group) -> list[MonitorRollup]:
    query = cpv_prefixes_q(group.significant_prefixes)
    if query is None:
        return []
    return [
        _rollup(Dim.GROUP, month, values["state"], str(group.pk), values)
        for values in _month_lots(month)
        .filter(query)
        .values("state")
        .annotate(**_count_annotations())
    ]


def _code_rows_for_month(month: date) -> list[MonitorRollup]:
    lots: dict[tuple[str, str], int] = defaultdict(int)
    notices: dict[tuple[str, str], set] = defaultdict(set)
    rows = (
        _month_lots(month)
        .filter(uses_any=True)
        .values_list("notice_id", "state", *codes.CODE_FIELDS)
        .iterator(chunk_size=5000)
    )
    for notice_id, state, *lists in rows:
        for code_field, values in zip(codes.CODE_FIELDS, lists, strict=True):
            for code in set(values or ()):
                if code and code != "none":
                    key = (state or "", f"{code_field}:{code}"[:64])
                    lots[key] += 1
                    notices[key].add(notice_id)
    return [
        _rollup(Dim.CODE, month, state, key, {"lots": count, "notices": len(notices[(state, key)])})
        for (state, key), count in lots.items()
    ]


def _rows_for_month(month: date, groups) -> list[MonitorRollup]:
    lots = _month_lots(month)
    annotations = _count_annotations()
    rows = [
        _rollup(Dim.TOTAL, month, values["state"], "", values)
        for values in lots.values("state").annotate(**annotations)
    ]
    rows += [
        _rollup(Dim.CPV, month, values["state"], values["cpv_division"], values)
        for values in lots.values("state", "cpv_division").annotate(**annotations)
    ]
    for group in groups:
        rows += _group_rows_for_month(month, group)
    rows += _code_rows_for_month(month)
    return rows + germany_rows(rows)


def germany_rows(rows: list[MonitorRollup]) -> list[MonitorRollup]:
    """One GERMANY_ROW per (dimension, month, key): the sum of the 16 states' rows. Notices add
    up exactly, since each notice has one state."""
    sums: dict[tuple, MonitorRollup] = {}
    for row in rows:
        if row.state not in STATE_CODES:
            continue
        total = sums.get((row.dimension, row.month, row.key))
        if total is None:
            total = sums[(row.dimension, row.month, row.key)] = MonitorRollup(
                dimension=row.dimension, month=row.month, state=GERMANY_ROW, key=row.key
            )
        for name in COUNT_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return list(sums.values())


def refresh_rollups_for(months: Iterable[date]) -> int:
    """Recompute the roll-ups of the given months (any day of a month stands for the month)
    from the lots. Returns the number of roll-up rows written. Call it after each committed
    import batch with the months it touched; it is idempotent."""
    wanted = sorted({month_start(day) for day in months if day})
    if not wanted:
        return 0
    # Only the columns used: the data migration 0003 runs this before later schema changes.
    groups = list(ProductGroup.objects.only("pk", "cpv_prefixes"))
    written = 0
    for month in wanted:
        rows = _rows_for_month(month, groups)
        with transaction.atomic():
            MonitorRollup.objects.filter(month=month).delete()
            MonitorRollup.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    pagecache.bump()  # the monitor's pages and API show the new figures
    return written


def lot_months() -> list[date]:
    """Every month from the earliest to the latest lot issue date."""
    agg = Lot.objects.aggregate(first=Min("issue_date"), last=Max("issue_date"))
    if agg["first"] is None:
        return []
    return months_between(agg["first"], agg["last"])


def rebuild_rollups() -> int:
    """Recompute all roll-ups from the lots (after a bulk load or a change of the rules)."""
    with transaction.atomic():
        MonitorRollup.objects.all().delete()
    pagecache.bump()
    return refresh_rollups_for(lot_months())


def refresh_group_rollups(group) -> int:
    """Recompute the rows of one product group (after it was saved with new CPV codes)."""
    months = lot_months()
    rows = [row for month in months for row in _group_rows_for_month(month, group)]
    rows += germany_rows(rows)
    with transaction.atomic():
        MonitorRollup.objects.filter(dimension=Dim.GROUP, key=str(group.pk)).delete()
        MonitorRollup.objects.bulk_create(rows, batch_size=2000)
    pagecache.bump()
    return len(rows)


def delete_group_rollups(group_pk) -> None:
    MonitorRollup.objects.filter(dimension=Dim.GROUP, key=str(group_pk)).delete()
    pagecache.bump()
