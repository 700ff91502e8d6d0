"""Plain-language labels of eForms codes, CPV divisions and NUTS regions."""

import pytest
from django.utils import translation

from beschaffungsallianz.monitor import codes


@pytest.fixture
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("field", "code", "label"),
    [
        ("strategic", "env-imp", "Verringerung der Auswirkungen auf die Umwelt"),
        ("strategic", "none", "Keine strategische Beschaffung"),
        ("green", "clim-mitig", "Klimaschutz"),
        ("social", "work-cond", "Faire Arbeitsbedingungen"),
        (
            "innovative",
            "prod-innov",
            "Die erbrachten Bauleistungen, Dienstleistungen oder "
            "gelieferten Güter beinhalten Produktinnovationen.",
        ),
        ("gpp", "eu", "Kriterien der EU für ein umweltorientiertes öffentliches Beschaffungswesen"),
        ("award_criterion", "price", "Preis"),
        ("procedure_type", "open", "Offenes Verfahren"),
        ("contract_nature", "works", "Bauleistungen"),
    ],
)
def test_german_labels_from_the_code_lists(german, field, code, label):
    assert codes.label(field, code) == label


def test_english_labels(english):
    assert codes.label("green", "clim-mitig") == "Climate change mitigation"
    assert codes.label("award_criterion", "quality") == "Quality"
    assert codes.cpv_division_label("45") == "Construction work"


def test_legacy_codes_of_old_sdks_are_labelled_without_braces(german):
    label = codes.label("green", "emas-com")
    assert "EMAS" in label and not label.startswith("{")
    assert codes.label("innovative", "buy-eff") != "buy-eff"


def test_unknown_codes_are_shown_as_published(german):
    assert codes.label("strategic", "de-foo") == "de-foo"
    assert codes.label("green", "") == ""
    assert codes.labelled("social", ["work-cond", "x-new"]) == [
        {"code": "work-cond", "label": "Faire Arbeitsbedingungen"},
        {"code": "x-new", "label": "x-new"},
    ]


def test_cpv_labels(german):
    assert codes.cpv_division_label("45") == "Bauarbeiten"
    assert codes.cpv_division_label("00") == ""
    assert codes.cpv_label("15861000-1") == "Kaffee, Tee und zugehörige Produkte"  # its class
    assert codes.cpv_label("45000000-7") == "Bauarbeiten"
    assert codes.cpv_label(None) == ""
    divisions = codes.cpv_divisions()
    assert len(divisions) == 45
    assert divisions[0] == ("03", codes.cpv_division_label("03"))


def test_nuts_labels():
    assert codes.nuts_label("DEG03") == "Jena, Kreisfreie Stadt"
    assert codes.nuts_label("DEG") == "Thüringen"
    assert codes.nuts_label("XX999") == ""
