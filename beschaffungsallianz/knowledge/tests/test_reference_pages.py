"""The real reference data on its pages: every item shows its sources, "unbekannt" stays
visible, the revised state-law table's sections and official text, the labels' checks."""

import pytest

from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.knowledge.models import Criterion, StateLaw, StateLawTopic
from beschaffungsallianz.knowledge.tests.factories import CriterionFactory, LabelFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(knowledge_site):
    load_reference_data()
    return knowledge_site


def test_example_page_shows_source_with_date_criteria_stages_and_state_law_link(client, reference):
    html = client.get("/praxisbeispiele/jena-faire-fussbaelle-2014/").content.decode()
    assert_contains(html, "Stadt Jena", "Direktkauf", "Laut Quelle:")
    assert 'href="https://' in html.split("Quellen")[1]
    assert "2014-04-28" in html  # the source's date
    assert 'href="/laender/th/"' in html  # the state's law
    assert "kern-badge--warning" not in html  # a real example carries no sample marker
    # a source without a date and a missing year say "unbekannt" instead of nothing
    html = client.get("/praxisbeispiele/herzogenaurach-faire-dienstkleidung/").content.decode()
    assert html.count("unbekannt") >= 2


def test_state_page_shows_sections_and_unknown_official_text(client, reference):
    html = client.get("/laender/th/").content.decode()
    assert "§ 6 Tariftreue, Mindestentgelt, Entgeltgleichheit" in html
    assert "Amtlicher Gesetzestext" in html
    official = html.split("Amtlicher Gesetzestext")[1][:600]
    assert "unbekannt" in official  # never guessed
    html = client.get("/laender/nw/").content.decode()
    assert 'href="https://recht.nrw.de/' in html
    assert "kompass-nachhaltigkeit.de" in client.get("/laender/st/").content.decode()


def test_label_page_and_comparison_show_owner_and_checks_unknown(client, reference):
    html = client.get("/guetezeichen/fairtrade/").content.decode()
    for heading in ("Inhaber", "Wie die Einhaltung geprüft wird", "Standard veröffentlicht"):
        assert heading in html
    assert html.count("unbekannt") >= 3
    assert "daserste.de" in html  # its source
    html = client.get("/guetezeichen/vergleich/?l=fairtrade&l=gots").content.decode()
    assert "Wie die Einhaltung geprüft wird" in html and html.count("unbekannt") >= 6


def test_label_with_known_checks_shows_them(client, knowledge_site):
    LabelFactory(
        slug="probe",
        owner="Probe e. V.",
        verification="third-party",
        standard_published="https://www.example.org/standard",
    )
    html = client.get("/guetezeichen/probe/").content.decode()
    assert "Probe e. V." in html and 'href="https://www.example.org/standard"' in html
    assert "Dritte" in html  # "unabhängige Zertifizierung durch Dritte"


def test_criterion_cites_state_laws_beside_the_federal_basis(client, reference):
    CriterionFactory(
        slug="ilo",
        title="Einhaltung der ILO-Kernarbeitsnormen",
        stage="performance",
        state_law_topic=StateLawTopic.ILO,
    )
    html = client.get("/kriterien/ilo/").content.decode()
    assert "§ 128 Abs. 2 GWB" in html  # federal basis
    own = html.split("Landesrecht")[1]
    # Thuringia first: ILO unknown since the renumbering, said so, with the table's text
    assert "Thüringen (ThürVgG)" in own[:400] and "unbekannt" in own[:900]
    assert "ILO/Umwelt nach Neunummerierung nicht verifiziert" in own
    assert "Berlin (BerlAVG)" in own and "§ 8 ILO-Kernarbeitsnormen" in own
    assert Criterion.objects.get(slug="ilo").state_law_topic == "ilo"


def test_tariff_rule_of_thuringia_is_section_6(reference):
    rule = StateLaw.objects.get(state="TH").rule(StateLawTopic.TARIFF)
    assert rule["value"] == "ja" and rule["requires"]
    assert rule["sections"] == ["§ 6 Tariftreue, Mindestentgelt, Entgeltgleichheit"]
