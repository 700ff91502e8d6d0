"""What the notice pages of /monitor/ show: the drill-down list behind a number, one notice,
and the list as CSV. Called by the routes of ``MonitorPage`` (models/pages.py). The list's
filters are ``Notice.objects.drill_down``; its count comes from the roll-ups where they can
answer (``stats.count_notices``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from beschaffungsallianz.core.downloads import spreadsheet_response
from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge import hubs
from beschaffungsallianz.knowledge.models.reference import Label
from beschaffungsallianz.monitor import codes, stats
from beschaffungsallianz.monitor.forms import GERMANY, NoticeFilterForm, month_choices
from beschaffungsallianz.monitor.models.notices import Notice, lot_summaries

PAGE_SIZE = 25
# The notice columns a list shows (page, CSV, API).
LIST_FIELDS = (
    "pk",
    "notice_id",
    "title",
    "buyer_name",
    "state",
    "performance_states",
    "issue_date",
    "publication_number",
)


def _filters(request) -> tuple[NoticeFilterForm, dict]:
    form = NoticeFilterForm(request.GET or None)
    return form, form.filters() if request.GET else NoticeFilterForm().filters()


def list_context(request) -> dict:
    """The notices behind a number, 25 per page (``?seite=``); invalid filters are dropped."""
    form, filters = _filters(request)
    status = stats.page_status()
    form.offer_months(month_choices(status.range, None))
    notices = Notice.objects.drill_down(**filters).order_by("-issue_date", "notice_id")
    paginator = Paginator(notices.only(*LIST_FIELDS), PAGE_SIZE)
    known = stats.count_notices(**filters)
    if known is not None:
        paginator.count = known  # from the roll-ups; a count over the notices is slow
    page_obj = paginator.get_page(request.GET.get("seite"))
    summaries = lot_summaries(n.pk for n in page_obj.object_list)
    rows = [
        {"notice": n, "lots": summaries.get(n.pk, {}), "places": state_names(n.performance_states)}
        for n in page_obj.object_list
    ]
    query = request.GET.copy()
    query.pop("seite", None)
    return {
        "form": form,
        "rows": rows,
        "page_obj": page_obj,
        "paginator": paginator,
        "query": query.urlencode(),
        "filter_summary": _filter_summary(filters),
        "kinds": stats.KINDS,
        "synthetic": stats.has_synthetic_data(status.generation),
    }


def state_names(codes_) -> list[str]:
    return [BY_CODE[code].name_de for code in codes_ or [] if code in BY_CODE]


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


def source_link(notice: Notice) -> dict:
    """The notice on TED (with a publication number), else on oeffentlichevergabe.de."""
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


def detail_context(request, page, notice_id: str) -> dict:
    """One notice with its lots, codes in plain language, labels and the link to its source."""
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
    return {
        "notice": notice,
        "lots": lots,
        "labels": _detected_labels(notice),
        "knowledge": hubs.related_to_cpv([item["lot"].main_cpv for item in lots]),
        "link": source_link(notice),
        "state": BY_CODE.get(notice.state or ""),
        "performance_states": state_names(notice.performance_states),
        "nuts_label": codes.nuts_label(notice.buyer_nuts),
        "notice_type_label": codes.label("notice_type", notice.notice_type),
        "subtype_label": codes.label("subtype", notice.subtype),
        "procedure_label": codes.label("procedure_type", notice.procedure_type),
        "synthetic": notice.notice_id.startswith(stats.SYNTHETIC_PREFIX),
        "list_url": page.get_url(request) + "bekanntmachungen/",
    }


def _detected_labels(notice: Notice) -> list[dict]:
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


DOWNLOAD_HEADER = [
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


def notices_download(request, page, fmt: str):
    """The list as a table (``fmt`` "csv" or "xlsx"): one row per notice, lot counts per kind
    (no pagination)."""
    _form, filters = _filters(request)
    notices = Notice.objects.drill_down(**filters).order_by("-issue_date", "notice_id")
    base = request.build_absolute_uri(page.get_url(request) + "bekanntmachungen/")

    def rows():
        chunk = []
        for notice in notices.only(*LIST_FIELDS).iterator(chunk_size=500):
            chunk.append(notice)
            if len(chunk) == 500:
                yield from _notice_rows(chunk, base)
                chunk = []
        yield from _notice_rows(chunk, base)

    return spreadsheet_response(fmt, "bekanntmachungen", DOWNLOAD_HEADER, rows())


def _notice_rows(chunk, base):
    summaries = lot_summaries(n.pk for n in chunk)
    for notice in chunk:
        lots = summaries.get(notice.pk, {})
        yield [
            notice.notice_id,
            notice.publication_number or "",
            notice.issue_date,
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
