"""The Notice and Lot rows of a parsed eForms notice: what the importer writes, built in one place.

``notice_values``/``lot_values`` give plain {attribute name: value} dicts, which the importer's
fast INSERT of new notices writes as they are (``importer.fast_insert``: no model instances, see
docs/performance.md); ``notice_row``/``lot_rows`` wrap the same values in model instances for the
ORM path (updates, and a batch written again one notice at a time). So the two writers cannot
produce different rows. Nothing here touches the database.
"""

from __future__ import annotations

from beschaffungsallianz.monitor import eforms
from beschaffungsallianz.monitor.keywords import detect_labels
from beschaffungsallianz.monitor.models.notices import FLAG_CODE_LISTS, Lot, Notice, strategic_flags


def notice_values(parsed: eforms.Notice, *, source: str, source_name: str) -> dict:
    """The Notice row of ``parsed`` as {attribute name: value} (without pk and timestamps)."""
    buyer = parsed.buyer
    texts = [parsed.title, parsed.description]
    for lot in parsed.lots:
        texts.append(lot.title)
        texts.append(lot.description)
        for criterion in lot.award_criteria:
            texts.append(criterion.name)
            texts.append(criterion.description)
    return {
        "notice_id": parsed.notice_id[:64],
        "version": parsed.version,
        "publication_number": parsed.publication_number,
        "publication_date": parsed.publication_date,
        "sdk_version": parsed.sdk_version or "",
        "procedure_id": parsed.procedure_id or "",
        "subtype": parsed.subtype or "",
        "notice_type": parsed.notice_type or "",
        "form_type": parsed.form_type or "",
        "issue_date": parsed.issue_date,
        "issued_at": parsed.issued_at,
        "procedure_type": parsed.procedure_type or "",
        "legal_basis": parsed.legal_basis or "",
        "title": parsed.title or "",
        "description": parsed.description or "",
        "buyer_name": (buyer.name or "")[:500],
        "buyer_country": buyer.country,
        "buyer_nuts": buyer.nuts,
        "buyer_city": (buyer.city or "")[:255],
        "buyer_legal_type": parsed.buyer_legal_type or "",
        "state": parsed.state,
        "state_rule": parsed.state_rule,
        "performance_states": list(parsed.performance_states),
        "result_value": parsed.result_value,
        "currency": parsed.result_currency or "",
        "detected_labels": sorted(detect_labels(texts)),
        "source": source,
        "source_name": source_name[:500],
    }


def notice_row(parsed: eforms.Notice, *, source: str, source_name: str) -> Notice:
    return Notice(**notice_values(parsed, source=source, source_name=source_name))


# Lot fields holding a JSON list of codes; lot_values() leaves the parser's tuples there.
_LOT_CODE_LISTS = (
    "additional_cpv",
    "place_nuts",
    "strategic",
    "green",
    "social",
    "innovative",
    "gpp",
    "accessibility",
    "reserved",
)


def lot_values(parsed: eforms.Notice) -> list[dict]:
    """The Lot rows of ``parsed`` (lots only, not parts) as {attribute name: value}, without
    notice_id; code lists are tuples; cpv_division and the uses_* flags derived
    (``strategic_flags``)."""
    rows = []
    for lot in parsed.lots:
        if lot.kind != "lot":
            continue
        result = lot.result
        criteria = lot.award_criteria
        main_cpv = lot.main_cpv or parsed.main_cpv or ""
        row = dict(
            lot_id=lot.lot_id,
            title=lot.title or "",
            description=lot.description or "",
            main_cpv=main_cpv,
            cpv_division=main_cpv[:2],
            additional_cpv=lot.additional_cpv,
            contract_nature=lot.contract_nature or "",
            estimated_value=lot.estimated_value,
            awarded_value=result.awarded_value if result else None,
            currency=lot.currency or (result.currency if result else None) or "",
            place_nuts=lot.place_of_performance_nuts,
            strategic=lot.strategic,
            green=lot.green,
            social=lot.social,
            innovative=lot.innovative,
            gpp=lot.gpp,
            accessibility=lot.accessibility,
            reserved=lot.reserved,
            award_criteria=[
                {
                    "type": c.type,
                    "name": c.name,
                    "weight": str(c.weight) if c.weight is not None else None,
                    "weight_kind": c.weight_kind,
                }
                for c in criteria
            ],
            award_criterion_types=sorted({c.type for c in criteria if c.type}),
            clean_vehicles=lot.clean_vehicles,
            cvd_contract_type=lot.cvd_contract_type or "",
            state=parsed.state,
            issue_date=parsed.issue_date,
        )
        row.update(strategic_flags(**{name: row[name] for name in FLAG_CODE_LISTS}))
        rows.append(row)
    return rows


def lot_rows(parsed: eforms.Notice) -> list[Lot]:
    rows = []
    for values in lot_values(parsed):
        for name in _LOT_CODE_LISTS:
            values[name] = list(values[name])
        rows.append(Lot(**values))
    return rows
