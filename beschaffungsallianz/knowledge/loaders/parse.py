"""The pure parse step of the reference-data loader: each CSV of ``data/reference/`` (see its
README) -> a list of dicts of model field values, validated row by row.

Nothing here touches the database. A value the CSV does not give stays empty or "unbekannt";
the few values derived from a row (a buyer's kind from its name, a size class from a stated
number of inhabitants, labels by their exact name) are read from the row, never guessed.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import (
    UNKNOWN,
    Focus,
    StateLaw,
    Verification,
)

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

# practice-examples.csv names product groups in English; those of product-groups.csv by slug.
# Groups without a row in product-groups.csv (catering, energy, construction, cleaning, other)
# stay without a group rather than be put into a wrong one. All "toys/sports balls" rows are
# sports balls, the group "Sportartikel und Sportbälle".
GROUP_NAMES = {
    "textiles/workwear": "textilien",
    "natural stone": "naturstein",
    "IT hardware": "it-hardware",
    "coffee/tea/cocoa": "kaffee-tee-kakao",
    "flowers": "blumen",
    "toys/sports balls": "sportartikel",
    "paper/office supplies": "papier",
    "wood/furniture": "moebel",
    "vehicles": "fahrzeuge",
    "catering/food": None,
    "energy": None,
    "construction": None,
    "cleaning": None,
    "other": None,
}
Stage = PracticeExample.Stage
STAGE_NAMES = {
    "technical_specification": Stage.SPECIFICATION,
    "selection": Stage.SUITABILITY,
    "award_criteria": Stage.AWARD,
    "contract_performance": Stage.PERFORMANCE,
    "policy": Stage.POLICY,
    "direct_purchase": Stage.DIRECT_PURCHASE,
}
VERIFICATION_NAMES = {
    "third-party": Verification.THIRD_PARTY,
    "second party": Verification.SECOND_PARTY,
    "second-party": Verification.SECOND_PARTY,
    "self-declaration": Verification.SELF_DECLARATION,
}
Kind = PracticeExample.BuyerKind
Size = PracticeExample.SizeClass
INHABITANTS = re.compile(r"([\d.]+)\s+Einwohner")


class ReferenceDataError(ValueError):
    pass


def read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise ReferenceDataError(f"{path} not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _choice(value: str, choices, where: str) -> str:
    if value not in {c.value for c in choices}:
        raise ReferenceDataError(f"{where}: unknown value {value!r}")
    return value


def parse_product_groups(path: Path) -> list[dict]:
    rows = []
    for i, row in enumerate(read(path), start=1):
        codes = row["cpv_prefixes"].split()
        if not row["slug"] or not codes:
            raise ReferenceDataError(f"{path.name} row {i}: slug and cpv_prefixes are required")
        for code in codes:
            if not (len(code) == 8 and code.isdigit()):
                raise ReferenceDataError(f"{path.name} row {i}: bad CPV code {code!r}")
        focus = row["focus"]
        rows.append(
            {
                "slug": row["slug"],
                "name": row["name_de"],
                "name_en": row["name_en"],
                "cpv_prefixes": " ".join(codes),
                "focus": _choice(focus, Focus, f"{path.name} row {i}") if focus else "",
                "notes": row["notes"],
                "sort_order": i * 10,
            }
        )
    return rows


def parse_labels(path: Path) -> list[dict]:
    """Labels; owner, verification and where the standard is published are "unbekannt" unless
    the CSV has a column for them with a value."""
    rows = []
    for i, row in enumerate(read(path), start=1):
        where = f"{path.name} row {i}"
        verification = row.get("verification", "")
        if verification and verification not in VERIFICATION_NAMES:
            raise ReferenceDataError(f"{where}: unknown verification {verification!r}")
        rows.append(
            {
                "slug": row["slug"],
                "name": row["name"],
                "covers": _choice(row["covers"], Focus, where),
                "notes": row["notes"],
                "sources": "\n".join(row["sources"].split()),
                "owner": row.get("owner") or UNKNOWN,
                "verification": VERIFICATION_NAMES.get(verification, Verification.UNKNOWN).value,
                "standard_published": row.get("standard_published") or UNKNOWN,
                "product_groups": sorted(row["product_groups"].split()),
            }
        )
    return rows


def parse_state_laws(path: Path) -> list[dict]:
    rows = []
    for i, row in enumerate(read(path), start=1):
        where = f"{path.name} row {i}"
        state = BY_CODE.get(row["state"])
        if state is None or state.nuts1 != row["nuts1"]:
            raise ReferenceDataError(f"{where}: unknown state/NUTS-1 {row['state']}/{row['nuts1']}")
        try:
            as_of = datetime.date.fromisoformat(row["as_of"]) if row["as_of"] else None
        except ValueError as exc:
            raise ReferenceDataError(f"{where}: bad date {row['as_of']!r}") from exc
        rows.append(
            {
                "state": row["state"],
                "nuts1": row["nuts1"],
                "name": row["name_de"],
                "law": row["law"],
                "tariff_compliance": _choice(row["tariff_compliance"], StateLaw.YesNo, where),
                "ilo_core_labour_standards": _choice(
                    row["ilo_core_labour_standards"], StateLaw.Obligation, where
                ),
                "ecological_criteria": _choice(
                    row["ecological_criteria"], StateLaw.Obligation, where
                ),
                "notes": row["notes"],
                "sources": "\n".join(row["sources"].split()),
                "as_of": as_of,
                "sections": row.get("sections", ""),
                "primary_source": row.get("primary_source") or UNKNOWN,
            }
        )
    return rows


def buyer_kind(buyer: str) -> str:
    """The kind of buyer as its name states it ("Landkreis …", "Stadt …"); other otherwise."""
    name = buyer.lower()
    if name.startswith(("landkreis", "landratsamt")):
        return Kind.DISTRICT
    if name.startswith(("land ", "freistaat", "landesregierung", "freie und hansestadt")):
        return Kind.STATE
    if "ministerium" in name.split(",")[0]:
        return Kind.STATE
    if name.startswith(("stadt", "gemeinde", "markt ", "landeshauptstadt", "bundesstadt")):
        return Kind.MUNICIPALITY
    return Kind.OTHER


def size_class(text: str) -> str:
    """The size class of a stated number of inhabitants ("213.000 Einwohner"); else unknown."""
    match = INHABITANTS.search(text)
    if not match:
        return Size.UNKNOWN
    inhabitants = int(match.group(1).replace(".", ""))
    for limit, size in ((20_000, Size.SMALL), (100_000, Size.MEDIUM), (500_000, Size.LARGE)):
        if inhabitants < limit:
            return size
    return Size.METRO


def parse_examples(path: Path, label_slugs_by_name: dict[str, str]) -> list[dict]:
    """Practice examples; ``labels`` are the slugs of the labels the row names exactly (by the
    labels' names, case-insensitive); the row's own wording stays in ``labels_text``."""
    rows = []
    for i, row in enumerate(read(path), start=1):
        where = f"{path.name} row {i}"
        if row["state"] not in BY_CODE:
            raise ReferenceDataError(f"{where}: unknown state {row['state']!r}")
        if row["product_group"] not in GROUP_NAMES:
            raise ReferenceDataError(f"{where}: unknown product group {row['product_group']!r}")
        if row["year"] and not (row["year"].isdigit() and len(row["year"]) == 4):
            raise ReferenceDataError(f"{where}: bad year {row['year']!r}")
        stages = []
        for name in row["stages"].replace(";", " ").split():
            if name not in STAGE_NAMES:
                raise ReferenceDataError(f"{where}: unknown stage {name!r}")
            stages.append(STAGE_NAMES[name].value)
        named = [part.strip().lower() for part in row["labels"].split(";")]
        group = GROUP_NAMES[row["product_group"]]
        rows.append(
            {
                "slug": row["slug"],
                "title": row["title_de"],
                "summary": row["summary_de"],
                "buyer_name": row["buyer"],
                "buyer_kind": buyer_kind(row["buyer"]).value,
                "state": row["state"],
                "size_class": size_class(row["size_class"]).value,
                "year": int(row["year"]) if row["year"] else None,
                "stages": " ".join(stages),
                "criteria_text": row["criteria_de"],
                "labels_text": row["labels"],
                "outcome": row["outcome_de"],
                "source_url": row["source_url"],
                "source_date": row["source_date"],
                "volume_class": PracticeExample.VolumeClass.UNKNOWN.value,
                "procedure_type": PracticeExample.ProcedureType.UNKNOWN.value,
                "product_groups": [group] if group else [],
                "labels": sorted(
                    label_slugs_by_name[name] for name in named if name in label_slugs_by_name
                ),
            }
        )
    return rows
