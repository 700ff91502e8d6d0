"""/api/v1/search: the site search as JSON, strict input."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_returns_counts_per_kind_and_highlighted_hits(client, world):
    response = client.get("/api/v1/search", {"q": "Kleidung", "kind": "example"})

    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 4 and data["count"] == 1 and data["pages"] == 1
    assert {k["kind"]: k["count"] for k in data["kinds"]} == {
        "example": 1,
        "criterion": 1,
        "event": 1,
        "notice": 1,
    }
    [hit] = data["results"]
    assert hit["kind"] == "example"
    assert hit["title"] == "Faire Dienstkleidung für den Bauhof"
    assert hit["title_html"] == "Faire <mark>Dienstkleidung</mark> für den Bauhof"
    assert hit["url"] == "http://testserver/praxisbeispiele/dienstkleidung-bauhof/"


def test_api_without_kind_pages_through_all_kinds(client, world):
    data = client.get("/api/v1/search", {"q": "Kleidung"}).json()

    assert data["kind"] == "" and data["count"] == 4
    assert {hit["kind"] for hit in data["results"]} == {"example", "criterion", "event", "notice"}


def test_api_never_returns_private_content(client, world):
    for q in ("Pflaumenkuchenrunde", "Zwetschgenröster", "geheimraumzugang"):
        assert client.get("/api/v1/search", {"q": q}).json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 201},
        {"q": "Kaffee", "kind": "geheim"},
        {"q": "Kaffee", "page": "0"},
        {"q": "Kaffee", "unknown": "1"},
    ],
)
def test_api_rejects_bad_input(client, coffee, params):
    assert client.get("/api/v1/search", params).status_code == 422


def test_api_page_past_the_end_is_empty(client, coffee):
    data = client.get("/api/v1/search", {"q": "Kaffee", "page": "5"}).json()

    assert data["count"] == 1 and data["results"] == []


def test_api_query_of_control_characters_is_valid_and_finds_nothing(client, coffee):
    """Schemathesis: ``q=%12`` fits the schema (one character), so it is not rejected."""
    response = client.get("/api/v1/search", {"q": "\x12"})

    assert response.status_code == 200 and response.json()["total"] == 0
