"""Browser test of the review workflow on pages: an editor submits a change, a coordinator
approves it (it goes live), and in another case requests changes (the editor may edit again).

axe-core checks the public page and the coordinator's dashboard.
"""

import pytest

from conftest import admin_login, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _editor_submits(browser_page, page_id):
    admin_login(browser_page, "editor")
    browser_page.goto(browser_page.base_url + f"/admin/pages/{page_id}/edit/")
    browser_page.locator("#id_title").fill("Projekt (überarbeitet)")
    browser_page.get_by_role("button", name="Mehr Aktionen").click()
    submit = browser_page.get_by_role("button", name="In Redaktionelle Prüfung einreichen")
    assert browser_page.get_by_role("button", name="Veröffentlichen").is_visible()
    submit.click()
    browser_page.wait_for_url("**/admin/pages/*/")
    assert browser_page.get_by_text("Moderators").count() == 0


@pytest.fixture
def submitted(page, _playwright_browser, live_server, editor, coordinator):
    from beschaffungsallianz.core.tests.factories import StandardPageFactory, make_home

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
    from wagtail.models import WorkflowState

    project, browser_page = submitted
    # The dashboard lists it under "Ihre Überprüfung steht aus".
    assert browser_page.get_by_text("Ihre Überprüfung steht aus").is_visible()
    assert_accessible(browser_page)
    # (Not the page editor: Wagtail 8's privacy link there fails label-content-name-mismatch.)
    browser_page.goto(browser_page.base_url + f"/admin/pages/{project.pk}/edit/")
    browser_page.get_by_role("button", name="Mehr Aktionen").click()
    browser_page.get_by_role("button", name="Freigeben und Veröffentlichen").click()
    browser_page.locator(".messages .success").wait_for()
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED

    browser_page.goto(browser_page.base_url + "/projekt/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Projekt (überarbeitet)"
    assert_accessible(browser_page)


def test_coordinator_requests_changes_and_the_editor_may_edit_again(submitted, page):
    from wagtail.models import WorkflowState

    project, browser_page = submitted
    browser_page.goto(browser_page.base_url + f"/admin/pages/{project.pk}/edit/")
    browser_page.get_by_role("button", name="Mehr Aktionen").click()
    browser_page.get_by_role("button", name="Änderungen anfordern").click()
    dialog = browser_page.get_by_role("dialog")
    dialog.get_by_label("Kommentar").fill("Bitte die Quelle ergänzen.")
    dialog.get_by_role("button", name="Änderungen anfordern").click()
    browser_page.locator(".messages .success").wait_for()
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    browser_page.goto(browser_page.base_url + "/projekt/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Projekt"
    assert_accessible(browser_page)

    # The editor is no longer locked out.
    page.goto(page.base_url + f"/admin/pages/{project.pk}/edit/")
    page.get_by_role("button", name="Mehr Aktionen").click()
    assert page.get_by_role("button", name="Veröffentlichen").is_enabled()
