"""Practice examples go through the coordinators' review (core/workflows.py); editors may
still publish directly."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from beschaffungsallianz.core.roles import COORDINATOR_GROUP
from beschaffungsallianz.core.workflows import REVIEW_WORKFLOW_NAME
from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


def _submitted(user):
    example = PracticeExampleFactory(live=False, first_published_at=None)
    example.save_revision(user=user)
    state = example.get_workflow().start(example, user)
    example.refresh_from_db()
    return example, state


def test_practice_examples_have_the_coordinators_review():
    example = PracticeExampleFactory(live=False)
    workflow = example.get_workflow()
    assert workflow.name == REVIEW_WORKFLOW_NAME
    [task] = [t.specific for t in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]


def test_coordinator_approves_a_submitted_example(client, editor, coordinator):
    example, state = _submitted(editor)
    assert not example.live
    task_state = state.current_task_state
    url = reverse(
        "wagtailsnippets_knowledge_practiceexample:workflow_action",
        args=[example.pk, "approve", task_state.pk],
    )
    client.force_login(coordinator)
    response = client.post(url, {"comment": ""})
    edit_url = reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk])
    assert (response.status_code, response["Location"]) == (302, edit_url)
    example.refresh_from_db()
    assert example.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_coordinator_rejects_a_submitted_example(client, editor, coordinator):
    example, state = _submitted(editor)
    url = reverse(
        "wagtailsnippets_knowledge_practiceexample:workflow_action",
        args=[example.pk, "reject", state.current_task_state.pk],
    )
    client.force_login(coordinator)
    response = client.post(url, {"comment": "Bitte Quelle ergänzen."})
    assert response.status_code == 302
    example.refresh_from_db()
    assert not example.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_cannot_approve_but_may_publish_directly(client, editor):
    example, state = _submitted(editor)
    task_state = state.current_task_state
    client.force_login(editor)
    url = reverse(
        "wagtailsnippets_knowledge_practiceexample:workflow_action",
        args=[example.pk, "approve", task_state.pk],
    )
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's denial
    assert not PracticeExampleFactory._meta.model.objects.get(pk=example.pk).live
    edit = client.get(reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk]))
    assert 'name="action-publish"' not in edit.content.decode()  # locked while in review
    other = PracticeExampleFactory(live=False)
    edit = client.get(reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[other.pk]))
    content = edit.content.decode()
    assert 'name="action-publish"' in content
    assert "In Redaktionelle Prüfung einreichen" in content
