"""Export the stored notices (latest version only) as JSON Lines or CSV, streaming.

The JSON Lines format is a stable contract for researchers (one object per notice, keys sorted,
code lists exactly as published, unique and sorted; lots sorted by lot id)::

    {"buyer": {"country": "DEU", "name": "...", "nuts": "DEG03", "state": "TH"},
     "issue_date": "2024-01-10", "lots": [{"award_criteria": ["price", "quality"],
     "cpv": "30200000", "gpp": [], "green": [], "innovative": [], "lot_id": "LOT-0001",
     "social": [], "strategic": ["none"]}], "notice_id": "...", "notice_type": "cn-standard",
     "publication_number": "00622691-2023", "subtype": "16", "version": "01"}

CSV has one row per lot with the notice's columns repeated.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from beschaffungsallianz.monitor.models import Lot, Notice

CHUNK = 2000


def _codes(values) -> list[str]:
    return sorted({v for v in values or [] if v})


def _or_none(value):
    return value if value not in ("", None) else None


def notices_for_export(queryset: QuerySet | None = None) -> Iterator[Notice]:
    queryset = Notice.objects.all() if queryset is None else queryset
    lots = Prefetch("lots", queryset=Lot.objects.order_by("lot_id"))
    return queryset.order_by("notice_id").prefetch_related(lots).iterator(chunk_size=CHUNK)


def notice_record(notice: Notice) -> dict:
    return {
        "buyer": {
            "country": _or_none(notice.buyer_country),
            "name": _or_none(notice.buyer_name),
            "nuts": _or_none(notice.buyer_nuts),
            "state": _or_none(notice.state),
        },
        "issue_date": notice.issue_date.isoformat(),
        "lots": [
            {
                "award_criteria": _codes(lot.award_criterion_types),
                "cpv": _or_none(lot.main_cpv),
                "gpp": _codes(lot.gpp),
                "green": _codes(lot.green),
                "innovative": _codes(lot.innovative),
                "lot_id": lot.lot_id,
                "social": _codes(lot.social),
                "strategic": _codes(lot.strategic),
            }
            for lot in sorted(notice.lots.all(), key=lambda lot: lot.lot_id)
        ],
        "notice_id": notice.notice_id,
        "notice_type": _or_none(notice.notice_type),
        "publication_number": _or_none(notice.publication_number),
        "subtype": _or_none(notice.subtype),
        "version": _or_none(notice.version),
    }


def write_jsonl(out, queryset: QuerySet | None = None) -> int:
    count = 0
    for notice in notices_for_export(queryset):
        out.write(json.dumps(notice_record(notice), sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count


CSV_COLUMNS = [
    "notice_id",
    "version",
    "publication_number",
    "issue_date",
    "subtype",
    "notice_type",
    "procedure_type",
    "buyer_name",
    "buyer_country",
    "buyer_nuts",
    "state",
    "state_rule",
    "lot_id",
    "cpv",
    "cpv_division",
    "contract_nature",
    "estimated_value",
    "awarded_value",
    "currency",
    "strategic",
    "green",
    "social",
    "innovative",
    "gpp",
    "reserved",
    "award_criteria",
    "clean_vehicles",
    "uses_green",
    "uses_social",
    "uses_innovative",
    "detected_labels",
]


def lot_csv_row(notice: Notice, lot: Lot) -> list:
    def joined(values):
        return " ".join(_codes(values))

    return [
        notice.notice_id,
        notice.version or "",
        notice.publication_number or "",
        notice.issue_date.isoformat(),
        notice.subtype,
        notice.notice_type,
        notice.procedure_type,
        notice.buyer_name,
        notice.buyer_country or "",
        notice.buyer_nuts or "",
        notice.state or "",
        notice.state_rule or "",
        lot.lot_id,
        lot.main_cpv,
        lot.cpv_division,
        lot.contract_nature,
        lot.estimated_value if lot.estimated_value is not None else "",
        lot.awarded_value if lot.awarded_value is not None else "",
        lot.currency,
        joined(lot.strategic),
        joined(lot.green),
        joined(lot.social),
        joined(lot.innovative),
        joined(lot.gpp),
        joined(lot.reserved),
        joined(lot.award_criterion_types),
        "" if lot.clean_vehicles is None else str(lot.clean_vehicles).lower(),
        int(lot.uses_green),
        int(lot.uses_social),
        int(lot.uses_innovative),
        joined(notice.detected_labels),
    ]


def write_csv(out, queryset: QuerySet | None = None) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for notice in notices_for_export(queryset):
        for lot in notice.lots.all():
            writer.writerow(lot_csv_row(notice, lot))
            count += 1
    return count
