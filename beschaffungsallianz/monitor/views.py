"""Views behind the routes of MonitorPage (/monitor/): statistics, drill-down list, notice page,
CSV downloads. All public and read-only; odd query strings fall back to defaults, never a 500."""

from __future__ import annotations

import csv
import re
from urllib.parse import quote_plus, urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.monitor import codes, stats
from beschaffungsallianz.monitor.forms import GERMANY, NoticeFilterForm, StatsForm
from beschaffungsallianz.monitor.models import Notice

PAGE_SIZE = 25
SAFE_VALUE = re.compile(r"^[-\w.:]*$", re.ASCII)


def alliance_state(request) -> str:
    from beschaffungsallianz.core.models import SiteSettings

    code = (SiteSettings.for_request(request).state_code or "").upper()
    return code if code in BY_CODE else "TH"


class DrillDown:
    """Builds links from a number to the list of notices behind it."""

    def __init__(self, list_base: str, period: stats.Period):
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


# The rendered statistics (everything between the form and the method notes) are cached under
# the key of the computed statistics - the data generation - plus what else they depend on.
# Any import or roll-up refresh changes the generation, so nothing stale is ever served.
STATISTICS_CACHE_SECONDS = 600


def _statistics_cache_key(
    generation: str, period: stats.Period, state: str, kind: str, page_url: str
) -> str:
    return (
        f"monitor:statistics-html:{generation}:{period.start_param}:{period.end_param}:"
        f"{state}:{kind}:{get_language()}:{page_url}"
    )


