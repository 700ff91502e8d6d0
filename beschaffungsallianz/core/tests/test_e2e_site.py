"""Browser tests of the whole demo site: every live page, German and English, with axe-core;
the skip link by keyboard. The page list comes from the tree, so every app's pages count."""

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.core.tests.demo_pages import load_demo, tree_urls
from conftest import assert_accessible, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


OTHER_APPS = ["network", "publications", "knowledge", "monitor"]


def _demo_page_urls():
    load_demo()
    urls = tree_urls()
    assert any(url.startswith("/en/") for url in urls)
    return urls


def _summary(url, violations):
    return f"{url}: " + "; ".join(
        f"{v['id']} ({v['impact']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in violations
    )


def test_every_demo_page_in_both_languages_has_no_axe_violations(page):
    urls = _demo_page_urls()
    urls += ["/suche/?q=Beschaffung", "/en/suche/?q=procurement", "/gibt-es-nicht/"]
    failures = []
    for url in urls:
        response = page.goto(page.base_url + url)
        expected = 404 if url == "/gibt-es-nicht/" else 200
        assert response.status == expected, url
        violations = axe_violations(page)
        if violations:
            failures.append(_summary(url, violations))
    assert not failures, f"{len(failures)} of {len(urls)} pages fail axe:\n" + "\n".join(failures)


def test_skip_link_is_first_focusable_and_moves_focus_to_main(page):
    load_demo(skip=OTHER_APPS)
    for url in ["/", "/en/projekt/"]:
        page.goto(page.base_url + url)

        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
        )
        assert focused == ["site-skip-link", "#main"], url
        box = page.locator(".site-skip-link").bounding_box()
        assert box is not None and box["y"] >= 0 and box["height"] > 0  # visible when focused

        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main", url

        page.keyboard.press("Tab")
        in_main = page.evaluate(
            "() => document.getElementById('main').contains(document.activeElement)"
        )
        assert in_main, url


def test_search_box_and_language_switch_work_by_keyboard(page):
    load_demo(skip=OTHER_APPS)
    page.goto(page.base_url + "/projekt/")

    page.get_by_role("searchbox", name="Website durchsuchen").fill("Fachtag")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/?q=Fachtag")
    expect(page.get_by_role("link", name="Projekt").first).to_be_visible()
    assert_accessible(page)

    page.goto(page.base_url + "/projekt/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/projekt/")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Project")


# Reflow at 320px of every page: test_e2e_reflow.py.
