"""The review workflow: German, reviewed by the coordinators, on every page and moderated
snippet; Wagtail's "Moderators approval" replaced; editors may still publish directly."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from beschaffungsallianz.core.roles import COORDINATOR_GROUP, EDITOR_GROUP, sync_roles
from beschaffungsallianz.core.tests.factories import StandardPageFactory
from beschaffungsallianz.core.workflows import (
    REVIEW_TASK_NAME,
    REVIEW_WORKFLOW_NAME,
    WAGTAIL_DEFAULT_NAME,
    moderated_snippet_models,
)

pytestmark = pytest.mark.django_db


def _state():
    """Everything the set-up decides, to compare before and after a second run."""
    return {
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", "active")),
        "workflow_tasks": sorted(
            WorkflowTask.objects.values_list("workflow__name", "task__name", "sort_order")
        ),
        "pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "content_types": sorted(
            WorkflowContentType.objects.values_list("content_type__model", "workflow__name")
        ),
    }


def test_after_migrate_every_page_and_moderated_snippet_has_the_coordinators_review():
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == REVIEW_WORKFLOW_NAME
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW_NAME)
    [task] = [wt.task.specific for wt in WorkflowTask.objects.filter(workflow=workflow)]
    assert task.name == REVIEW_TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]
    assert moderated_snippet_models()  # practice examples
    for model in moderated_snippet_models():
        assert model.get_default_workflow() == workflow
    # Wagtail's English default with its empty reviewer group is gone.
    assert not Workflow.objects.filter(name=WAGTAIL_DEFAULT_NAME).exists()
    assert not Task.objects.filter(name=WAGTAIL_DEFAULT_NAME).exists()


def test_every_page_in_the_tree_gets_the_workflow(home):
    page = StandardPageFactory(parent=home, slug="projekt")
    assert page.get_workflow().name == REVIEW_WORKFLOW_NAME


def test_sync_is_idempotent():
    before = _state()
    sync_roles()
    sync_roles()
    assert _state() == before


def _wagtail_default_workflow():
    """What wagtailcore's migration 0048 creates on a fresh database."""
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name=WAGTAIL_DEFAULT_NAME)
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=WAGTAIL_DEFAULT_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    return workflow


def test_wagtail_default_is_replaced_and_a_waiting_page_moves_to_the_coordinators(
    editor, coordinator, home
):
    page = StandardPageFactory(parent=home, slug="projekt")
    default = _wagtail_default_workflow()
    page.save_revision(user=editor)
    default.start(page, editor)  # waiting for the (empty) Moderators group, locked

    sync_roles()

    assert not Workflow.objects.filter(name=WAGTAIL_DEFAULT_NAME).exists()
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == REVIEW_WORKFLOW_NAME
    assert state.requested_by == editor
    task = state.current_task_state.task.specific
    assert not task.locked_for_user(page, coordinator)
    assert task.locked_for_user(page, editor)


def test_former_editors_task_of_practice_examples_becomes_the_coordinators_task():
    Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).delete()
    Task.objects.all().delete()
    former = GroupApprovalTask.objects.create(name=REVIEW_WORKFLOW_NAME)
    former.groups.set([Group.objects.get(name=EDITOR_GROUP)])

    sync_roles()

    former.refresh_from_db()
    assert former.name == REVIEW_TASK_NAME
    assert list(former.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]
    assert GroupApprovalTask.objects.count() == 1


def test_a_workflow_an_administrator_assigned_is_left_alone():
    own = Workflow.objects.create(name="Zwei-Augen-Prinzip")
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root).update(workflow=own)
    sync_roles()
    assert WorkflowPage.objects.get(page=root).workflow == own


def test_editor_may_publish_directly_or_submit_for_review(client, editor, home):
    page = StandardPageFactory(parent=home, slug="projekt")
    client.force_login(editor)
    content = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' in content
    assert 'name="action-submit"' in content
    assert "In Redaktionelle Prüfung einreichen" in content
    assert "Moderators" not in content


def _submit(client, page):
    """The editor's "In Redaktionelle Prüfung einreichen" in the page editor."""
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Projekt (überarbeitet)",
            "slug": page.slug,
            "intro": "Neu",
            "body-count": "0",
            "action-submit": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)


@pytest.mark.parametrize(
    ("action", "status", "live_title"),
    [
        ("approve", WorkflowState.STATUS_APPROVED, "Projekt (überarbeitet)"),
        ("reject", WorkflowState.STATUS_NEEDS_CHANGES, "Projekt"),
    ],
)
def test_coordinator_approves_or_rejects_a_submitted_page(
    client, editor, coordinator, action, status, live_title, home
):
    page = StandardPageFactory(parent=home, slug="projekt", title="Projekt")
    client.force_login(editor)
    state = _submit(client, page)
    task_state = state.current_task_state
    # While it waits, the editor cannot change it; the coordinator can.
    page.refresh_from_db()
    assert page.get_lock().for_user(editor)
    assert not page.get_lock().for_user(coordinator)

    client.force_login(coordinator)
    dashboard = client.get("/admin/").content.decode()
    assert "Projekt (überarbeitet)" in dashboard  # "Awaiting your review"
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": ""}
    )

    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == status
    page.refresh_from_db()
    assert page.live and page.title == live_title
    assert page.get_lock() is None  # the editor may change it again
