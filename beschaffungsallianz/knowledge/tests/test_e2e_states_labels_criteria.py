"""Browser tests of /laender/, /guetezeichen/, /kriterien/ and the proposal form: a map
attribute chosen, two labels compared, criteria filtered, a proposal sent after errors.

Each page is checked with axe-core (WCAG 2.1 A/AA): zero violations.
"""

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.knowledge.models import Focus, StateLaw, TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    StateLawFactory,
    build_site,
)
from conftest import assert_accessible

# The data, including Wagtail's root rows, is created inside each test (see build_site).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _data():
    build_site()
    textiles = ProductGroupFactory(slug="textilien", name="Textilien und Dienstkleidung")
    gots = LabelFactory(
        slug="gots",
        name="GOTS",
        covers=Focus.BOTH,
        product_groups=[textiles],
        sources="https://global-standard.org/",
    )
    fairtrade = LabelFactory(slug="fairtrade", name="Fairtrade Cotton", product_groups=[textiles])
    LabelFactory(slug="xertifix", name="XertifiX")
    StateLawFactory(state="TH")
    StateLawFactory(state="BE", law="BerlAVG", tariff_compliance=StateLaw.YesNo.UNKNOWN)
    PracticeExampleFactory.create_batch(3, state="TH", labels=[gots])
    CriterionFactory(
        slug="ilo",
        title="ILO-Kernarbeitsnormen",
        stage=TenderStage.PERFORMANCE,
        product_groups=[textiles],
        accepted_labels=[gots, fairtrade],
    )
    CriterionFactory(
        slug="bio",
        title="Bio-Baumwolle",
        stage=TenderStage.SPECIFICATION,
        product_groups=[textiles],
    )


def test_states_map_by_chosen_attribute_and_state_page(page):
    _data()
    page.goto(page.base_url + "/laender/")
    assert page.locator("svg.tile-map title").first.text_content() == "Tariftreue nach Bundesland"
    assert_accessible(page)

    page.get_by_label("Veröffentlichte Praxisbeispiele").check()
    page.get_by_role("button", name="Karte anzeigen").click()
    page.wait_for_url("**/laender/?merkmal=examples")
    tile = page.locator('a.tile-map__state[href="/laender/th/"]')
    assert tile.get_attribute("aria-label") == "TH 3 Praxisbeispiele (Thüringen)"
    assert tile.get_attribute("data-level") == "4"
    expect(
        page.get_by_role("table", name="Veröffentlichte Praxisbeispiele nach Bundesland")
    ).to_be_visible()
    assert_accessible(page)

    tile.click()
    page.wait_for_url("**/laender/th/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thüringen")
    assert_accessible(page)


def test_compare_two_labels(page):
    _data()
    page.goto(page.base_url + "/guetezeichen/")
    assert_accessible(page)
    page.get_by_label("GOTS").check()
    page.get_by_label("Fairtrade Cotton").check()
    page.get_by_role("button", name="Vergleichen").click()
    page.wait_for_url("**/guetezeichen/vergleich/?l=**")
    table = page.get_by_role("table", name="Gütezeichen im Vergleich")
    expect(table.get_by_role("columnheader", name="GOTS")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Fairtrade Cotton")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="GOTS").first.click()
    page.wait_for_url("**/guetezeichen/gots/")
    assert_accessible(page)


def test_criteria_filter_and_detail(page):
    _data()
    page.goto(page.base_url + "/kriterien/")
    assert_accessible(page)
    page.get_by_label("Vergabestufe").select_option("performance")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**stufe=performance**")
    expect(page.get_by_role("heading", name="ILO-Kernarbeitsnormen")).to_be_visible()
    assert page.get_by_role("heading", name="Bio-Baumwolle").count() == 0
    page.get_by_role("link", name="ILO-Kernarbeitsnormen").click()
    page.wait_for_url("**/kriterien/ilo/")
    assert_accessible(page)


def test_proposal_bad_then_good_input(page, tmp_path):
    from pypdf import PdfWriter

    _data()
    pdf = tmp_path / "vergabeunterlagen.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with pdf.open("wb") as fh:
        writer.write(fh)
    fake = tmp_path / "angebot.pdf"
    fake.write_bytes(b"<html>kein PDF</html>")

    page.goto(page.base_url + "/praxisbeispiele/vorschlagen/")
    assert_accessible(page)
    page.get_by_label("Titel des Beispiels").fill("Dienstkleidung aus fairer Baumwolle")
    page.get_by_label("Dokumente").set_input_files([str(fake)])
    page.get_by_role("button", name="Vorschlag senden").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("angebot.pdf")
    assert page.title().startswith("Fehler: ")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)

    page.get_by_label("Öffentlicher Auftraggeber").fill("Musterstadt")
    page.get_by_label("Art des Auftraggebers").select_option("municipality")
    page.get_by_label("Bundesland").select_option("TH")
    page.get_by_label("Jahr der Ausschreibung").fill("2024")
    page.get_by_label("Textilien und Dienstkleidung").check()
    page.get_by_label("Was wurde beschafft?").fill("Dienstkleidung für die Feuerwehr.")
    page.get_by_label("Verwendete soziale und ökologische Kriterien").fill("ILO-Kernarbeitsnormen.")
    page.get_by_label("Dokumente").set_input_files([str(pdf)])
    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich stimme zu").check()
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_text("Vielen Dank, Ihr Vorschlag wurde gesendet.")).to_be_visible()
    assert_accessible(page)

    from beschaffungsallianz.knowledge.models import PracticeExample

    example = PracticeExample.objects.get(submitted_by_public=True)
    assert not example.live and example.documents.count() == 1
