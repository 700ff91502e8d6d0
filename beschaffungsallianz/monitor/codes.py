"""Plain-language labels (German and English) for the codes stored on notices and lots.

The labels come from the eForms SDK's own code lists (genericode ``.gc`` files, CC BY 4.0,
copied into ``data/codelists/`` - see ``data/codelists/README.md``): each list is parsed with lxml
on first use and cached. CPV labels (divisions, groups and classes) and the German NUTS labels
come from the SDK's translations, as CSV.

Unknown codes (national codes, codes of newer or older SDKs) are not an error: ``label()`` then
returns the code itself, so nothing published is hidden.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from lxml import etree

DATA_DIR = Path(__file__).resolve().parent / "data" / "codelists"
GC_NS = {"gc": "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"}

# Lot/notice field -> (eForms code list file, legacy list of SDK <= 1.2 or None)
FIELD_LISTS: dict[str, tuple[str, str | None]] = {
    "strategic": ("strategic-procurement", "strategic-procurement"),
    "green": ("environmental-impact", "environmental-impact"),
    "social": ("social-objective", "social-objective"),
    "innovative": ("innovative-acquisition", "innovative-acquisition"),
    "gpp": ("gpp-criteria", None),
    "award_criterion": ("award-criterion-type", None),
    "contract_nature": ("contract-nature", None),
    "notice_type": ("notice-type", None),
    "subtype": ("notice-subtype", None),
    "procedure_type": ("procurement-procedure-type", None),
    "reserved": ("reserved-procurement", None),
    "weight_kind": ("number-weight", None),
    "cvd_contract_type": ("cvd-contract-type", None),
}

# The code fields that the statistics break down per code, with their BT and a short name.
CODE_FIELDS: dict[str, tuple[str, object]] = {
    "strategic": ("BT-06", _("Strategic procurement")),
    "green": ("BT-774", _("Green procurement")),
    "social": ("BT-775", _("Social procurement")),
    "innovative": ("BT-776", _("Procurement of innovation")),
    "gpp": ("BT-805", _("Green procurement criteria")),
}

# Standards that keywords.detect_labels finds but that are no knowledge-base labels.
EXTRA_LABEL_NAMES = {
    "ilo-core-labour-standards": _("ILO core labour standards"),
    "emas": _("EMAS (Eco-Management and Audit Scheme)"),
}


def _german() -> bool:
    return (get_language() or "de").split("-")[0] != "en"


@cache
def _read_gc(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (German label, English label) of one genericode file."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    result: dict[str, tuple[str, str]] = {}
    for row in tree.iterfind(".//Row"):
        values = {
            value.get("ColumnRef"): (value.findtext("SimpleValue") or "").strip()
            for value in row.iterfind("Value")
        }
        code = values.get("code")
        if not code:
            continue
        english = values.get("eng_label") or values.get("Name") or code
        german = values.get("deu_label") or english
        # Some legacy labels are wrapped in braces: "{Anforderung ...}".
        result[code] = (german.strip("{}").strip(), english.strip("{}").strip())
    return result


@cache
def code_list(field: str) -> dict[str, tuple[str, str]]:
    """All known codes of a field, current SDK first, legacy codes (SDK <= 1.2) added."""
    current, legacy = FIELD_LISTS[field]
    codes = {}
    if legacy:
        codes.update(_read_gc(DATA_DIR / "legacy-sdk-1.0.0" / f"{legacy}.gc"))
    codes.update(_read_gc(DATA_DIR / f"{current}.gc"))
    return codes


def label(field: str, code: str | None) -> str:
    """Plain label of a code in the active language; the code itself when unknown."""
    if not code:
        return ""
    labels = code_list(field).get(code)
    if labels is None:
        return code
    return labels[0] if _german() else labels[1]


def labelled(field: str, codes) -> list[dict[str, str]]:
    """[{code, label}] for a list of codes, in the given order."""
    return [{"code": code, "label": label(field, code)} for code in codes or []]


@cache
def _cpv_labels() -> dict[str, tuple[str, str]]:
    with open(DATA_DIR / "cpv-2008_classes_de_en.csv", newline="", encoding="utf-8") as fh:
        return {row["code"]: (row["label_de"], row["label_en"]) for row in csv.DictReader(fh)}


def cpv_division_label(division: str | None) -> str:
    """'45' -> 'Bauarbeiten'; '' for an unknown division."""
    if not division:
        return ""
    labels = _cpv_labels().get(division.ljust(8, "0"))
    if labels is None:
        return ""
    return labels[0] if _german() else labels[1]


def cpv_divisions() -> list[tuple[str, str]]:
    """All 45 CPV divisions as (code, label), sorted by code."""
    return [
        (code[:2], cpv_division_label(code[:2]))
        for code in sorted(_cpv_labels())
        if code.endswith("000000")
    ]


def cpv_label(cpv: str | None) -> str:
    """Label of the most specific level kept here: class, else group, else division.

    ``45233120-6`` -> the label of class 45230000, else group 45200000, else division 45000000.
    """
    if not cpv:
        return ""
    digits = cpv.split("-")[0]
    labels = _cpv_labels()
    for length in (4, 3, 2):
        found = labels.get(digits[:length].ljust(8, "0"))
        if found:
            return found[0] if _german() else found[1]
    return ""


@cache
def _nuts_labels() -> dict[str, str]:
    with open(DATA_DIR / "nuts-2024_de_labels.csv", newline="", encoding="utf-8") as fh:
        return {row["code"]: row["label_de"] for row in csv.DictReader(fh)}


def nuts_label(nuts: str | None) -> str:
    """German name of a German NUTS region (NUTS 2024), '' when unknown."""
    return _nuts_labels().get(nuts or "", "")