def _statistics_html(
    page_url: str, period: stats.Period, state: str, kind: str, generation: str
) -> str:
    """The statistics fragment of /monitor/, from the cache or rendered now."""
    key = _statistics_cache_key(generation, period, state, kind, page_url)
    html = cache.get(key)
    if html is None:
        result = stats.overview(period, state, kind, generation=generation)
        html = render_to_string(
            "monitor/includes/statistics.html",
            _statistics_context(page_url, result, period, state, kind),
        )
        cache.set(key, html, STATISTICS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, autoescaped


def _statistics_context(
    page_url: str, result: stats.Overview, period: stats.Period, state: str, kind: str
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
        month_drill = DrillDown(list_base, stats.Period(month, month))
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


def _stats_context(request, page, form: StatsForm) -> dict:
    """The page around the statistics: form, period, links. Cheap; the statistics themselves
    come as one (cached) HTML fragment."""
    status = stats.data_status()
    period, state, kind = form.resolve(alliance_state(request), data_range=status.range)
    page_url = page.get_url(request)
    drill = DrillDown(page_url + "bekanntmachungen/", period)
    month_choices = _month_choices(status.range, period)
    if not form.is_bound:
        form.initial = {
            "start": period.start_param,
            "end": period.end_param,
            "state": state,
            "kind": kind,
        }
    form.decorate(month_choices)
    return {
        "form": form,
        "period": period,
        "state": BY_CODE[state],
        "kind": kind,
        "statistics": _statistics_html(page_url, period, state, kind, status.generation),
        "csv_url": page_url + "statistik/csv/",
        "month_choices": month_choices,
        "small_sample": stats.SMALL_SAMPLE,
        "synthetic": stats.has_synthetic_data(),
        "query": urlencode(
            {"start": period.start_param, "end": period.end_param, "state": state, "kind": kind}
        ),
        "list_url": drill.url(),
    }


def _month_of(key: str):
    from datetime import date

    year, month = key.split("-")
    return date(int(year), int(month), 1)


def _month_choices(data_range, period: stats.Period | None) -> list[tuple[str, str]]:
    """Months offered in the form: every month with data, plus the chosen ones."""
    months = set(period.months[:1] + period.months[-1:]) if period else set()
    if data_range:
        months.update(stats.months_between(*data_range))
    return [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in sorted(months, reverse=True)]


def monitor_index(request, page):
    form = StatsForm(request.GET or None)
    if request.GET:
        form.is_valid()
    context = _stats_context(request, page, form)
    return page.render(request, context_overrides=context, template="monitor/monitor_page.html")


def notice_list(request, page):
    form = NoticeFilterForm(request.GET or None)
    filters = form.filters() if request.GET else NoticeFilterForm().filters()
    form.decorate(_month_choices(stats.data_range(), None))
    notices = stats.notice_queryset(**filters).order_by("-issue_date", "notice_id")
    paginator = Paginator(
        notices.only(
            "pk",
            "notice_id",
            "title",
            "buyer_name",
            "state",
            "performance_states",
            "issue_date",
            "publication_number",
        ),
        PAGE_SIZE,
    )
    known = stats.count_notices(**filters)
    if known is not None:
        paginator.count = known  # from the roll-ups; a count over the notices is slow
    page_obj = paginator.get_page(request.GET.get("seite"))
    summaries = stats.lot_summaries(n.pk for n in page_obj.object_list)
    rows = [
        {"notice": n, "lots": summaries.get(n.pk, {}), "places": _state_names(n.performance_states)}
        for n in page_obj.object_list
    ]
    query = request.GET.copy()
    query.pop("seite", None)
    return page.render(
        request,
        context_overrides={
            "form": form,
            "rows": rows,
            "page_obj": page_obj,
            "paginator": paginator,
            "query": query.urlencode(),
            "filter_summary": _filter_summary(filters),
            "kinds": stats.KINDS,
            "synthetic": stats.has_synthetic_data(),
        },
        template="monitor/notice_list.html",
    )


def _state_names(codes) -> list[str]:
    return [BY_CODE[code].name_de for code in codes or [] if code in BY_CODE]


def _filter_summary(filters) -> list[str]:
    """Human-readable list of the active filters."""
    parts = []
    state = filters.get("state")
    if state == GERMANY:
        parts.append(_("Germany (all states)"))
    elif state:
        parts.append(BY_CODE[state].name_de)
    place = filters.get("place")
    if place:
        name = _("Germany (all states)") if place == GERMANY else BY_CODE[place].name_de
        parts.append(_("state of the place of performance: %(state)s") % {"state": name})
    if filters.get("start"):
        parts.append(_("from %(month)s") % {"month": f"{filters['start']:%m/%Y}"})
    if filters.get("end"):
        parts.append(_("to %(month)s") % {"month": f"{filters['end']:%m/%Y}"})
    if filters.get("kind"):
        parts.append(str(stats.KINDS[filters["kind"]]))
    if filters.get("cpv"):
        label = codes.cpv_label(filters["cpv"].ljust(8, "0"))
        parts.append(f"CPV {filters['cpv']}" + (f" ({label})" if label else ""))
    if filters.get("group") is not None:
        parts.append(filters["group"].name)
    if filters.get("code"):
        code_field, _sep, code = filters["code"].partition(":")
        bt = codes.CODE_FIELDS.get(code_field, ("",))[0]
        parts.append(f"{bt} {codes.label(code_field, code)}")
    return parts


def _notice_links(notice: Notice) -> dict:
    if notice.publication_number:
        return {
            "url": f"https://ted.europa.eu/de/notice/-/detail/{notice.publication_number}",
            "name": "TED",
        }
    return {
        "url": "https://oeffentlichevergabe.de/ui/de/search/details?"
        + urlencode({"noticeId": notice.notice_id}),
        "name": "oeffentlichevergabe.de",
    }


def notice_detail(request, page, notice_id):
    try:
        notice = Notice.objects.get(notice_id=notice_id)
    except Notice.DoesNotExist:
        raise Http404(_("No such notice.")) from None
    lots = []
    for lot in notice.lots.all():
        lots.append(
            {
                "lot": lot,
                "cpv_label": codes.cpv_label(lot.main_cpv),
                "additional": [
                    {"code": c, "label": codes.cpv_label(c)} for c in lot.additional_cpv
                ],
                "nature": codes.label("contract_nature", lot.contract_nature),
                "code_lists": [
                    {"bt": bt, "name": name, "codes": codes.labelled(field, getattr(lot, field))}
                    for field, (bt, name) in codes.CODE_FIELDS.items()
                ]
                + [
                    {
                        "bt": "BT-71",
                        "name": _("Reserved participation"),
                        "codes": codes.labelled("reserved", lot.reserved),
                    }
                ],
                "criteria": [
                    {
                        **criterion,
                        "type_label": codes.label("award_criterion", criterion.get("type")),
                        "weight_kind_label": codes.label(
                            "weight_kind", criterion.get("weight_kind")
                        ),
                    }
                    for criterion in lot.award_criteria
                    if isinstance(criterion, dict)
                ],
                "kinds": [
                    label
                    for kind, label in stats.KINDS.items()
                    if kind != "any" and getattr(lot, f"uses_{kind}")
                ],
            }
        )
    return page.render(
        request,
        context_overrides={
            "notice": notice,
            "lots": lots,
            "labels": _detected_labels(notice),
            "link": _notice_links(notice),
            "state": BY_CODE.get(notice.state or ""),
            "performance_states": _state_names(notice.performance_states),
            "nuts_label": codes.nuts_label(notice.buyer_nuts),
            "notice_type_label": codes.label("notice_type", notice.notice_type),
            "subtype_label": codes.label("subtype", notice.subtype),
            "procedure_label": codes.label("procedure_type", notice.procedure_type),
            "synthetic": notice.notice_id.startswith(stats.SYNTHETIC_PREFIX),
            "list_url": page.get_url(request) + "bekanntmachungen/",
        },
        template="monitor/notice_detail.html",
    )


def _detected_labels(notice: Notice) -> list[dict]:
    from beschaffungsallianz.knowledge.models import Label

    slugs = [s for s in notice.detected_labels or [] if isinstance(s, str)]
    known = {label.slug: label for label in Label.objects.filter(slug__in=slugs)}
    result = []
    for slug in slugs:
        label = known.get(slug)
        if label is not None and getattr(label, "live", True):
            result.append({"name": label.name, "url": label.get_absolute_url()})
        else:
            result.append({"name": str(codes.EXTRA_LABEL_NAMES.get(slug, slug)), "url": None})
    return result


# --- CSV ---------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def _safe(value):
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_response(filename: str, rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow([_safe(v) for v in row])
        for i, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def notice_csv(request, page):
    form = NoticeFilterForm(request.GET or None)
    filters = form.filters() if request.GET else NoticeFilterForm().filters()
    notices = stats.notice_queryset(**filters).order_by("-issue_date", "notice_id")
    base = request.build_absolute_uri(page.get_url(request) + "bekanntmachungen/")

    def rows():
        yield [
            "notice_id",
            "publication_number",
            "issue_date",
            "state",
            "buyer",
            "title",
            "lots",
            "lots_green",
            "lots_social",
            "lots_innovative",
            "lots_any",
            "url",
            "performance_states",
        ]
        chunk = []
        for notice in notices.only(
            "pk",
            "notice_id",
            "publication_number",
            "issue_date",
            "state",
            "performance_states",
            "buyer_name",
            "title",
        ).iterator(chunk_size=500):
            chunk.append(notice)
            if len(chunk) == 500:
                yield from _notice_rows(chunk, base)
                chunk = []
        yield from _notice_rows(chunk, base)

    return _csv_response("bekanntmachungen.csv", rows())


def _notice_rows(chunk, base):
    summaries = stats.lot_summaries(n.pk for n in chunk)
    for notice in chunk:
        lots = summaries.get(notice.pk, {})
        yield [
            notice.notice_id,
            notice.publication_number or "",
            f"{notice.issue_date:%Y-%m-%d}",
            notice.state or "",
            notice.buyer_name,
            notice.title,
            lots.get("lots", 0),
            lots.get("green", 0),
            lots.get("social", 0),
            lots.get("innovative", 0),
            lots.get("any", 0),
            f"{base}{notice.notice_id}/",
            " ".join(notice.performance_states or []),
        ]


def stats_csv(request, page):
    form = StatsForm(request.GET or None)
    period, state, kind = form.resolve(alliance_state(request))
    result = stats.overview(period, state, kind)
    header = ["section", "period_start", "period_end", "key", "label", "region"] + list(
        stats.COUNT_FIELDS
    )

    def line(section, key, label, region, counts):
        return [section, period.start_param, period.end_param, key, label, region] + [
            getattr(counts, name) for name in stats.COUNT_FIELDS
        ]

    def rows():
        yield header
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

    return _csv_response(f"statistik-{period.start_param}-{period.end_param}.csv", rows())
