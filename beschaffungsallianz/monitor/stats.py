"""Statistics of strategic procurement, read from the roll-up table ``MonitorRollup`` (which
``rollups.py`` maintains): shares of lots and notices per state, month, CPV division, product
group and code. This module only reads.

Counting rules (docs/monitor-statistics.md has the long version):

* A **lot** counts as green / social / innovative / any when its ``uses_*`` flag is set
  (``models.notices.strategic_flags``: BT-06, BT-774/775/776, BT-805 and BT-71, never ``none``).
* A **notice** counts as green etc. when at least one of its lots does.
* **Germany** is the sum of the 16 states; lots whose notice has no German state are left out of
  every share (and reported as ``unknown``).
* Shares are printed with their counts; a share over fewer than ``SMALL_SAMPLE`` lots (or
  notices) is flagged ``small`` ("geringe Fallzahl", not meaningful).
* The default period is the last 12 months *with data*: it ends with the month of the latest
  issue date in the database, not with today.

**Caching**, one layer: ``cached(name, generation, parts, compute)`` keeps a value in Django's
cache under the *data generation* (``data_status``: highest lot id, highest roll-up id, number
of roll-up rows), so any import, roll-up refresh or deleted roll-up row changes every key and
nothing stale is ever served. The page caches its rendered statistics fragment with it, and the
"synthetic demo data" flag is cached the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Min, Sum
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.core.states import STATES
from beschaffungsallianz.knowledge.models.reference import ProductGroup
from beschaffungsallianz.monitor import codes
from beschaffungsallianz.monitor.models.notices import (
    COUNT_FIELDS,
    GERMANY_ROW,
    Lot,
    MonitorRollup,
    Notice,
)
from beschaffungsallianz.monitor.periods import Period, add_months, month_start

# Shares over fewer cases than this are flagged as not meaningful ("geringe Fallzahl").
SMALL_SAMPLE = 30
# Length of the default period in months.
DEFAULT_MONTHS = 12

KINDS: dict[str, object] = {
    "any": _("any strategic procurement"),
    "green": _("green"),
    "social": _("social"),
    "innovative": _("innovative"),
}
DEFAULT_KIND = "any"
# notice_id prefix of the clearly labelled synthetic demo notices (see demo.py).
SYNTHETIC_PREFIX = "demo-"
Dim = MonitorRollup.Dimension
CACHE_SECONDS = 600


# --- Data status and the cache ---------------------------------------------------------------


@dataclass(frozen=True)
class DataStatus:
    generation: str  # see data_generation()
    range: tuple[date, date] | None  # see data_range()


def data_status() -> DataStatus:
    """``data_generation()`` and ``data_range()`` in one round trip (index-only lookups)."""
    lot_table = f'"{Lot._meta.db_table}"'
    total = Dim.TOTAL.value
    [(last_lot, last_rollup, rollup_rows, first, last)] = _fetch(
        f'SELECT (SELECT MAX("id") FROM {lot_table}), (SELECT MAX("id") FROM {{table}}), '
        "(SELECT COUNT(*) FROM {table}), "
        '(SELECT MIN("month") FROM {table} WHERE "dimension" = %s), '
        '(SELECT MAX("month") FROM {table} WHERE "dimension" = %s)',
        [total, total],
    )
    return DataStatus(
        generation=f"{last_lot}-{last_rollup}-{rollup_rows}",
        range=(_as_date(first), _as_date(last)) if first is not None else None,
    )


def page_status() -> DataStatus:
    """``data_status()`` once per worker process and generation of the page cache, for the
    pages and API answers that the page cache serves: it is as exact as they are (every import
    ends with the roll-up refresh, which bumps the generation)."""
    return pagecache.per_generation("monitor-data-status", data_status)


def data_generation() -> str:
    """Changes whenever lots or roll-ups were written: the highest lot id (the importer
    re-creates the lots of an updated notice), the highest roll-up id and the number of
    roll-up rows. Index-only lookups; the key of every cached value."""
    return data_status().generation


def cached(name: str, generation: str, parts: tuple, compute: Callable[[], object]):
    """The cache layer of the monitor: ``compute()``, kept for CACHE_SECONDS under the data
    generation, ``name`` and ``parts`` (what else the value depends on)."""
    key = ":".join(("monitor", name, generation, *(str(part) for part in parts)))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def has_synthetic_data(generation: str | None = None) -> bool:
    """True when synthetic demo notices (notice_id "demo-...") are in the database. A prefix
    search cannot use the notice_id index (SQLite's LIKE is case-insensitive, PostgreSQL's needs
    the C collation), so the answer is cached per data generation."""
    return cached(
        "has-synthetic-data",
        generation or data_generation(),
        (),
        lambda: Notice.objects.filter(notice_id__startswith=SYNTHETIC_PREFIX).exists(),
    )


# --- Periods ---------------------------------------------------------------------------------


def data_range() -> tuple[date, date] | None:
    """First and last month with lots, from the roll-ups; None when there is no data."""
    agg = MonitorRollup.objects.filter(dimension=Dim.TOTAL).aggregate(
        first=Min("month"), last=Max("month")
    )
    if agg["first"] is None:
        return None
    return agg["first"], agg["last"]


def default_period(span: tuple[date, date] | None, today: date | None = None) -> Period:
    """The last DEFAULT_MONTHS months with data (ending at the latest month with lots);
    ``span`` is ``data_range()`` (or ``data_status().range``)."""
    end = span[1] if span else month_start(today or date.today())
    return Period(add_months(end, -(DEFAULT_MONTHS - 1)), end)


# --- Counts and shares -----------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.count / self.total if self.total else None

    @property
    def small(self) -> bool:
        """Too few cases for the share to mean anything."""
        return self.total < SMALL_SAMPLE

    def as_dict(self) -> dict:
        percent = self.percent
        return {
            "count": self.count,
            "total": self.total,
            "percent": round(percent, 2) if percent is not None else None,
            "small_sample": self.small,
        }


@dataclass
class Counts:
    lots: int = 0
    lots_green: int = 0
    lots_social: int = 0
    lots_innovative: int = 0
    lots_any: int = 0
    notices: int = 0
    notices_green: int = 0
    notices_social: int = 0
    notices_innovative: int = 0
    notices_any: int = 0

    def add(self, values) -> None:
        for name in COUNT_FIELDS:
            value = values.get(name) if isinstance(values, dict) else getattr(values, name)
            setattr(self, name, getattr(self, name) + (value or 0))

    def share(self, kind: str, unit: str = "lots") -> Share:
        return Share(getattr(self, f"{unit}_{kind}"), getattr(self, unit))

    # Template-friendly shortcuts
    @property
    def lot_shares(self) -> dict[str, Share]:
        return {kind: self.share(kind, "lots") for kind in KINDS}

    @property
    def notice_shares(self) -> dict[str, Share]:
        return {kind: self.share(kind, "notices") for kind in KINDS}

    def as_dict(self) -> dict:
        return {
            "lots": self.lots,
            "notices": self.notices,
            "lot_shares": {kind: s.as_dict() for kind, s in self.lot_shares.items()},
            "notice_shares": {kind: s.as_dict() for kind, s in self.notice_shares.items()},
        }


@dataclass
class Row:
    """One line of a breakdown: a state, month, CPV division, product group or code."""

    key: str
    label: str
    counts: Counts = field(default_factory=Counts)
    germany: Counts | None = None  # the same line for all of Germany, where compared
    extra: dict = field(default_factory=dict)


# The statistics queries are written in SQL (the same on SQLite and PostgreSQL): the ORM took
# longer to compile their 10-40 aggregates than the database took to run them.
_SUMS = ", ".join(f'SUM("{name}")' for name in COUNT_FIELDS)
_COLUMNS = ", ".join(f'"{name}"' for name in COUNT_FIELDS)


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", f'"{MonitorRollup._meta.db_table}"'), params)
        return cursor.fetchall()


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _counts_of(values) -> Counts:
    return Counts(*(value or 0 for value in values))


def total_rows(period: Period, dimension: str = Dim.TOTAL, key: str = "") -> list[tuple]:
    """The roll-up rows of the period, one per (month, state) - at most 18 a month - as tuples
    (month, state, *COUNT_FIELDS): the ``total`` rows, or those of one ``key`` of another
    dimension (e.g. a product group's pk). Shared by ``state_rows`` and ``trend``."""
    rows = _fetch(
        f'SELECT "month", "state", {_COLUMNS} FROM {{table}} '
        'WHERE "dimension" = %s AND "key" = %s AND "month" >= %s AND "month" <= %s',
        [str(dimension), key, period.start, period.end],
    )
    return [(_as_date(month), state, *values) for month, state, *values in rows]


def state_rows(period: Period, rows: list[tuple] | None = None) -> tuple[list[Row], Counts, Counts]:
    """(one Row per state, in STATES order; Germany; lots without a German state)."""
    by_state = {s.code: Row(s.code, s.name_de) for s in STATES}
    germany, unknown = Counts(), Counts()
    for _month, state, *values in total_rows(period) if rows is None else rows:
        if state == GERMANY_ROW:
            continue
        counts = _counts_of(values)
        row = by_state.get(state)
        if row is None:
            unknown.add(counts)
        else:
            row.counts.add(counts)
            germany.add(counts)
    return list(by_state.values()), germany, unknown


def trend(period: Period, state: str | None, rows: list[tuple] | None = None) -> list[Row]:
    """One Row per month of the period: ``counts`` for the state (Germany when None),
    ``germany`` for all of Germany."""
    region_rows, germany_rows_ = {}, {}
    for month, row_state, *values in total_rows(period) if rows is None else rows:
        if row_state == GERMANY_ROW:
            germany_rows_[month] = _counts_of(values)
        if state is not None and row_state == state:
            region_rows[month] = _counts_of(values)
    result = []
    for month in period.months:
        germany = germany_rows_.get(month, Counts())
        region = germany if state is None else region_rows.get(month, Counts())
        result.append(Row(f"{month:%Y-%m}", f"{month:%m/%Y}", region, germany))
    return result


def _breakdown(dimension: str, period: Period, state: str | None, sums=None) -> dict[str, Row]:
    if sums is None:
        sums = breakdown_sums(period, state, (dimension,))
    return {
        key: Row(key, "", region, germany)
        for (row_dimension, key), (region, germany) in sums.items()
        if row_dimension == dimension
    }


def breakdown_sums(period: Period, state: str | None, dimensions=(Dim.CPV, Dim.GROUP, Dim.CODE)):
    """{(dimension, key): (region Counts, Germany Counts)} of several breakdown dimensions, in
    one query over the Germany rows and the region's rows (see cpv_rows & co.). With
    ``state`` None the region is Germany."""
    states = [GERMANY_ROW] if state is None else [GERMANY_ROW, state]
    dimensions = [str(dimension) for dimension in dimensions]
    rows = _fetch(
        f'SELECT "dimension", "key", "state", {_SUMS} FROM {{table}} '
        f'WHERE "dimension" IN ({", ".join(["%s"] * len(dimensions))}) '
        'AND "month" >= %s AND "month" <= %s '
        f'AND "state" IN ({", ".join(["%s"] * len(states))}) '
        'GROUP BY "dimension", "key", "state"',
        [*dimensions, period.start, period.end, *states],
    )
    region_sums, germany_sums = {}, {}
    for dimension, key, row_state, *values in rows:
        target = germany_sums if row_state == GERMANY_ROW else region_sums
        target[(dimension, key)] = _counts_of(values)
    result = {}
    for group_key in sorted(set(region_sums) | set(germany_sums)):
        germany = germany_sums.get(group_key) or Counts()
        region = germany if state is None else (region_sums.get(group_key) or Counts())
        result[group_key] = (region, germany)
    return result


def cpv_rows(period: Period, state: str | None, sums=None) -> list[Row]:
    """One Row per CPV division with lots in Germany in the period, by division code."""
    rows = _breakdown(Dim.CPV, period, state, sums)
    for key, row in rows.items():
        row.label = codes.cpv_division_label(key) or (key or str(_("without CPV code")))
    return sorted(rows.values(), key=lambda r: (r.key == "", r.key))


def group_rows(period: Period, state: str | None, sums=None) -> list[Row]:
    """One Row per knowledge-base product group (all of them, in their order)."""
    rows = _breakdown(Dim.GROUP, period, state, sums)
    result = []
    for group in ProductGroup.objects.all():
        row = rows.get(str(group.pk)) or Row(str(group.pk), "", Counts(), Counts())
        row.key = group.slug
        row.label = group.name
        row.extra = {"prefixes": group.significant_prefixes}
        result.append(row)
    return result


def group_detail(period: Period, group: ProductGroup) -> tuple[list[Row], Counts, list[Row]]:
    """One product group (its knowledge-base hub): a Row per state (STATES order), all of
    Germany, and the monthly trend for Germany - from the group's roll-up rows, one query."""
    rows = total_rows(period, Dim.GROUP, str(group.pk))
    states, germany, _unknown = state_rows(period, rows)
    return states, germany, trend(period, None, rows)


def code_rows(period: Period, state: str | None, sums=None) -> list[Row]:
    """One Row per published code (BT-06/774/775/776/805) with lots in Germany in the period.

    ``counts.lots`` / ``counts.notices`` are the lots / notices carrying the code; the totals
    to compare them with are those of ``state_rows``. Ordered by field, then by lots, descending.
    """
    rows = _breakdown(Dim.CODE, period, state, sums)
    order = list(codes.CODE_FIELDS)
    for key, row in rows.items():
        code_field, _sep, code = key.partition(":")
        bt, field_name = codes.CODE_FIELDS.get(code_field, ("", code_field))
        row.label = codes.label(code_field, code) if code_field in codes.CODE_FIELDS else code
        row.extra = {"field": code_field, "code": code, "bt": bt, "field_label": field_name}
    return sorted(
        rows.values(),
        key=lambda r: (
            order.index(r.extra["field"]) if r.extra["field"] in order else 99,
            -r.germany.lots,
            r.extra["code"],
        ),
    )


@dataclass
class Overview:
    """Everything /monitor/ shows, for one period, region and kind."""

    period: Period
    state: str
    kind: str
    states: list[Row]
    region: Counts
    germany: Counts
    unknown: Counts
    trend: list[Row]
    cpv: list[Row]
    groups: list[Row]
    codes: list[Row]

    @property
    def has_data(self) -> bool:
        return bool(self.germany.lots or self.unknown.lots)


def overview(period: Period, state: str, kind: str = DEFAULT_KIND) -> Overview:
    """Everything /monitor/ shows, computed (the page caches the rendered result)."""
    totals = total_rows(period)
    states, germany, unknown = state_rows(period, totals)
    region = next((row.counts for row in states if row.key == state), Counts())
    sums = breakdown_sums(period, state)
    return Overview(
        period=period,
        state=state,
        kind=kind,
        states=states,
        region=region,
        germany=germany,
        unknown=unknown,
        trend=trend(period, state, totals),
        cpv=cpv_rows(period, state, sums),
        groups=group_rows(period, state, sums),
        codes=code_rows(period, state, sums),
    )


# --- The drill-down list ---------------------------------------------------------------------


FLAGGING_BT06 = {"strategic:env-imp", "strategic:soc-obj", "strategic:inn-pur"}


def count_notices(
    *, state=None, place=None, start=None, end=None, kind=None, cpv=None, group=None, code=None
) -> int | None:
    """The number of notices ``Notice.objects.drill_down`` returns, read from the roll-ups (a notice
    falls into one month and one state, so its roll-up counts add up exactly), or None when
    the roll-ups cannot answer (a place of performance, a CPV prefix longer than a division,
    several lot filters). Saves the drill-down list a count over all notices."""
    lot_filters = [f for f in (cpv, group, code) if f]
    if place or len(lot_filters) > 1 or (cpv and len(cpv) != 2) or (code and kind):
        return None
    if code and code.startswith("strategic:") and code not in FLAGGING_BT06:
        return None  # an unknown BT-06 code sets no flag, so its lots are not rolled up
    if cpv:
        rows = MonitorRollup.objects.filter(dimension=Dim.CPV, key=cpv)
    elif group is not None:
        rows = MonitorRollup.objects.filter(dimension=Dim.GROUP, key=str(group.pk))
    elif code:
        rows = MonitorRollup.objects.filter(dimension=Dim.CODE, key=code)
    else:
        rows = MonitorRollup.objects.filter(dimension=Dim.TOTAL)
    if state:  # a state code, or "DE" = the Germany rows
        rows = rows.filter(state=state)
    else:
        rows = rows.exclude(state=GERMANY_ROW)
    if start:
        rows = rows.filter(month__gte=month_start(start))
    if end:
        rows = rows.filter(month__lte=month_start(end))
    column = f"notices_{kind}" if kind in KINDS else "notices"
    return rows.aggregate(total=Sum(column))["total"] or 0
