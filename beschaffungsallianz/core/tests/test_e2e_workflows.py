"""Browser test of the review workflow on pages: an editor submits a change, a coordinator
approves it (it goes live), and in another case requests changes (the editor may edit again).

axe-core checks the public page and the coordinator's dashboard.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from beschaffungsallianz.core.tests.factories import StandardPageFactory, make_home
from conftest import admin_login, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_actions(browser_page, page_id, title=None):
    """The page's editor (its title changed to ``title``) with the "Mehr Aktionen" menu open."""
    browser_page.goto(browser_page.base_url + f"/admin/pages/{page_id}/edit/")
    if title:
        browser_page.locator("#id_title").fill(title)
    browser_page.get_by_role("button", name="Mehr Aktionen").click()


def _public_heading(browser_page):
    browser_page.goto(browser_page.base_url + "/projekt/")
    return browser_page.get_by_role("heading", level=1).inner_text()


def _editor_submits(browser_page, page_id):
    admin_login(browser_page, "editor")
    _open_actions(browser_page, page_id, title="Projekt (überarbeitet)")
    submit = browser_page.get_by_role("button", name="In Redaktionelle Prüfung einreichen")
    expect(browser_page.get_by_role("button", name="Veröffentlichen")).to_be_visible()
    submit.click()
    browser_page.wait_for_url("**/admin/pages/*/")
    assert browser_page.get_by_text("Moderators").count() == 0


@pytest.fixture
def submitted(page, _playwright_browser, live_server, editor, coordinator):
    home = make_home()
    project = StandardPageFactory(parent=home, slug="projekt", title="Projekt")
    _editor_submits(page, project.pk)
    context = _playwright_browser.new_context(locale="de-DE", base_url=live_server.url)
    coordinator_page = context.new_page()
    coordinator_page.base_url = live_server.url
    admin_login(coordinator_page, "coordinator")
    yield project, coordinator_page
    context.close()


def test_coordinator_approves_a_page_the_editor_submitted(submitted):
    project, browser_page = submitted
    # The dashboard lists it under "Ihre Überprüfung steht aus".
    expect(browser_page.get_by_text("Ihre Überprüfung steht aus")).to_be_visible()
    assert_accessible(browser_page)
    # (Not the page editor: Wagtail 8's privacy link there fails label-content-name-mismatch.)
    _open_actions(browser_page, project.pk)
    browser_page.get_by_role("button", name="Freigeben und Veröffentlichen").click()
    browser_page.locator(".messages .success").wait_for()
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED

    assert _public_heading(browser_page) == "Projekt (überarbeitet)"
    assert_accessible(browser_page)


def test_coordinator_requests_changes_and_the_editor_may_edit_again(submitted, page):
    project, browser_page = submitted
    _open_actions(browser_page, project.pk)
    browser_page.get_by_role("button", name="Änderungen anfordern").click()
    dialog = browser_page.get_by_role("dialog")
    dialog.get_by_label("Kommentar").fill("Bitte die Quelle ergänzen.")
    dialog.get_by_role("button", name="Änderungen anfordern").click()
    browser_page.locator(".messages .success").wait_for()
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    assert _public_heading(browser_page) == "Projekt"
    assert_accessible(browser_page)

    # The editor is no longer locked out.
    _open_actions(page, project.pk)
    assert page.get_by_role("button", name="Veröffentlichen").is_enabled()
