"""Browser test: filter practice examples, open one, follow a label; axe on every page."""

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.knowledge.models import TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    build_site,
)
from conftest import assert_accessible


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_filter_open_example_and_follow_label(page):
    build_site()
    textiles = ProductGroupFactory(slug="textilien", name="Textilien und Dienstkleidung")
    paper = ProductGroupFactory(slug="papier", name="Papier")
    fair_wear = LabelFactory(
        slug="fair-wear", name="Fair Wear Foundation", product_groups=[textiles]
    )
    ilo = CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen")
    PracticeExampleFactory(
        slug="dienstkleidung",
        title="Faire Dienstkleidung",
        state="TH",
        product_groups=[textiles],
        labels=[fair_wear],
        criteria=[(ilo, TenderStage.PERFORMANCE)],
    )
    PracticeExampleFactory(
        slug="papier-th", title="Recyclingpapier", state="TH", product_groups=[paper]
    )
    PracticeExampleFactory(
        slug="kleidung-by", title="Arbeitskleidung Bayern", state="BY", product_groups=[textiles]
    )

    page.goto(page.base_url + "/praxisbeispiele/")
    assert_accessible(page)
    page.select_option("#id_land", "TH")  # site.js submits on change
    page.wait_for_url("**land=TH**")
    page.select_option("#id_produktgruppe", "textilien")
    page.wait_for_url("**produktgruppe=textilien**")
    cards = page.locator("article.kern-card h3")
    assert cards.all_inner_texts() == ["Faire Dienstkleidung"]
    assert_accessible(page)

    page.get_by_role("link", name="Faire Dienstkleidung").click()
    page.wait_for_url("**/praxisbeispiele/dienstkleidung/")
    expect(page.locator("h1")).to_have_text("Faire Dienstkleidung")
    assert_accessible(page)

    page.get_by_role("link", name="Fair Wear Foundation").click()
    page.wait_for_url("**/guetezeichen/fair-wear/")
    expect(page.locator("h1")).to_contain_text("Fair Wear Foundation")
    assert_accessible(page)
