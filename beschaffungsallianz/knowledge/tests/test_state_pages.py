"""/laender/: the states side by side, the tile map by a chosen attribute, one page per state."""

import datetime
import re

import pytest

from beschaffungsallianz.core.tests.spreadsheets import assert_same_rows, csv_dicts, xlsx_rows
from beschaffungsallianz.knowledge.models import StateLaw
from beschaffungsallianz.knowledge.tests.factories import (
    PracticeExampleFactory,
    StateLawFactory,
)

pytestmark = pytest.mark.django_db

URL = "/laender/"


@pytest.fixture
def laws(knowledge_site):
    return {
        "TH": StateLawFactory(state="TH", sources="https://www.example.org/thvgg kein-link"),
        "BY": StateLawFactory(
            state="BY",
            law="",
            tariff_compliance=StateLaw.YesNo.NO,
            ilo_core_labour_standards=StateLaw.Obligation.NONE,
            ecological_criteria=StateLaw.Obligation.NONE,
            notes="Kein Landesvergabegesetz",
        ),
        "BE": StateLawFactory(
            state="BE",
            law="BerlAVG",
            tariff_compliance=StateLaw.YesNo.UNKNOWN,
            ilo_core_labour_standards=StateLaw.Obligation.MANDATORY,
            ecological_criteria=StateLaw.Obligation.UNKNOWN,
            as_of=None,
            sources="",
        ),
        # An unpublished draft is not shown: HB stays unknown.
        "HB": StateLawFactory(state="HB", law="Geheim", live=False),
    }


def _level(content, code):
    match = re.search(rf'href="/laender/{code}/" data-level="(\d)"', content)
    assert match, f"no tile for {code}"
    return int(match.group(1))


def test_state_pages_are_public_for_every_persona(laws, persona):
    _name, client = persona
    response = client.get(URL)
    assert response.status_code == 200
    assert "ThürVgG" in response.content.decode()
    assert client.get(URL + "th/").status_code == 200
    assert client.get(URL + "csv/").status_code == 200
    assert client.get(URL + "xlsx/").status_code == 200


def test_map_is_coloured_by_tariff_compliance_by_default(laws, client):
    content = client.get(URL).content.decode()
    assert _level(content, "th") == 4  # ja
    assert _level(content, "by") == 1  # nein
    assert _level(content, "be") == 0  # unbekannt
    assert 'href="/laender/be/" data-level="0" aria-label="BE unbekannt (Berlin)"' in content
    assert 'id="id_merkmal_0" checked' in content


@pytest.mark.parametrize(
    "attribute, expected",
    [
        ("ilo_core_labour_standards", {"th": 4, "by": 1, "be": 4, "hb": 0}),
        ("ecological_criteria", {"th": 3, "by": 1, "be": 0, "hb": 0}),
    ],
)
def test_map_is_coloured_by_the_chosen_attribute(laws, client, attribute, expected):
    content = client.get(URL, {"merkmal": attribute}).content.decode()
    assert {code: _level(content, code) for code in expected} == expected


def test_example_map_counts_only_published_examples(laws, client):
    PracticeExampleFactory.create_batch(4, state="TH")
    PracticeExampleFactory(state="SN")
    PracticeExampleFactory(state="SN", live=False)
    content = client.get(URL, {"merkmal": "examples"}).content.decode()
    assert _level(content, "th") == 4 and _level(content, "sn") == 1 and _level(content, "by") == 0
    assert 'aria-label="TH 4 Praxisbeispiele (Thüringen)"' in content
    assert 'aria-label="SN 1 Praxisbeispiele (Sachsen)"' in content


def test_unknown_values_are_shown_as_unknown_not_hidden(laws, client):
    content = client.get(URL).content.decode()
    table = content[content.index('id="states-caption"') :]
    berlin = table[table.index("Berlin") : table.index("Brandenburg")]
    assert berlin.count('class="unknown-value"') == 3  # tariff, ecological, as of
    assert "verpflichtend" in berlin
    bremen = table[table.index("Bremen") : table.index("Hamburg")]
    assert "Geheim" not in bremen and bremen.count('class="unknown-value"') >= 5
    bayern = table[table.index("Bayern") : table.index("Berlin")]
    assert "kein Landesvergabegesetz" in bayern


