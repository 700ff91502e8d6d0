"""What /monitor/ shows: the statistics page (form, period, the cached statistics fragment)
and the statistics as a table (CSV, XLSX). Called by the routes of ``MonitorPage``
(models/pages.py), which render the context built here with the page. Numbers come from
``stats`` (the roll-ups)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote_plus, urlencode

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from beschaffungsallianz.core.downloads import spreadsheet_response
from beschaffungsallianz.core.site_settings import alliance_state
from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.monitor import stats
from beschaffungsallianz.monitor.forms import GERMANY, StatsForm, month_choices
from beschaffungsallianz.monitor.models.notices import Notice
from beschaffungsallianz.monitor.periods import Period

SAFE_VALUE = re.compile(r"^[-\w.:]*$", re.ASCII)


class DrillDown:
    """Builds links from a number to the list of notices behind it."""

    def __init__(self, list_base: str, period: Period):
        self.base = list_base
        self.period = {"start": period.start_param, "end": period.end_param}

    def url(self, **filters) -> str:
        # Hundreds of links per page: plain joining, quoting only values that need it.
        params = {**self.period, **{k: v for k, v in filters.items() if v}}
        return (
            self.base
            + "?"
            + "&".join(
                f"{key}={value if SAFE_VALUE.match(value) else quote_plus(value)}"
                for key, value in params.items()
            )
        )


def _decorate_counts(counts: stats.Counts, drill: DrillDown, kind: str, **filters) -> dict:
    """Counts plus the links of each number, for the templates."""
    return {
        "counts": counts,
        "lot_share": counts.share(kind, "lots"),
        "notice_share": counts.share(kind, "notices"),
        "all_url": drill.url(**filters),
        "kind_url": drill.url(kind=kind, **filters),
    }


def _statistics_html(page_url: str, period: Period, state: str, kind: str, generation: str) -> str:
    """The statistics fragment of /monitor/ (everything between the form and the method notes),
    from the monitor's cache or rendered now. The key holds the data generation, so an import
    or roll-up refresh makes new keys and nothing stale is ever served."""

    def render() -> str:
        result = stats.overview(period, state, kind)
        return render_to_string(
            "monitor/includes/statistics.html",
            _statistics_context(page_url, result, period, state, kind),
        )

    parts = (period.start_param, period.end_param, state, kind, get_language(), page_url)
    html = stats.cached("statistics-html", generation, parts, render)
    return mark_safe(html)  # rendered by the template engine, autoescaped


def _statistics_context(
    page_url: str, result: stats.Overview, period: Period, state: str, kind: str
) -> dict:
    list_base = page_url + "bekanntmachungen/"
    drill = DrillDown(list_base, period)
    kind_label = stats.KINDS[kind]

    states = []
    for row in result.states:
        info = _decorate_counts(row.counts, drill, kind, state=row.key)
        info["row"] = row
        states.append(info)

    def breakdown(rows, param):
        items = []
        for row in rows:
            key = row.key if param != "cpv" or row.key else ""
            items.append(
                {
                    "row": row,
                    "region": _decorate_counts(
                        row.counts, drill, kind, state=state, **{param: key}
                    ),
                    "germany": _decorate_counts(
                        row.germany, drill, kind, state=GERMANY, **{param: key}
                    ),
                }
            )
        return items

    trend = []
    for row in result.trend:
        month = _month_of(row.key)
        month_drill = DrillDown(list_base, Period(month, month))
        trend.append(
            {
                "row": row,
                "region": _decorate_counts(row.counts, month_drill, kind, state=state),
                "germany": _decorate_counts(row.germany, month_drill, kind, state=GERMANY),
            }
        )

    codes_rows = [
        {
            "row": row,
            "region_share": stats.Share(row.counts.lots, result.region.lots),
            "germany_share": stats.Share(row.germany.lots, result.germany.lots),
            "region_url": drill.url(state=state, code=row.key),
            "germany_url": drill.url(state=GERMANY, code=row.key),
        }
        for row in result.codes
    ]
    return {
        "result": result,
        "state": BY_CODE[state],
        "kind": kind,
        "kind_label": kind_label,
        "region": _decorate_counts(result.region, drill, kind, state=state),
        "germany": _decorate_counts(result.germany, drill, kind, state=GERMANY),
        "comparison": [
            {
                "kind": k,
                "label": label,
                "region": result.region.share(k),
                "germany": result.germany.share(k),
                "region_notices": result.region.share(k, "notices"),
                "germany_notices": result.germany.share(k, "notices"),
                "region_url": drill.url(state=state, kind=k),
                "germany_url": drill.url(state=GERMANY, kind=k),
            }
            for k, label in stats.KINDS.items()
        ],
        "states_by_name": sorted(states, key=lambda item: item["row"].label),
        "map_values": {
            item["row"].key: round(item["lot_share"].percent, 1)
            if item["lot_share"].total
            else None
            for item in states
        },
        "map_url": drill.url(kind=kind) + "&state={code}",
        "trend": trend,
        "cpv": breakdown(result.cpv, "cpv"),
        "groups": breakdown(result.groups, "group"),
        "codes": codes_rows,
        "small_sample": stats.SMALL_SAMPLE,
    }


def page_context(request, page) -> dict:
    """The page around the statistics: form, period, links. Cheap; the statistics themselves
    come as one (cached) HTML fragment. Invalid values: errors and the defaults."""
    form = StatsForm(request.GET or None)
    status = stats.page_status()
    period, state, kind = form.resolve(alliance_state(request), data_range=status.range)
    page_url = page.get_url(request)
    drill = DrillDown(page_url + "bekanntmachungen/", period)
    choices = month_choices(status.range, period)
    if not form.is_bound:
        form.initial = {
            "start": period.start_param,
            "end": period.end_param,
            "state": state,
            "kind": kind,
        }
    form.offer_months(choices)
    return {
        "form": form,
        "period": period,
        "state": BY_CODE[state],
        "kind": kind,
        "statistics": _statistics_html(page_url, period, state, kind, status.generation),
        "download_url": page_url + "statistik/",
        "month_choices": choices,
        "small_sample": stats.SMALL_SAMPLE,
        "synthetic": stats.has_synthetic_data(status.generation),
        "query": urlencode(
            {"start": period.start_param, "end": period.end_param, "state": state, "kind": kind}
        ),
        "list_url": drill.url(),
    }


def _month_of(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def statistics_download(request, fmt: str):
    """Everything on the page as a table (sections state, month, cpv, product_group, code),
    ``fmt`` "csv" or "xlsx"."""
    form = StatsForm(request.GET or None)
    period, state, kind = form.resolve(alliance_state(request), data_range=stats.data_range())
    result = stats.overview(period, state, kind)
    header = ["section", "period_start", "period_end", "key", "label", "region"] + list(
        stats.COUNT_FIELDS
    )

    def line(section, key, label, region, counts):
        return [section, period.start_param, period.end_param, key, label, region] + [
            getattr(counts, name) for name in stats.COUNT_FIELDS
        ]

    def rows():
        for row in result.states:
            yield line("state", row.key, row.label, row.key, row.counts)
        yield line("state", GERMANY, "Deutschland", GERMANY, result.germany)
        yield line("state", "", "ohne Bundesland", "", result.unknown)
        for row in result.trend:
            yield line("month", row.key, row.label, state, row.counts)
            yield line("month", row.key, row.label, GERMANY, row.germany)
        for section, items in (
            ("cpv", result.cpv),
            ("product_group", result.groups),
            ("code", result.codes),
        ):
            for row in items:
                yield line(section, row.key, row.label, state, row.counts)
                yield line(section, row.key, row.label, GERMANY, row.germany)

    name = f"statistik-{period.start_param}-{period.end_param}"
    return spreadsheet_response(fmt, name, header, rows())


# --- One product group, for its knowledge-base hub (knowledge/hubs.py) ------------------------

HUB_NOTICES = 5


def product_group_figures(group, notice_base: str | None) -> dict:
    """The monitor's figures for ``group``'s CPV codes over the default period: the lots by
    state with their social, green and innovative shares, Germany, the monthly trend and the
    latest notices (with their pages below ``notice_base``, /monitor/bekanntmachungen/).
    Cached per data generation (``stats.cached``)."""

    def compute() -> dict:
        span = stats.data_range()
        if span is None:
            return {"has_data": False}
        period = stats.default_period(span)
        by_state, germany, trend = stats.group_detail(period, group)
        latest = (
            Notice.objects.drill_down(group=group)
            .order_by("-issue_date", "-pk")
            .values("notice_id", "title", "buyer_name", "issue_date", "state")[:HUB_NOTICES]
        )
        return {
            "has_data": bool(germany.lots),
            "period": period,
            "states": [row for row in by_state if row.counts.lots],
            "germany": germany,
            "trend": [row for row in trend if row.counts.lots],
            "latest": list(latest),
        }

    parts = (group.pk, group.cpv_prefixes.replace(" ", "+"))
    figures = dict(stats.cached("hub", stats.page_status().generation, parts, compute))
    if notice_base:
        figures["latest"] = [
            {**notice, "url": f"{notice_base}{notice['notice_id']}/"}
            for notice in figures.get("latest", [])
        ]
        figures["list_url"] = f"{notice_base}?group={group.slug}"
    return figures
