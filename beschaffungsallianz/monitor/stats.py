"""Statistics of strategic procurement: shares of lots and notices per state, month, CPV division,
product group and code, read from the roll-up table ``MonitorRollup``.

Counting rules (docs/monitor-statistics.md has the long version):

* A **lot** counts as green / social / innovative / any when its ``uses_*`` flag is set
  (``Lot.derive_flags``: the BT-06, BT-774/775/776, BT-805 and BT-71 codes, never ``none``).
* A **notice** counts as green etc. when at least one of its lots does.
* **Germany** is the sum of the 16 states; lots whose notice has no German state are left out of
  every share (and reported as ``unknown``).
* Shares are printed with their counts; a share over fewer than ``SMALL_SAMPLE`` lots (or
  notices) is flagged ``small`` ("geringe Fallzahl", not meaningful).
* The default period is the last 12 months *with data*: it ends with the month of the latest
  issue date in the database, not with today.

Maintenance of the roll-ups (for the importer): after each committed batch call
``refresh_rollups_for(months)`` with the first days (or any days) of the months whose lots were
added, changed or deleted - for an updated notice, the months of its old *and* new issue date.
The function recomputes those months completely from ``Lot`` (idempotent, safe to repeat).
``manage.py rebuild_rollups`` recomputes everything. Product-group rows follow the knowledge
base's product groups through signals (``refresh_group_rollups``).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATES
from beschaffungsallianz.monitor import codes
from beschaffungsallianz.monitor.models import Lot, MonitorRollup, Notice

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
UNITS = ("lots", "notices")
COUNT_FIELDS = tuple(
    f"{unit}{suffix}"
    for unit in UNITS
    for suffix in ("", "_green", "_social", "_innovative", "_any")
)
STATE_CODES = tuple(s.code for s in STATES)
# Roll-up rows with this state hold the sum of the 16 states, so that Germany's figures are
# read from 1/17 of the rows (the breakdown queries were the slowest part of the page).
GERMANY_ROW = "DE"
Dim = MonitorRollup.Dimension


# --- Periods ---------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class Period:
    """Whole months from ``start`` to ``end`` (both the first day of a month, inclusive)."""

    start: date
    end: date

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def last_day(self) -> date:
        return self.end.replace(day=calendar.monthrange(self.end.year, self.end.month)[1])

    @property
    def start_param(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def end_param(self) -> str:
        return f"{self.end:%Y-%m}"

    def __str__(self):
        return f"{self.start:%m/%Y}–{self.end:%m/%Y}"


def data_range() -> tuple[date, date] | None:
    """First and last month with lots, from the roll-ups; None when there is no data."""
    agg = MonitorRollup.objects.filter(dimension=Dim.TOTAL).aggregate(
        first=Min("month"), last=Max("month")
    )
    if agg["first"] is None:
        return None
    return agg["first"], agg["last"]


_UNKNOWN = object()


def default_period(today: date | None = None, span=_UNKNOWN) -> Period:
    """The last DEFAULT_MONTHS months with data (ending at the latest month with lots).
    ``span``: the result of ``data_range()`` when the caller has it already."""
    if span is _UNKNOWN:
        span = data_range()
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


def total_rows(period: Period) -> list[tuple]:
    """The ``total`` roll-up rows of the period, one per (month, state) - at most 18 a month -
    as tuples (month, state, *COUNT_FIELDS). Shared by ``state_rows`` and ``trend``."""
    rows = _fetch(
        f'SELECT "month", "state", {_COLUMNS} FROM {{table}} '
        'WHERE "dimension" = %s AND "month" >= %s AND "month" <= %s',
        [Dim.TOTAL.value, period.start, period.end],
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
    from beschaffungsallianz.knowledge.models import ProductGroup

    rows = _breakdown(Dim.GROUP, period, state, sums)
    result = []
    for group in ProductGroup.objects.all():
        row = rows.get(str(group.pk)) or Row(str(group.pk), "", Counts(), Counts())
        row.key = group.slug
        row.label = group.name
        row.extra = {"prefixes": group.significant_prefixes}
        result.append(row)
    return result


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


OVERVIEW_CACHE_SECONDS = 600


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


def data_generation() -> str:
    """Changes whenever lots or roll-ups were written: the highest lot id (the importer
    re-creates the lots of an updated notice), the highest roll-up id and the number of
    roll-up rows. Index-only lookups; used to key cached statistics and page fragments."""
    return data_status().generation


def overview(
    period: Period, state: str, kind: str = DEFAULT_KIND, generation: str | None = None
) -> Overview:
    """Everything /monitor/ shows; cached per period, state and data generation (pass
    ``generation`` when the caller has it already)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    generation = generation or data_generation()
    key = (
        f"monitor:overview:{generation}:{period.start_param}:{period.end_param}:"
        f"{state}:{get_language()}"
    )
    result = cache.get(key)
    if result is None:
        result = compute_overview(period, state)
        cache.set(key, result, OVERVIEW_CACHE_SECONDS)
    result.kind = kind
    return result


def compute_overview(period: Period, state: str, kind: str = DEFAULT_KIND) -> Overview:
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


# --- Roll-up maintenance ---------------------------------------------------------------------


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


