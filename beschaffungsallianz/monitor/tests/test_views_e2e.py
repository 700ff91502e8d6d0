"""Browser test of the monitor: statistics, period form, drill-down, notice page; axe on each."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.monitor import rollups
from beschaffungsallianz.monitor.tests.factories import (
    make_monitor_page,
    make_notice,
    make_notice_abroad,
)
from conftest import assert_accessible


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_monitor_pages_in_the_browser(page):
    make_monitor_page()
    ProductGroupFactory(slug="it", name="IT-Geräte", cpv_prefixes="30200000-1")
    make_notice(
        "TH",
        date(2025, 6, 10),
        [
            {"main_cpv": "30213100-6", "green": ["clim-mitig"], "title": "Notebooks"},
            {"main_cpv": "45000000-7", "strategic": ["none"]},
        ],
        notice_id="e2e-1",
        title="Notebooks und Bauarbeiten",
        detected_labels=["tco-certified"],
    )
    make_notice(
        "BY",
        date(2025, 3, 3),
        [{"main_cpv": "90911200-8", "social": ["work-cond"]}],
        notice_id="e2e-2",
        title="Gebäudereinigung",
    )
    make_notice(
        "TH", date(2024, 2, 1), [{"main_cpv": "15861000-1"}], notice_id="e2e-old", title="Kaffee"
    )
    rollups.rebuild_rollups()

    page.goto(page.base_url + "/monitor/")
    expect(page.locator("h1")).to_have_text("Vergabemonitor")
    expect(page.locator("#compare-heading")).to_be_visible()
    assert_accessible(page)

    # Change the period with the form: June 2025 only.
    page.select_option("#id_start", "2025-06")
    page.select_option("#id_end", "2025-06")
    page.click("form[aria-labelledby=filter-heading] button[type=submit]")
    page.wait_for_url("**/monitor/?start=2025-06*")
    expect(page.locator("main")).to_contain_text("Juni 2025")

    # Follow the number of green lots in Thuringia to the list behind it.
    page.select_option("#id_kind", "green")
    page.click("form[aria-labelledby=filter-heading] button[type=submit]")
    page.locator("#compare-caption").wait_for()
    page.locator("table:has(#compare-caption) tbody tr").nth(1).locator("a").first.click()
    page.wait_for_url("**/bekanntmachungen/**")
    expect(page.locator("h1")).to_have_text("Bekanntmachungen")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert_accessible(page)

    rows.first.locator("a").click()
    page.wait_for_url("**/bekanntmachungen/e2e-1/")
    expect(page.locator("main")).to_contain_text("Klimaschutz")
    assert_accessible(page)

    # An invalid period shows the error summary and the defaults, still accessible.
    page.goto(page.base_url + "/monitor/?start=2025-13&kind=x")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


WIDTHS = (320, 390, 1280)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_place_of_performance_in_the_browser_at_every_width(page, tmp_path):
    """The notice page shows the state of the place of performance, the list filters by it;
    no page is wider than the window at 320, 390 and 1280 px, and axe finds nothing. With
    MONITOR_SCREENSHOTS=<dir> the full pages are saved there to be looked at."""
    make_monitor_page()
    make_notice_abroad(
        "e2e-pl",
        lot={"title": "Arzneimittel"},
        title="Lieferung von Arzneimitteln für ein Krankenhaus",
    )
    make_notice("TH", date(2025, 3, 12), [{"main_cpv": "30213100-6"}], notice_id="e2e-th")
    rollups.rebuild_rollups()
    shots = Path(os.environ.get("MONITOR_SCREENSHOTS") or tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base_url + "/monitor/bekanntmachungen/?place=HB")
        assert page.locator("tbody tr").count() == 1
        assert page.locator("#id_place").input_value() == "HB"
        expect(page.locator("tbody tr").first).to_contain_text("Bremen")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=shots / f"notice-list-place-{width}.png", full_page=True)
        assert_accessible(page)

        page.goto(page.base_url + "/monitor/bekanntmachungen/e2e-pl/")
        facts = page.locator("#facts-heading + dl").inner_text()
        assert "Bundesland des Erfüllungsorts" in facts and "Bremen" in facts
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=shots / f"notice-place-{width}.png", full_page=True)
        assert_accessible(page)
