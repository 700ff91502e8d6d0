"""Read-only JSON API of the monitor app, mounted at /api/v1/monitor/ (see ../api.py).

The same aggregates as the /monitor/ pages (``stats.py``), validated by the same forms
(``forms.py``) as the pages; the OpenAPI schema's enumerations and patterns come from them too.
An unknown parameter or a bad value is a 422 with a message per parameter, an unknown notice a
404. Periods are whole months ``start``/``end`` (YYYY-MM); without them, the
last 12 months with data. ``state`` is the region compared with Germany (default: the
alliance's state from the site settings).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from beschaffungsallianz.core.api import errors
from beschaffungsallianz.core.site_settings import alliance_state
from beschaffungsallianz.core.states import BY_CODE, STATES
from beschaffungsallianz.monitor import codes, stats
from beschaffungsallianz.monitor.forms import (
    CODE_PATTERN,
    CPV_PATTERN,
    GERMANY,
    MONTH_PATTERN,
    NoticeFilterForm,
    StatsForm,
)
from beschaffungsallianz.monitor.models.notices import Notice, lot_summaries
from beschaffungsallianz.monitor.models.pages import MonitorPage
from beschaffungsallianz.monitor.notices import LIST_FIELDS, source_link
from beschaffungsallianz.monitor.periods import Period

router = Router(tags=["monitor"])

MAX_PAGE_SIZE = 100


# --- Schemas ---------------------------------------------------------------------------------


class ShareOut(Schema):
    count: int
    total: int
    percent: float | None = Field(description="count / total in percent, 2 decimals")
    small_sample: bool = Field(description=f"total below {stats.SMALL_SAMPLE}: not meaningful")


class CountsOut(Schema):
    lots: int
    notices: int
    lot_shares: dict[str, ShareOut] = Field(description="per kind: any, green, social, innovative")
    notice_shares: dict[str, ShareOut] = Field(description="a notice counts when any lot does")


class PeriodOut(Schema):
    start: str = Field(description="first month, YYYY-MM")
    end: str = Field(description="last month, YYYY-MM (inclusive)")


class SummaryOut(Schema):
    period: PeriodOut
    state: str
    state_name: str
    region: CountsOut
    germany: CountsOut = Field(description="the 16 states together")
    without_state: CountsOut = Field(description="lots without a German state (not in Germany)")
    data_range: PeriodOut | None
    small_sample_threshold: int
    synthetic_data: bool = Field(description="True when synthetic demo notices are included")


class StateOut(CountsOut):
    code: str
    name: str


class StatesOut(Schema):
    period: PeriodOut
    states: list[StateOut]
    germany: CountsOut
    without_state: CountsOut


class BreakdownRowOut(Schema):
    key: str
    label: str
    region: CountsOut
    germany: CountsOut


class BreakdownOut(Schema):
    period: PeriodOut
    state: str
    rows: list[BreakdownRowOut]


class CodeRowOut(Schema):
    field: str = Field(description="strategic, green, social, innovative, gpp")
    bt: str
    code: str
    label: str
    region: ShareOut = Field(description="lots with the code / all lots of the region")
    germany: ShareOut
    region_notices: int
    germany_notices: int


class CodesOut(Schema):
    period: PeriodOut
    state: str
    rows: list[CodeRowOut]


class NoticeSummaryOut(Schema):
    notice_id: str
    publication_number: str | None
    issue_date: date
    state: str | None = Field(description="the buyer's federal state")
    performance_states: list[str] = Field(description="federal states of the places of performance")
    buyer: str
    title: str
    url: str
    lots: int
    lots_green: int
    lots_social: int
    lots_innovative: int
    lots_any: int


class NoticeListOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[NoticeSummaryOut]


class CodeOut(Schema):
    code: str
    label: str


class AwardCriterionOut(Schema):
    type: str | None
    type_label: str
    name: str | None
    weight: float | str | None
    weight_kind: str | None


class LotOut(Schema):
    lot_id: str
    title: str
    main_cpv: str
    main_cpv_label: str
    additional_cpv: list[str]
    contract_nature: str
    estimated_value: str | None
    awarded_value: str | None
    currency: str
    strategic: list[CodeOut]
    green: list[CodeOut]
    social: list[CodeOut]
    innovative: list[CodeOut]
    gpp: list[CodeOut]
    reserved: list[CodeOut]
    award_criteria: list[AwardCriterionOut]
    clean_vehicles: bool | None
    uses_green: bool
    uses_social: bool
    uses_innovative: bool
    uses_any: bool


class NoticeOut(Schema):
    notice_id: str
    version: str | None
    publication_number: str | None
    notice_type: str
    notice_type_label: str
    subtype: str
    subtype_label: str
    procedure_type: str
    procedure_type_label: str
    issue_date: date
    title: str
    buyer: str
    buyer_country: str | None
    buyer_nuts: str | None
    state: str | None = Field(description="the buyer's federal state; none for buyers abroad")
    state_rule: str | None
    performance_states: list[str] = Field(
        description="federal states of the places of performance (BT-5071)"
    )
    detected_labels: list[str]
    source: str
    url: str
    source_url: str = Field(description="the notice on TED, else on oeffentlichevergabe.de")
    synthetic: bool
    lots: list[LotOut]


# Enumerations and patterns come from the validators of the pages (forms.py, stats.KINDS,
# core.states), so a request that matches this schema is never rejected with 422 and one that
# does not match always is.
StateCode = Literal[tuple(s.code for s in STATES)]
Region = Literal[(GERMANY, *(s.code for s in STATES))]
Kind = Literal[tuple(stats.KINDS)]
Month = Annotated[str, Field(pattern=MONTH_PATTERN, examples=["2025-01"])]


class StatsQuery(Schema):
    start: Month = Field(None, description="first month, YYYY-MM")
    end: Month = Field(
        None, description="last month, YYYY-MM; before start: an empty period (all counts 0)"
    )
    state: StateCode = Field(None, description="region compared with Germany, e.g. TH")
    kind: Kind = Field(
        None,
        description="accepted for links from the page (any, green, "
        "social, innovative); every kind is returned",
    )


class NoticeQuery(Schema):
    state: Region = Field(None, description="the buyer's state code, or DE for any German state")
    place: Region = Field(
        None, description="state code of a place of performance, or DE for any German state"
    )
    start: Month = Field(None, description="first month, YYYY-MM")
    end: Month = Field(None, description="last month, YYYY-MM")
    kind: Kind = Field(None, description="any, green, social or innovative")
    cpv: str = Field(
        None, pattern=CPV_PATTERN, description="2 to 8 leading digits of the main CPV code"
    )
    group: str = Field(None, description="product group slug (404 when there is none such)")
    code: str = Field(None, pattern=CODE_PATTERN, description="field:code, e.g. green:clim-mitig")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _responses(out, *, not_found: bool = False) -> dict:
    return {200: out, **errors(not_found=not_found)}


# --- Helpers ---------------------------------------------------------------------------------


def _invalid(errors: dict[str, str]):
    return ValidationError(
        [
            {"loc": ["query", name], "msg": msg, "type": "value_error"}
            for name, msg in errors.items()
        ]
    )


def _check_params(request, allowed) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise _invalid({name[:40]: "Unknown parameter." for name in unknown})
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise _invalid({name: "Give this parameter once." for name in repeated})


def _errors(form) -> dict[str, str]:
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


def _stats_params(request) -> tuple[Period, str]:
    _check_params(request, StatsQuery.model_fields)
    form = StatsForm(request.GET, strict_period=False)
    if not form.is_valid():
        raise _invalid(_errors(form))
    period, state, _kind = form.resolve(alliance_state(request), data_range=stats.data_range())
    return period, state


def _period(period: Period) -> dict:
    return {"start": period.start_param, "end": period.end_param}


def _counts(counts: stats.Counts) -> dict:
    return counts.as_dict()


def _breakdown(request, rows_of) -> dict:
    """The rows ``rows_of(period, state)`` for the period and state the request asks for."""
    period, state = _stats_params(request)
    return {
        "period": _period(period),
        "state": state,
        "rows": [
            {
                "key": r.key,
                "label": r.label,
                "region": _counts(r.counts),
                "germany": _counts(r.germany),
            }
            for r in rows_of(period, state)
        ],
    }


def _list_url(request) -> str:
    page = MonitorPage.objects.live().first()
    return request.build_absolute_uri(page.get_url(request) + "bekanntmachungen/") if page else ""


# --- Endpoints -------------------------------------------------------------------------------


@router.get("/summary", response=_responses(SummaryOut), summary="The region against Germany")
def summary(request, params: Query[StatsQuery]):
    period, state = _stats_params(request)
    rows, germany, unknown = stats.state_rows(period)
    region = next(row.counts for row in rows if row.key == state)
    status = stats.page_status()
    span = status.range
    return {
        "period": _period(period),
        "state": state,
        "state_name": BY_CODE[state].name_de,
        "region": _counts(region),
        "germany": _counts(germany),
        "without_state": _counts(unknown),
        "data_range": {"start": f"{span[0]:%Y-%m}", "end": f"{span[1]:%Y-%m}"} if span else None,
        "small_sample_threshold": stats.SMALL_SAMPLE,
        "synthetic_data": stats.has_synthetic_data(status.generation),
    }


@router.get("/states", response=_responses(StatesOut), summary="Lots and notices per federal state")
def states(request, params: Query[StatsQuery]):
    period, _state = _stats_params(request)
    rows, germany, unknown = stats.state_rows(period)
    return {
        "period": _period(period),
        "states": [{"code": r.key, "name": r.label, **_counts(r.counts)} for r in rows],
        "germany": _counts(germany),
        "without_state": _counts(unknown),
    }


@router.get(
    "/trend", response=_responses(BreakdownOut), summary="Per month: the region and Germany"
)
def trend(request, params: Query[StatsQuery]):
    return _breakdown(request, stats.trend)


@router.get(
    "/cpv", response=_responses(BreakdownOut), summary="Per CPV division: the region and Germany"
)
def cpv(request, params: Query[StatsQuery]):
    return _breakdown(request, stats.cpv_rows)


@router.get(
    "/product-groups",
    response=_responses(BreakdownOut),
    summary="Per product group of the knowledge base: the region and Germany",
)
def product_groups(request, params: Query[StatsQuery]):
    return _breakdown(request, stats.group_rows)


@router.get(
    "/codes", response=_responses(CodesOut), summary="Per published code (BT-06/774/775/776/805)"
)
def code_breakdown(request, params: Query[StatsQuery]):
    period, state = _stats_params(request)
    rows, germany, _unknown = stats.state_rows(period)
    region = next(row.counts for row in rows if row.key == state)
    return {
        "period": _period(period),
        "state": state,
        "rows": [
            {
                "field": r.extra["field"],
                "bt": r.extra["bt"],
                "code": r.extra["code"],
                "label": r.label,
                "region": stats.Share(r.counts.lots, region.lots).as_dict(),
                "germany": stats.Share(r.germany.lots, germany.lots).as_dict(),
                "region_notices": r.counts.notices,
                "germany_notices": r.germany.notices,
            }
            for r in stats.code_rows(period, state)
        ],
    }


@router.get(
    "/notices",
    response=_responses(NoticeListOut, not_found=True),
    summary="The notices behind a number",
)
def notices(request, params: Query[NoticeQuery]):
    _check_params(request, NoticeQuery.model_fields)
    form = NoticeFilterForm(
        {k: v for k, v in request.GET.items() if k not in ("page", "page_size")},
        strict_period=False,
    )
    if not form.is_valid():
        if set(form.errors) == {"group"}:
            raise Http404(_("No such product group."))
        raise _invalid(_errors(form))
    queryset = Notice.objects.drill_down(**form.filters()).order_by("-issue_date", "notice_id")
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    page = list(queryset.only(*LIST_FIELDS)[start : start + params.page_size])
    summaries = lot_summaries(n.pk for n in page)
    base = _list_url(request)
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
        "results": [
            {
                "notice_id": n.notice_id,
                "publication_number": n.publication_number,
                "issue_date": n.issue_date,
                "state": n.state,
                "performance_states": n.performance_states or [],
                "buyer": n.buyer_name,
                "title": n.title,
                "url": f"{base}{n.notice_id}/" if base else "",
                **{
                    f"lots{'' if k == 'lots' else '_' + k}": summaries.get(n.pk, {}).get(k, 0)
                    for k in ("lots", "green", "social", "innovative", "any")
                },
            }
            for n in page
        ],
    }


def _weight(value):
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


@router.get(
    "/notices/{notice_id}",
    response={200: NoticeOut, **errors(invalid=False, not_found=True)},
    summary="One notice with its lots",
)
def notice(request, notice_id: str):
    try:
        obj = Notice.objects.get(notice_id=notice_id[:64])
    except Notice.DoesNotExist:
        raise Http404(_("No such notice.")) from None
    base = _list_url(request)
    lots = []
    for lot in obj.lots.all():
        lots.append(
            {
                "lot_id": lot.lot_id,
                "title": lot.title,
                "main_cpv": lot.main_cpv,
                "main_cpv_label": codes.cpv_label(lot.main_cpv),
                "additional_cpv": list(lot.additional_cpv or []),
                "contract_nature": lot.contract_nature,
                "estimated_value": str(lot.estimated_value)
                if lot.estimated_value is not None
                else None,
                "awarded_value": str(lot.awarded_value) if lot.awarded_value is not None else None,
                "currency": lot.currency,
                **{
                    field: codes.labelled(field, getattr(lot, field))
                    for field in ("strategic", "green", "social", "innovative", "gpp", "reserved")
                },
                "award_criteria": [
                    {
                        "type": c.get("type"),
                        "type_label": codes.label("award_criterion", c.get("type")),
                        "name": c.get("name"),
                        "weight": _weight(c.get("weight")),
                        "weight_kind": c.get("weight_kind"),
                    }
                    for c in lot.award_criteria or []
                    if isinstance(c, dict)
                ],
                "clean_vehicles": lot.clean_vehicles,
                "uses_green": lot.uses_green,
                "uses_social": lot.uses_social,
                "uses_innovative": lot.uses_innovative,
                "uses_any": lot.uses_any,
            }
        )
    return {
        "notice_id": obj.notice_id,
        "version": obj.version,
        "publication_number": obj.publication_number,
        "notice_type": obj.notice_type,
        "notice_type_label": codes.label("notice_type", obj.notice_type),
        "subtype": obj.subtype,
        "subtype_label": codes.label("subtype", obj.subtype),
        "procedure_type": obj.procedure_type,
        "procedure_type_label": codes.label("procedure_type", obj.procedure_type),
        "issue_date": obj.issue_date,
        "title": obj.title,
        "buyer": obj.buyer_name,
        "buyer_country": obj.buyer_country,
        "buyer_nuts": obj.buyer_nuts,
        "state": obj.state,
        "state_rule": obj.state_rule,
        "performance_states": obj.performance_states or [],
        "detected_labels": [s for s in obj.detected_labels or [] if isinstance(s, str)],
        "source": obj.source,
        "url": f"{base}{obj.notice_id}/" if base else "",
        "source_url": source_link(obj)["url"],
        "synthetic": obj.notice_id.startswith(stats.SYNTHETIC_PREFIX),
        "lots": lots,
    }
