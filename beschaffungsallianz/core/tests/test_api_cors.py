"""CORS for the open-data API (beschaffungsallianz/api.py): any origin may read /api/."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_api_may_be_read_from_any_origin(client, method):
    response = getattr(client, method)("/api/v1/licence", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_api_writes_get_no_cors_header(client):
    response = client.post("/api/v1/licence", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response


def test_pages_get_no_cors_header(client):
    response = client.get("/suche/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response
