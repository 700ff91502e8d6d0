"""Browser test: an editor submits a practice example for review, a coordinator approves it
and it appears in the public list (core/workflows.py)."""

import pytest

from conftest import admin_login, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_approves_an_example_the_editor_submitted(
    page, _playwright_browser, live_server, editor, coordinator
):
    from wagtail.models import WorkflowState

    from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory, build_site

    build_site()
    example = PracticeExampleFactory(
        title="Faire Dienstkleidung in Musterstadt", live=False, first_published_at=None
    )
    example.save_revision(user=editor)
    edit_url = f"/admin/snippets/knowledge/practiceexample/edit/{example.pk}/"

    admin_login(page, "editor")
    page.goto(page.base_url + edit_url)
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="In Redaktionelle Prüfung einreichen").click()
    page.locator(".messages .success").wait_for()
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS

    context = _playwright_browser.new_context(locale="de-DE", base_url=live_server.url)
    reviewer = context.new_page()
    reviewer.base_url = live_server.url
    admin_login(reviewer, "coordinator")
    assert reviewer.get_by_text("Faire Dienstkleidung in Musterstadt").count() >= 1
    reviewer.goto(reviewer.base_url + edit_url)
    reviewer.get_by_role("button", name="Mehr Aktionen").click()
    reviewer.get_by_role("button", name="Freigeben und Veröffentlichen").click()
    reviewer.locator(".messages .success").wait_for()
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED

    reviewer.goto(reviewer.base_url + "/praxisbeispiele/")
    assert reviewer.get_by_role("link", name="Faire Dienstkleidung in Musterstadt").count() == 1
    assert_accessible(reviewer)
    context.close()
