"""Browser journey (axe on every page): from the header's search box to grouped results, the
filter by kind and the zero-results page with its suggestions.

With SEARCH_SCREENSHOTS=<dir> the pages are also photographed at 320, 390 and 1280 px.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 1280)


def _look(page, name):
    """Screenshots at every width (if asked for) and no horizontal overflow at any."""
    folder = os.environ.get("SEARCH_SCREENSHOTS")
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


def test_visitor_searches_filters_and_gets_suggestions(page, world):
    page.goto(page.base_url + "/")
    page.locator("#site-search-q").fill("Arbeitskleidung")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/suche/?q=Arbeitskleidung")
    main = page.locator("#main")
    expect(main).to_contain_text("4 Ergebnisse für „Arbeitskleidung“")
    assert main.locator("mark").count() >= 4
    assert_accessible(page)
    _look(page, "results")

    main.get_by_role("link", name="Praxisbeispiele (1)").click()
    page.wait_for_url("**/suche/?q=Arbeitskleidung&art=example")
    expect(main.get_by_role("link", name="Faire Dienstkleidung für den Bauhof")).to_be_visible()
    assert_accessible(page)
    _look(page, "results-filtered")

    page.goto(page.base_url + "/suche/?q=Dienstkleidnug")
    expect(main).to_contain_text("Nichts auf dieser Website passt zu Ihrer Suche.")
    assert_accessible(page)
    _look(page, "zero-results")
    main.get_by_role("link", name="Dienstkleidung").first.click()
    page.wait_for_url("**/suche/?q=Dienstkleidung")
    expect(main).to_contain_text("Faire Dienstkleidung für den Bauhof")
