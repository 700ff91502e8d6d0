"""The review workflow, set up on purpose next to the roles (called by ``roles.sync_roles``).

Wagtail's first migration creates a workflow "Moderators approval" whose reviewers are the
group "Moderators". That group has no members here, so every page offered an English
"In Moderators approval einreichen" and a submitted page stayed locked. Instead:

- one workflow **"Redaktionelle Prüfung"** with one approval task **"Prüfung durch die
  Koordination"** whose reviewers are the group Koordination (and administrators);
- assigned to the root of the page tree (every page, both languages) and to every snippet
  model with moderation (``WorkflowMixin``: practice examples);
- editors with the publish permission may still publish directly; the workflow is for those
  who want (or, like the public proposal form, have to) ask for a review;
- Wagtail's default workflow and task are removed; whatever was waiting in them is cancelled
  and submitted again to the new workflow by the same person, so nothing stays locked.

Idempotent. The workflow with this name is managed here: its task list is reset on every
``migrate``. An administrator who wants something else creates a workflow under another name
in Settings → Workflows and assigns it; assignments to other workflows are left alone.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.snippets.models import get_snippet_models

REVIEW_WORKFLOW_NAME = "Redaktionelle Prüfung"
REVIEW_TASK_NAME = "Prüfung durch die Koordination"
WAGTAIL_DEFAULT_NAME = "Moderators approval"  # wagtailcore migration 0048
# Before the set-up moved here, knowledge gave practice examples a task of this name, with
# the editors as reviewers; it is reused as the coordinators' task.
_FORMER_TASK_NAME = REVIEW_WORKFLOW_NAME


def moderated_snippet_models() -> list:
    return [model for model in get_snippet_models() if issubclass(model, WorkflowMixin)]


def _review_task(reviewers: Group) -> GroupApprovalTask:
    task = (
        GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
        or GroupApprovalTask.objects.filter(name=_FORMER_TASK_NAME).first()
        or GroupApprovalTask(name=REVIEW_TASK_NAME)
    )
    task.name = REVIEW_TASK_NAME
    task.active = True
    task.save()
    task.groups.set([reviewers])
    return task


def _review_workflow(task: Task) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    # not workflow.workflow_tasks.create(): a cluster relation, which would not be saved
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _assign(workflow: Workflow, default: Workflow | None) -> None:
    """Our workflow where none (or Wagtail's default) is assigned; others are left alone."""
    root = Page.get_first_root_node()
    if root is not None:
        assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        if assigned is None or assigned.workflow == default or not assigned.workflow.active:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    for model in moderated_snippet_models():
        content_type = ContentType.objects.get_for_model(model)
        assigned = WorkflowContentType.objects.filter(content_type=content_type).first()
        if assigned is None or assigned.workflow == default or not assigned.workflow.active:
            WorkflowContentType.objects.update_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )


def _replace_default(default: Workflow, workflow: Workflow) -> None:
    """Resubmit what waits in Wagtail's default workflow to ours, then delete the default."""
    waiting = list(
        WorkflowState.objects.filter(workflow=default, status=WorkflowState.STATUS_IN_PROGRESS)
    )
    for state in waiting:
        obj = state.content_object
        requested_by = state.requested_by
        state.cancel(user=None)
        if obj is not None:
            obj = obj.specific if isinstance(obj, Page) else obj
            workflow.start(obj, requested_by)
    default_tasks = [wt.task_id for wt in WorkflowTask.objects.filter(workflow=default)]
    default.delete()
    Task.objects.filter(pk__in=default_tasks, name=WAGTAIL_DEFAULT_NAME).delete()


@transaction.atomic
def sync_workflows(reviewer_group_name: str) -> Workflow:
    reviewers, _created = Group.objects.get_or_create(name=reviewer_group_name)
    task = _review_task(reviewers)
    workflow = _review_workflow(task)
    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_NAME).first()
    _assign(workflow, default)
    if default is not None:
        _replace_default(default, workflow)
    Task.objects.filter(name=WAGTAIL_DEFAULT_NAME, workflow_tasks__isnull=True).delete()
    return workflow