def test_table_links_sources_and_keeps_non_urls_as_text(laws, client):
    content = client.get(URL).content.decode()
    assert 'href="https://www.example.org/thvgg"' in content
    assert "kein-link" in content and 'href="kein-link"' not in content


@pytest.mark.parametrize(
    "query, status",
    [
        ("merkmal=colour", 400),
        ("merkmal=%00", 400),
        ("merkmal=" + "x" * 5000, 400),
        ("merkmal=examples&merkmal=<script>", 400),
        ("merkmal[]=1", 200),  # not the parameter: ignored
    ],
)
def test_odd_attribute_gives_400_with_message_and_the_default_map(laws, client, query, status):
    response = client.get(URL + "?" + query)
    assert response.status_code == status
    content = response.content.decode()
    assert ("ist kein Merkmal der Karte" in content) == (status == 400)
    assert _level(content, "th") == 4  # tariff compliance shown instead
    assert "<script>" not in content


def test_unrelated_parameters_are_ignored(laws, client):
    assert client.get(URL, {"utm_source": "x"}).status_code == 200


def test_state_detail_shows_law_sources_as_of_and_published_examples(laws, client):
    PracticeExampleFactory(state="TH", title="Dienstkleidung Musterstadt")
    PracticeExampleFactory(state="TH", title="Entwurf", live=False)
    PracticeExampleFactory(state="SN", title="Sachsen-Beispiel")
    content = client.get(URL + "th/").content.decode()
    assert "<h1" in content and "Thüringen" in content
    for text in ("ThürVgG", "verpflichtend", "soll", "26. November 2026", "example.org/thvgg"):
        assert text in content
    assert "Dienstkleidung Musterstadt" in content
    assert "Entwurf" not in content and "Sachsen-Beispiel" not in content
    assert 'href="/praxisbeispiele/praxisbeispiel-' in content


def test_state_without_published_law_is_shown_as_unknown(laws, client):
    content = client.get(URL + "hb/").content.decode()
    assert "Geheim" not in content
    assert "Es wurden noch keine Angaben zu diesem Land veröffentlicht." in content


@pytest.mark.parametrize("path", ["xx/", "TH/", "thu/", "t1/"])
def test_unknown_state_code_is_404(laws, client, path):
    assert client.get(URL + path).status_code == 404


def test_csv_has_all_16_states_with_raw_values_and_counts(laws, client):
    PracticeExampleFactory.create_batch(2, state="TH")
    response = client.get(URL + "csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bundeslaender-' in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    rows = csv_dicts(response)
    assert len(rows) == 16
    by_state = {row["state"]: row for row in rows}
    assert by_state["TH"]["tariff_compliance"] == "ja"
    assert by_state["TH"]["published_examples"] == "2"
    assert by_state["TH"]["as_of"] == "2026-11-26"
    assert by_state["TH"]["url"] == "http://testserver/laender/th/"
    assert by_state["BE"]["tariff_compliance"] == "unbekannt"
    assert by_state["HB"]["law"] == "" and by_state["HB"]["ecological_criteria"] == "unbekannt"
    assert by_state["BY"]["nuts1"] == "DE2"


def test_xlsx_holds_the_rows_of_the_csv_with_numbers_and_dates_typed(laws, client):
    PracticeExampleFactory.create_batch(2, state="TH")
    header, *_rows = assert_same_rows(client, URL + "csv/", URL + "xlsx/")
    response = client.get(URL + "xlsx/")
    assert 'filename="bundeslaender-' in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    th = dict(zip(header, next(r for r in xlsx_rows(response) if r[0] == "TH"), strict=True))
    assert th["published_examples"] == 2
    assert th["as_of"] == datetime.datetime(2026, 11, 26)
    assert th["name"] == "Thüringen"
