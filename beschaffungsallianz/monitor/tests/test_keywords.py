"""Tests for keyword detection of labels and standards in notice texts."""

import csv
import itertools
import unicodedata
from pathlib import Path

import pytest

from beschaffungsallianz.monitor.eforms import parse_notice
from beschaffungsallianz.monitor.keywords import (
    _LABEL_RES,
    _TRIGGERS,
    LABEL_PATTERNS,
    detect_labels,
)

DATA = Path(__file__).parent / "data"

# Standards that are not labels in the reference list get their own slug.
SLUGS_NOT_IN_LABELS_CSV = {"ilo-core-labour-standards", "emas"}


def test_slugs_are_those_of_the_reference_labels():
    # data/labels.csv is a copy of shared/data/reference/labels.csv
    with (DATA / "labels.csv").open(encoding="utf-8") as f:
        reference = {row["slug"] for row in csv.DictReader(f)}
    assert set(LABEL_PATTERNS) - SLUGS_NOT_IN_LABELS_CSV <= reference
    # every label of the reference list can be detected
    assert reference <= set(LABEL_PATTERNS)


def test_every_label_has_trigger_words():
    assert set(_TRIGGERS) == set(LABEL_PATTERNS)
    assert all(_TRIGGERS.values())


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        # German
        ("Kaffee aus fairem Handel, Fairtrade-zertifiziert", {"fairtrade"}),
        ("Lieferung fair gehandelter Bananen", {"fairtrade"}),
        ("Fairtradekaffee für die Kantine", {"fairtrade"}),
        ("Nachweis der Einhaltung der ILO-Kernarbeitsnormen", {"ilo-core-labour-standards"}),
        ("gemäß den ILO Kernarbeitsnormen", {"ilo-core-labour-standards"}),
        ("Einhaltung der Kernarbeitsnormen der IAO", {"ilo-core-labour-standards"}),
        ("Recyclingpapier mit dem Blauen Engel (DE-UZ 14a)", {"blauer-engel"}),
        ("die Kriterien des Blauen Engels", {"blauer-engel"}),
        ("Umweltzeichen Blauer Engel oder gleichwertig", {"blauer-engel"}),
        ("Anforderungen nach RAL-UZ 78", {"blauer-engel"}),
        ("Berufskleidung nach GOTS oder Grüner Knopf", {"gots", "gruener-knopf"}),
        ("mit dem Grünen Knopf ausgezeichnet", {"gruener-knopf"}),
        ("Monitore TCO-zertifiziert", {"tco-certified"}),
        ("Holz aus FSC- oder PEFC-zertifizierter Forstwirtschaft", {"fsc", "pefc"}),
        ("Möbel mit EU-Umweltzeichen", {"eu-ecolabel"}),
        ("Europäisches Umweltzeichen (EU Ecolabel)", {"eu-ecolabel"}),
        ("Mitglied der Fair Wear Foundation", {"fair-wear"}),
        ("Grabsteine nur mit XertifiX- oder Fair-Stone-Siegel", {"xertifix", "fair-stone"}),
        ("XertifiX PLUS", {"xertifix"}),
        ("Zertifiziert nach EMAS", {"emas"}),
        ("Energy-Star-Anforderungen", {"energy-star"}),
        ("IGEP-Siegel", {"igep"}),
        ("Naturtextil IVN zertifiziert BEST", {"ivn-best"}),
        ("MADE IN GREEN by OEKO-TEX", {"made-in-green"}),
        ("Kaffee mit Naturland Fair", {"naturland-fair"}),
        # English
        ("Products shall carry the Fairtrade mark", {"fairtrade"}),
        ("compliance with ILO core labour standards", {"ilo-core-labour-standards"}),
        ("the eight ILO fundamental conventions", {"ilo-core-labour-standards"}),
        ("Blue Angel or equivalent", {"blauer-engel"}),
        ("Displays shall be TCO Certified", {"tco-certified"}),
        ("EU Ecolabel for paper", {"eu-ecolabel"}),
        ("Forest Stewardship Council certified timber", {"fsc"}),
        ("ENERGY STAR rated", {"energy-star"}),
        ("Global Organic Textile Standard", {"gots"}),
        ("conventions of the International Labour Organization", {"ilo-core-labour-standards"}),
        ("Normen der Internationalen Arbeitsorganisation", {"ilo-core-labour-standards"}),
        ("Eco-Management and Audit Scheme", {"emas"}),
        ("EU flower or equivalent", {"eu-ecolabel"}),
        ("criteria of TCO Development", {"tco-certified"}),
        ("Green Button textiles", {"gruener-knopf"}),
        ("Programme for the Endorsement of Forest Certification", {"pefc"}),
        # several texts, several labels
        ("FSC, PEFC, Blauer Engel, Fairtrade", {"fsc", "pefc", "blauer-engel", "fairtrade"}),
    ],
)
def test_labels_are_detected(text, slugs):
    assert detect_labels([text]) == slugs


