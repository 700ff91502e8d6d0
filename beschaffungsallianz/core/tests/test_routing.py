"""core/routing.py finds the same site, page and sub-route as Wagtail's own walk, for every kind
of path, and stays exact when the tree changes (issue 12: routing from a memo)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from beschaffungsallianz.core import routing
from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate
from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory, build_site

pytestmark = pytest.mark.django_db

PATHS = [
    "",
    "projekt/",
    "projekt/team/",
    "entwurf/",
    "entwurf/veroeffentlicht/",
    "praxisbeispiele/",
    "praxisbeispiele/csv/",
    "praxisbeispiele/dienstkleidung-erfurt/",
    "praxisbeispiele/gibt-es-nicht/",
    "guetezeichen/",
    "kriterien/",
    "laender/",
    "laender/TH/",
    "gibt-es-nicht/",
    "projekt/gibt-es-nicht/",
]


def _wagtail(path: str, language: str):
    request = RequestFactory().get("/")
    with translation.override(language):
        result = Page.route_for_request(request, path)
    return request, result


def _ours(path: str, language: str):
    request = RequestFactory().get("/")
    with translation.override(language):
        routing.route(request, path)
        result = Page.route_for_request(request, path)  # takes what routing left
    return request, result


def _same(theirs, ours):
    if theirs is None or ours is None:
        return theirs is ours
    (page, args, kwargs), (page2, args2, kwargs2) = theirs, ours
    if args:
        (view, view_args, view_kwargs), (view2, view_args2, view_kwargs2) = args, args2
        return (
            page.pk == page2.pk
            and type(page) is type(page2)
            and view.__func__ is view2.__func__
            and tuple(view_args) == tuple(view_args2)
            and view_kwargs == view_kwargs2
        )
    return page.pk == page2.pk and type(page) is type(page2) and not args2 and kwargs == kwargs2


@pytest.fixture
def tree():
    pages = build_site()
    home = pages["home"]
    project = StandardPageFactory(parent=home, title="Projekt", slug="projekt")
    StandardPageFactory(parent=project, title="Team", slug="team")
    draft = StandardPageFactory(parent=home, title="Entwurf", slug="entwurf", live=False)
    StandardPageFactory(parent=draft, title="Veröffentlicht", slug="veroeffentlicht")
    PracticeExampleFactory(slug="dienstkleidung-erfurt")
    translate(home, title="Start")
    translate(project, title="Project")
    return pages


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_kind_of_path_routes_as_wagtail_routes_it(tree, language):
    for path in PATHS:
        _, theirs = _wagtail(path, language)
        request, ours = _ours(path, language)

        assert _same(theirs, ours), (language, path, theirs, ours)
        assert request._wagtail_site == Site.objects.get()


def test_a_page_found_from_the_memo_costs_no_query(tree):
    _ours("projekt/team/", "de")  # reads the tree and the page's row once
    with CaptureQueriesContext(connection) as queries:
        _, result = _ours("projekt/team/", "de")

    assert result.page.title == "Team"
    assert len(queries) == 0


def test_every_request_gets_its_own_page_object(tree):
    _, first = _ours("projekt/team/", "de")
    first.page.title = "Changed by one request"
    first.page.request_only = True

    _, second = _ours("projekt/team/", "de")

    assert second.page is not first.page
    assert second.page.title == "Team"
    assert not hasattr(second.page, "request_only")
    assert second.page._state is not first.page._state


def test_a_saved_page_is_served_with_its_new_row_at_once(tree):
    _ours("projekt/team/", "de")
    page = Page.objects.get(slug="team").specific
    page.title = "Das Team"
    page.save_revision().publish()

    _, result = _ours("projekt/team/", "de")

    assert result.page.title == "Das Team"


def test_a_change_of_the_tree_is_routed_at_once(tree):
    home = tree["home"]
    _ours("projekt/", "de")
    StandardPageFactory(parent=home, title="Neu", slug="neu")
    Page.objects.get(slug="projekt", locale__language_code="de").specific.unpublish()

    _, new = _ours("neu/", "de")
    _, gone = _ours("projekt/", "de")

    assert new.page.title == "Neu"
    assert gone is None


def test_a_page_type_with_its_own_route_is_left_to_wagtail(tree, monkeypatch):
    standard = type(Page.objects.get(slug="projekt", locale__language_code="de").specific)
    monkeypatch.setattr(standard, "route", lambda self, request, components: None)
    request = RequestFactory().get("/")

    routing.route(request, "projekt/")

    assert not hasattr(request, "_wagtail_route_for_request")


def test_pages_are_served_through_the_routing(client, tree):
    assert client.get("/projekt/team/").status_code == 200
    assert client.get("/en/projekt/").status_code == 200
    assert client.get("/entwurf/").status_code == 404
    assert client.get("/entwurf/veroeffentlicht/").status_code == 200
    assert client.get("/praxisbeispiele/dienstkleidung-erfurt/").status_code == 200
    assert client.get("/praxisbeispiele/gibt-es-nicht/").status_code == 404
