"""/api/v1/library/: the published entries, the page's search and filters, strict input."""

import pytest

from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.library.models import Kind
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory
from beschaffungsallianz.publications.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/library/"


@pytest.fixture
def entries(index):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    return [
        LibraryEntryFactory(
            slug="kleidung",
            title="Leitfäden Dienstkleidung",
            kind=Kind.GUIDE,
            year=2020,
            product_groups=[textiles],
            stages=["award"],
        ),
        LibraryEntryFactory(
            slug="gesetz", title="Vergabegesetz", kind=Kind.LEGAL, year=2021, publisher="Land"
        ),
        LibraryEntryFactory(
            slug="pdf", kind=Kind.STUDY, url="", document=DocumentFactory(content__pages=2)
        ),
        LibraryEntryFactory(slug="entwurf", live=False),
    ]


def _slugs(response):
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json())


def test_lists_the_published_entries_with_their_facts(client, entries):
    response = client.get(API, {"sort": "titel"})

    assert _slugs(response) == ["gesetz", "kleidung", "pdf"]
    kleidung = next(e for e in response.json() if e["slug"] == "kleidung")
    assert kleidung["product_groups"] == ["textilien"]
    assert kleidung["stages"] == ["award"]
    assert kleidung["url"] == "http://testserver/informationsangebote/kleidung/"
    assert kleidung["link"].startswith("https://example.org/")
    pdf = next(e for e in response.json() if e["slug"] == "pdf")
    assert pdf["is_document"] and pdf["page_count"] == 2 and pdf["link"].endswith(".pdf")


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "leitfaden"}, ["kleidung"]),
        ({"product_group": "textilien"}, ["kleidung"]),
        ({"stage": "award"}, ["kleidung"]),
        ({"year": 2021}, ["gesetz"]),
        ({"publisher": "Land"}, ["gesetz"]),
        ({"q": "Leitfaden Dienstkleidungen"}, ["kleidung"]),
        ({"q": "vergabegesetze"}, ["gesetz"]),
    ],
)
def test_filters_and_search_as_on_the_page(client, entries, query, expected):
    assert _slugs(client.get(API, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "broschuere"},
        {"stage": "x"},
        {"year": "zwanzig"},
        {"year": 1800},
        {"sort": "zufall"},
        {"q": "x" * 201},
        {"product_group": "a b"},
        {"seite": 2},
    ],
)
def test_input_outside_the_schema_is_a_422(client, entries, query):
    assert client.get(API, query).status_code == 422


def test_one_entry_and_drafts_are_404(client, entries):
    assert client.get(f"{API}kleidung/").json()["title"] == "Leitfäden Dienstkleidung"
    assert client.get(f"{API}entwurf/").status_code == 404
    assert client.get(API, {"product_group": "gibt-es-nicht"}).status_code == 404