@pytest.mark.parametrize(
    "text",
    [
        "Bewertung nach TCO (Total Cost of Ownership)",  # TCO alone is not the label
        "Lifecycle costs (TCO) over 5 years",
        "FSCX-Leitung und PEFCO GmbH",  # no match inside words
        "Tämä on suuri ilo meille",  # Finnish "ilo" (joy) is not ILO
        "fair und transparent, faire Preise",  # "fair" alone is not Fairtrade
        "Der Auftragnehmer wird fair behandelt",
        "blaues Engelsgesicht",
        "Ausschreibung de uz 12",  # DE-UZ only in capitals
        "Knopfzellen, grüne Farbe",
        "Energy storage",
        "sistemas de información",  # "emas" inside a word
        "",
    ],
)
def test_similar_words_are_not_labels(text):
    assert detect_labels([text]) == set()


def test_detection_is_case_insensitive_and_unicode_safe():
    assert detect_labels(["BLAUER ENGEL", "fsc", "gru\u0308ner knopf"]) == {
        "blauer-engel",
        "fsc",
        "gruener-knopf",
    }
    assert detect_labels(["Gruener Knopf", "Fair\u00adtrade"]) == {"gruener-knopf", "fairtrade"}


def test_several_texts_and_empty_values():
    assert detect_labels(["nothing here", None, "", "EMAS"]) == {"emas"}
    assert detect_labels([]) == set()
    assert detect_labels([None, ""]) == set()


def test_a_name_does_not_run_from_one_text_into_the_next():
    assert detect_labels(["Papier, blauer", "Engel des Herrn"]) == set()
    assert detect_labels(["Fair", "Trade Center"]) == set()


def test_sample_notices_name_no_labels():
    # None of the sample notices names a label (checked by reading them); the criteria of
    # cn_24_open.xml speak of "Fair working practices", which is no label.
    for path in sorted(DATA.rglob("*.xml")):
        assert detect_labels(parse_notice(path.read_bytes()).texts()) == set(), path.name


def test_trigger_words_never_hide_a_match():
    # The trigger pre-check only saves time: on texts built from the names' parts in every
    # spelling, detection gives what running every pattern on the whole text gives.
    parts = """
        Fair trade gehandelte fairen Handels Wear Stone ILO ilo Kernarbeitsnormen core Labour
        standards International Organisation internationalen Arbeitsorganisation Blauen Engels
        Blue Angel RAL DE UZ 14 GOTS Global Organic Textile Standard TCO Certified Development
        FSC Forest Stewardship Council PEFC Endorsement EU Eco Label Umweltzeichen Europäisches
        Blume Flower Grünen Knopf Green Button XertifiX IGEP IVN BEST Made in Naturland EMAS
        Management and Audit Energy Star
    """.split()
    for first, second in itertools.product(parts, repeat=2):
        for separator in (" ", "-", ""):
            for text in (f"{first}{separator}{second}", f"{first}{separator}{second}".upper()):
                normal = unicodedata.normalize("NFC", text)
                expected = {slug for slug, _, pattern in _LABEL_RES if pattern.search(normal)}
                assert detect_labels([text]) == expected, text