def _group_q(prefixes: Iterable[str]) -> Q | None:
    query = None
    for prefix in prefixes:
        if prefix:
            query = (
                Q(main_cpv__startswith=prefix)
                if query is None
                else (query | Q(main_cpv__startswith=prefix))
            )
    return query


def _month_lots(month: date):
    return Lot.objects.filter(issue_date__gte=month, issue_date__lt=add_months(month, 1)).order_by()


def _group_rows_for_month(month: date, group) -> list[MonitorRollup]:
    query = _group_q(group.significant_prefixes)
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
    from beschaffungsallianz.knowledge.models import ProductGroup

    wanted = sorted({month_start(day) for day in months if day})
    _forget_synthetic_flag()
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
    _forget_synthetic_flag()
    return refresh_rollups_for(lot_months())


def refresh_group_rollups(group) -> int:
    """Recompute the rows of one product group (after it was saved with new CPV codes)."""
    months = lot_months()
    rows = [row for month in months for row in _group_rows_for_month(month, group)]
    rows += germany_rows(rows)
    with transaction.atomic():
        MonitorRollup.objects.filter(dimension=Dim.GROUP, key=str(group.pk)).delete()
        MonitorRollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def delete_group_rollups(group_pk) -> None:
    MonitorRollup.objects.filter(dimension=Dim.GROUP, key=str(group_pk)).delete()


# --- Filters for the drill-down list ---------------------------------------------------------


def code_q(code_field: str, code: str) -> Q:
    """Rows whose JSON list ``code_field`` holds ``code`` exactly, on SQLite and PostgreSQL."""
    if connection.vendor == "postgresql":
        return Q(**{f"{code_field}__contains": [code]})
    # SQLite keeps the list as JSON text: ["clim-mitig", "other"]; codes hold no quotes.
    return Q(**{f"{code_field}__icontains": f'"{code}"'})


def group_q(group) -> Q:
    """Lots whose main CPV falls into the product group (an impossible Q when it has none)."""
    return _group_q(group.significant_prefixes) or Q(pk__in=[])


def notice_queryset(
    *, state=None, place=None, start=None, end=None, kind=None, cpv=None, group=None, code=None
):
    """The notices behind a number: those with at least one lot that meets every lot filter
    (kind, CPV prefix, product group, code), as the roll-ups count them. ``state`` (the buyer's)
    and ``place`` (of performance) are a state code, "DE" for any German state, or empty for
    all notices; ``start``/``end`` are months."""
    notices = Notice.objects.all()
    if state == "DE":
        notices = notices.filter(state__in=STATE_CODES)
    elif state:
        notices = notices.filter(state=state)
    if place == "DE":
        notices = notices.exclude(performance_states=[])
    elif place:
        notices = notices.filter(code_q("performance_states", place))
    if start:
        notices = notices.filter(issue_date__gte=month_start(start))
    if end:
        notices = notices.filter(issue_date__lte=Period(end, end).last_day)
    lots = Lot.objects.filter(notice=OuterRef("pk"))
    lot_filters = Q()
    if kind in KINDS:
        lot_filters &= Q(**{f"uses_{kind}": True})
    if cpv:
        lot_filters &= Q(main_cpv__startswith=cpv)
    if group is not None:
        lot_filters &= group_q(group)
    if code:
        code_field, _sep, value = code.partition(":")
        lot_filters &= code_q(code_field, value)
    if lot_filters:
        notices = notices.filter(Exists(lots.filter(lot_filters)))
    return notices


FLAGGING_BT06 = {"strategic:env-imp", "strategic:soc-obj", "strategic:inn-pur"}


def count_notices(
    *, state=None, place=None, start=None, end=None, kind=None, cpv=None, group=None, code=None
) -> int | None:
    """The number of notices ``notice_queryset`` returns, read from the roll-ups (a notice
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


def lot_summaries(notice_ids) -> dict[int, dict]:
    """Per notice pk: number of lots and of green/social/innovative/any lots."""
    annotations = {"lots": Count("id")}
    for kind in KINDS:
        annotations[kind] = Count("id", filter=Q(**{f"uses_{kind}": True}))
    return {
        row["notice_id"]: row
        for row in Lot.objects.filter(notice_id__in=list(notice_ids))
        .values("notice_id")
        .annotate(**annotations)
        .order_by()
    }


SYNTHETIC_CACHE_KEY = "monitor:has-synthetic-data"
SYNTHETIC_CACHE_SECONDS = 300


def has_synthetic_data() -> bool:
    """True when synthetic demo notices (notice_id "demo-...") are in the database.

    A prefix search cannot use the notice_id index (SQLite's LIKE is case-insensitive,
    PostgreSQL's needs the C collation), so the answer is cached for a few minutes and dropped
    whenever roll-ups are refreshed, i.e. whenever notices were written.
    """
    from django.core.cache import cache

    found = cache.get(SYNTHETIC_CACHE_KEY)
    if found is None:
        found = Notice.objects.filter(notice_id__startswith=SYNTHETIC_PREFIX).exists()
        cache.set(SYNTHETIC_CACHE_KEY, found, SYNTHETIC_CACHE_SECONDS)
    return found


def _forget_synthetic_flag() -> None:
    from django.core.cache import cache

    cache.delete(SYNTHETIC_CACHE_KEY)
