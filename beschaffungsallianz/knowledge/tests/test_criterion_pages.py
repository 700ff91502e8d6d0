"""/kriterien/: criteria per product group and tender stage, wording to copy, CSV."""

import pytest

from beschaffungsallianz.core.tests.spreadsheets import assert_same_rows, csv_dicts
from beschaffungsallianz.knowledge.models import (
    STAGE_LEGAL_BASIS,
    CriterionKind,
    PracticeCriterion,
    TenderStage,
)
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db

URL = "/kriterien/"


@pytest.fixture
def criteria(knowledge_site):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    it = ProductGroupFactory(slug="it-hardware", name="IT-Hardware")
    gots = LabelFactory(slug="gots", name="GOTS")
    hidden = LabelFactory(slug="hidden", name="Verstecktes Zeichen", live=False)
    ilo = CriterionFactory(
        slug="ilo-kernarbeitsnormen",
        title="ILO-Kernarbeitsnormen in der Lieferkette",
        stage=TenderStage.PERFORMANCE,
        product_groups=[textiles],
        accepted_labels=[gots, hidden],
        other_proofs="Gleichwertige Nachweise",
        is_sample=True,
    )
    energy = CriterionFactory(
        slug="energieeffizienz",
        title="Energieeffizienz",
        kind=CriterionKind.ECOLOGICAL,
        stage=TenderStage.SPECIFICATION,
        product_groups=[it],
        wording="Geräte erfüllen <EPEAT>.",
    )
    CriterionFactory(slug="entwurf", title="Entwurfskriterium", live=False)
    example = PracticeExampleFactory(title="Dienstkleidung Musterstadt")
    PracticeCriterion.objects.create(example=example, criterion=ilo, stage=TenderStage.AWARD)
    return {"ilo": ilo, "energy": energy, "example": example}


def test_criteria_pages_are_public_for_every_persona(criteria, persona):
    _name, client = persona
    assert client.get(URL).status_code == 200
    assert client.get(URL + "ilo-kernarbeitsnormen/").status_code == 200
    assert client.get(URL + "csv/").status_code == 200
    assert client.get(URL + "xlsx/").status_code == 200


def test_index_groups_by_stage_in_legal_order_with_legal_basis(criteria, client):
    content = client.get(URL).content.decode()
    spec = content.index('id="stage-specification"')
    perf = content.index('id="stage-performance"')
    assert spec < perf and 'id="stage-award"' not in content  # empty stages are left out
    assert STAGE_LEGAL_BASIS[TenderStage.PERFORMANCE] in content
    assert STAGE_LEGAL_BASIS[TenderStage.SPECIFICATION] in content
    assert "Entwurfskriterium" not in content
    assert "2 Kriterien" in content


def test_wording_is_copyable_only_with_javascript(criteria, client):
    content = client.get(URL).content.decode()
    assert '<pre class="criterion-wording kern-body" id="wording-energieeffizienz">' in content
    assert "Geräte erfüllen &lt;EPEAT&gt;." in content  # escaped
    assert 'data-copy-target="wording-energieeffizienz"' in content
    button = content[content.index('data-copy-target="wording-energieeffizienz"') :]
    assert button[: button.index(">")].rstrip().endswith("hidden")


def test_accepted_proofs_link_to_published_label_pages(criteria, client):
    content = client.get(URL).content.decode()
    assert 'href="/guetezeichen/gots/"' in content
    assert "Verstecktes Zeichen" not in content
    assert "Gleichwertige Nachweise" in content and "§ 34 VgV" in content


@pytest.mark.parametrize(
    "params, shown, hidden",
    [
        ({"produktgruppe": "textilien"}, "ILO-Kernarbeitsnormen", "Energieeffizienz"),
        ({"stufe": "specification"}, "Energieeffizienz", "ILO-Kernarbeitsnormen"),
        ({"art": "social"}, "ILO-Kernarbeitsnormen", "Energieeffizienz"),
        (
            {"art": "ecological", "produktgruppe": "it-hardware"},
            "Energieeffizienz",
            "ILO-Kernarbeitsnormen",
        ),
    ],
)
def test_filters(criteria, client, params, shown, hidden):
    response = client.get(URL, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert f">{shown}" in content and f">{hidden}" not in content


def test_no_match_gives_guidance(criteria, client):
    content = client.get(URL, {"stufe": "award"}).content.decode()
    assert "Keine Kriterien zu dieser Auswahl" in content and "Alle Kriterien anzeigen" in content


@pytest.mark.parametrize(
    "params, message",
    [
        ({"stufe": "zuschlag"}, "Diese Vergabestufe gibt es nicht"),
        ({"art": "%00"}, "Diese Art von Kriterium gibt es nicht"),
        ({"produktgruppe": "x" * 4000}, "Diese Produktgruppe gibt es nicht"),
    ],
)
def test_invalid_filters_give_400_and_are_ignored(criteria, client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert ">ILO-Kernarbeitsnormen" in content and ">Energieeffizienz" in content


def test_valid_filter_stays_when_another_is_invalid(criteria, client):
    response = client.get(URL, {"stufe": "specification", "art": "bogus"})
    assert response.status_code == 400
    content = response.content.decode()
    assert ">Energieeffizienz" in content and ">ILO-Kernarbeitsnormen" not in content


def test_criterion_detail(criteria, client):
    content = client.get(URL + "ilo-kernarbeitsnormen/").content.decode()
    assert "<h1" in content and "ILO-Kernarbeitsnormen in der Lieferkette" in content
    assert STAGE_LEGAL_BASIS[TenderStage.PERFORMANCE] in content
    assert 'href="/kriterien/?produktgruppe=textilien"' in content
    assert 'href="/guetezeichen/gots/"' in content
    assert "Dienstkleidung Musterstadt" in content and "als Zuschlag" in content
    assert "Beispiel" in content  # sample entry marker


def test_draft_or_unknown_criterion_is_404(criteria, client):
    assert client.get(URL + "entwurf/").status_code == 404
    assert client.get(URL + "gibtsnicht/").status_code == 404


def test_csv_follows_filters(criteria, client):
    rows = csv_dicts(client.get(URL + "csv/"))
    assert [r["slug"] for r in rows] == ["energieeffizienz", "ilo-kernarbeitsnormen"]
    ilo = rows[1]
    assert ilo["accepted_labels"] == "gots" and ilo["product_groups"] == "textilien"
    assert ilo["legal_basis"] == STAGE_LEGAL_BASIS[TenderStage.PERFORMANCE]
    assert ilo["wording"].startswith("Der Auftragnehmer")
    filtered = csv_dicts(client.get(URL + "csv/", {"art": "ecological"}))
    assert [r["slug"] for r in filtered] == ["energieeffizienz"]
    # The spreadsheet holds the same rows, filtered alike.
    assert len(assert_same_rows(client, URL + "csv/", URL + "xlsx/")) == 3
    assert len(assert_same_rows(client, URL + "csv/", URL + "xlsx/", art="ecological")) == 2
