"""A hit links to where its item is now: renaming or moving a page changes the stored URLs of
everything below it (its subpages and the items an index page shows), at once."""

import pytest
from wagtail.models import Page

from beschaffungsallianz.core.tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def _urls(client, q, kind):
    response = client.get("/api/v1/search", {"q": q, "kind": kind})
    return [hit["url"].removeprefix("http://testserver") for hit in response.json()["results"]]


def test_renaming_an_index_page_changes_the_links_of_its_items(
    client, world, django_capture_on_commit_callbacks
):
    examples = world["examples"]  # the practice examples' index page
    examples.slug = "gute-praxis"
    with django_capture_on_commit_callbacks(execute=True):
        examples.save_revision().publish()

    assert _urls(client, "Kaffee", "example") == ["/gute-praxis/kaffee/"]
    assert client.get("/gute-praxis/kaffee/").status_code == 200
    assert _urls(client, "Lieferkette", "criterion") == ["/kriterien/ilo-kernarbeitsnormen/"]


def test_renaming_a_section_changes_the_links_of_its_subpages(
    client, world, django_capture_on_commit_callbacks
):
    section = StandardPageFactory(parent=world["home"], slug="bereich", title="Bereich")
    StandardPageFactory(parent=section, slug="unterseite", title="Holunderbeeren")
    section.slug = "neuer-bereich"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()

    assert _urls(client, "Holunderbeeren", "page") == ["/neuer-bereich/unterseite/"]


def test_moving_an_index_page_changes_the_links_of_its_items(client, world):
    section = StandardPageFactory(parent=world["home"], slug="wissen", title="Wissen")

    world["criteria"].move(section, pos="last-child")

    assert _urls(client, "Lieferkette", "criterion") == ["/wissen/kriterien/ilo-kernarbeitsnormen/"]
    assert client.get("/wissen/kriterien/ilo-kernarbeitsnormen/").status_code == 200
    assert _urls(client, "Kaffee", "example") == ["/praxisbeispiele/kaffee/"]


def test_items_of_an_index_page_moved_out_of_the_site_are_no_longer_found(client, world):
    world["examples"].move(Page.get_first_root_node(), pos="last-child")

    assert _urls(client, "Kaffee", "example") == []
    assert _urls(client, "Lieferkette", "criterion") == ["/kriterien/ilo-kernarbeitsnormen/"]
