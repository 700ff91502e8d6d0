"""Browser test (axe on every page): a visitor opens the library, filters by kind, searches,
meets an error for a bad filter value, and opens an entry; no page overflows at 320, 390 or
1280 px. With LIBRARY_SCREENSHOTS=<dir> the pages are photographed at those widths."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.library.models import Kind
from beschaffungsallianz.library.tests.factories import (
    LibraryEntryFactory,
    LibraryIndexPageFactory,
)
from conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 1280)


def _look(page, name):
    """Screenshots at every width (if asked for) and no horizontal overflow at any."""
    folder = os.environ.get("LIBRARY_SCREENSHOTS")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: {overflow}px horizontal overflow at {width}px"
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}--{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_visitor_filters_searches_and_opens_an_entry(page, settings):
    settings.BASE_URL = page.base_url
    home = make_home()
    LibraryIndexPageFactory(parent=home)
    textiles = ProductGroupFactory(slug="textilien", name="Textilien und Dienstkleidung")
    LibraryEntryFactory(
        title="Leitfäden für faire Dienstkleidung",
        slug="leitfaden-kleidung",
        kind=Kind.GUIDE,
        publisher="Umweltbundesamt",
        product_groups=[textiles],
        stages=["award", "performance"],
        source_url="https://example.org/eine/sehr/lange/adresse/ohne/leerzeichen/die/umbrechen/muss",
    )
    LibraryEntryFactory(
        title="Tariftreue- und Vergabegesetz Nordrhein-Westfalen (TVgG NRW)",
        slug="tvgg-nrw",
        kind=Kind.LEGAL,
        publisher="Land Nordrhein-Westfalen",
        year=2018,
    )
    LibraryEntryFactory(title="Musterhandreichung", kind=Kind.HANDOUT, is_sample=True)

    page.goto(page.base_url + "/informationsangebote/")
    expect(page.get_by_role("heading", name="3 Einträge")).to_be_visible()
    assert_accessible(page)
    _look(page, "listing")

    page.get_by_label("Art").select_option(label="Leitfaden (1)")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**/informationsangebote/?*art=leitfaden*")
    expect(page.get_by_role("heading", name="1 Eintrag")).to_be_visible()
    assert_accessible(page)
    _look(page, "listing-filtered")

    page.get_by_role("link", name="Filter zurücksetzen").click()
    page.get_by_label("Suchtext").fill("vergabegesetze")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**q=vergabegesetze*")
    expect(page.get_by_role("link", name="Tariftreue- und Vergabegesetz")).to_be_visible()

    page.goto(page.base_url + "/informationsangebote/?art=broschuere")
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fehler:")
    assert_accessible(page)
    _look(page, "listing-error")

    page.goto(page.base_url + "/informationsangebote/")
    page.get_by_role("link", name="Leitfäden für faire Dienstkleidung").click()
    page.wait_for_url("**/informationsangebote/leitfaden-kleidung/")
    expect(page.get_by_role("heading", name="Leitfäden für faire Dienstkleidung")).to_be_visible()
    expect(page.get_by_text("Zuschlag, Ausführungsbedingung")).to_be_visible()
    assert_accessible(page)
    _look(page, "detail")
