"""Every admin URL Wagtail registers for the knowledge models, from the URL resolver (so a view
a Wagtail upgrade adds is covered too): anonymous visitors and members without a role are sent
to the admin login; editors, coordinators and administrators may use them."""

import re

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    StateLawFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "criterion": CriterionFactory,
    "label": LabelFactory,
    "practiceexample": PracticeExampleFactory,
    "productgroup": ProductGroupFactory,
    "statelaw": StateLawFactory,
}
NAMESPACE = re.compile(r"^wagtailsnippet(?:s|choosers)_knowledge_(?P<model>\w+)$")


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        else:
            yield ":".join(namespaces), pattern


def admin_views() -> list[tuple[str, str, list[str]]]:
    """(model, URL name, keyword arguments) of every snippet view of a knowledge model."""
    views = []
    for namespace, pattern in _walk(get_resolver().url_patterns):
        match = NAMESPACE.match(namespace.rpartition(":")[2])
        if match and pattern.name:
            kwargs = sorted(pattern.pattern.regex.groupindex)
            views.append((match["model"], f"{namespace}:{pattern.name}", kwargs))
    return sorted(views)


def bulk_actions() -> list[tuple[str, str]]:
    return sorted(
        (model, action)
        for model in FACTORIES
        for action in (
            cls.action_type
            for cls in bulk_action_registry.get_bulk_actions_for_model("knowledge", model)
        )
    )


def _url(url_name: str, kwargs: list[str], obj) -> str:
    values = {
        "pk": obj.pk,
        "revision_id": obj.latest_revision_id if hasattr(obj, "latest_revision_id") else 1,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        # workflow views: checked for admin access before the task or workflow is looked up
        "action_name": "approve",
        "task_state_id": 1,
        "workflow_state_id": 1,
    }
    return reverse(url_name, kwargs={name: values[name] for name in kwargs})


def test_the_resolver_lists_the_views_of_every_knowledge_model():
    names = {(model, url_name.rpartition(":")[2]) for model, url_name, _ in admin_views()}
    for model in FACTORIES:
        for view in ("list", "add", "edit", "delete", "history", "choose", "chosen"):
            assert (model, view) in names
    assert ("practiceexample", "delete") in bulk_actions()


@pytest.mark.parametrize("name", ["anonymous", "member"])
def test_no_admin_view_of_a_knowledge_model_lets_people_without_a_role_in(client_as, name):
    client = client_as(name)
    checked = 0
    for model, url_name, kwargs in admin_views():
        obj = FACTORIES[model]()
        if hasattr(obj, "save_revision"):
            obj.save_revision()
        url = _url(url_name, kwargs, obj)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        checked += 1
    for model, action in bulk_actions():
        obj = FACTORIES[model]()
        url = reverse(
            "wagtail_bulk_action",
            kwargs={"app_label": "knowledge", "model_name": model, "action": action},
        )
        response = client.get(url, {"id": obj.pk})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        checked += 1
    assert checked > 60


@pytest.mark.parametrize("name", ["editor", "coordinator", "admin_user"])
@pytest.mark.parametrize("view", ["list", "add", "edit", "history", "usage", "choose"])
@pytest.mark.parametrize("model", sorted(FACTORIES))
def test_staff_may_use_the_admin_views(client_as, name, model, view):
    obj = FACTORIES[model]()
    namespace = "wagtailsnippetchoosers" if view == "choose" else "wagtailsnippets"
    kwargs = {"pk": obj.pk} if view in ("edit", "history", "usage") else {}
    response = client_as(name).get(reverse(f"{namespace}_knowledge_{model}:{view}", kwargs=kwargs))
    assert response.status_code == 200
