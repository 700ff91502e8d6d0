"""The monitor's JSON API: same numbers as the pages, strict validation."""

import pytest

from beschaffungsallianz.monitor.tests.factories import make_notice_abroad

pytestmark = pytest.mark.django_db


API = "/api/v1/monitor"


def test_summary(client, data):
    body = client.get(f"{API}/summary").json()
    assert body["period"] == {"start": "2024-07", "end": "2025-06"}
    assert body["state"] == "TH"
    assert body["region"]["lots"] == 3
    assert body["region"]["lot_shares"]["any"] == {
        "count": 2,
        "total": 3,
        "percent": 66.67,
        "small_sample": True,
    }
    assert body["germany"]["notice_shares"]["any"]["count"] == 3
    assert body["germany"]["notices"] == 4
    assert body["without_state"]["lots"] == 1
    assert body["data_range"] == {"start": "2024-06", "end": "2025-06"}
    assert body["synthetic_data"] is False


def test_states_and_period(client, data):
    body = client.get(f"{API}/states", {"start": "2025-01", "end": "2025-01"}).json()
    by_code = {s["code"]: s for s in body["states"]}
    assert len(by_code) == 16
    assert by_code["BY"]["lots"] == 3
    assert by_code["BY"]["lot_shares"]["innovative"]["count"] == 1
    assert by_code["TH"]["lots"] == 0
    assert body["germany"]["lots"] == 3


def test_trend_cpv_groups_codes(client, data):
    trend = client.get(f"{API}/trend", {"state": "TH"}).json()
    assert len(trend["rows"]) == 12
    assert trend["rows"][-1]["key"] == "2025-06"
    assert trend["rows"][-1]["region"]["lots"] == 2
    cpv = client.get(f"{API}/cpv").json()
    row45 = next(r for r in cpv["rows"] if r["key"] == "45")
    assert row45["label"] == "Bauarbeiten"
    assert row45["germany"]["lots"] == 3
    groups_body = client.get(f"{API}/product-groups").json()
    assert [r["key"] for r in groups_body["rows"]] == ["it", "textil", "tiefbau"]
    codes_body = client.get(f"{API}/codes", {"state": "BY"}).json()
    gpp = next(r for r in codes_body["rows"] if r["code"] == "eu")
    assert gpp["bt"] == "BT-805"
    assert gpp["region"] == {"count": 1, "total": 3, "percent": 33.33, "small_sample": True}


def test_notices_list_and_detail(client, data):
    body = client.get(f"{API}/notices", {"state": "DE", "kind": "green", "start": "2024-07"}).json()
    assert body["count"] == 2
    assert {r["notice_id"] for r in body["results"]} == {"n1", "n4"}
    n4 = next(r for r in body["results"] if r["notice_id"] == "n4")
    assert (n4["lots"], n4["lots_green"], n4["lots_innovative"]) == (3, 1, 1)
    assert n4["url"].endswith("/monitor/bekanntmachungen/n4/")
    paged = client.get(f"{API}/notices", {"page_size": 2, "page": 2}).json()
    assert (paged["count"], paged["pages"], len(paged["results"])) == (6, 3, 2)

    detail = client.get(f"{API}/notices/n4").json()
    assert [lot["lot_id"] for lot in detail["lots"]] == ["LOT-0001", "LOT-0002", "LOT-0003"]
    assert detail["lots"][0]["strategic"] == [
        {"code": "inn-pur", "label": "Innovative Beschaffung"}
    ]
    assert detail["source_url"].startswith("https://oeffentlichevergabe.de/")
    assert client.get(f"{API}/notices/nope").status_code == 404


def test_notices_abroad_are_found_by_the_place_of_performance(client, data):
    make_notice_abroad()
    body = client.get(f"{API}/notices", {"place": "HB"}).json()
    assert [(r["notice_id"], r["state"], r["performance_states"]) for r in body["results"]] == [
        ("pl1", None, ["HB"])
    ]
    assert client.get(f"{API}/notices", {"state": "HB"}).json()["count"] == 0
    detail = client.get(f"{API}/notices/pl1").json()
    assert (detail["state"], detail["performance_states"]) == (None, ["HB"])


@pytest.mark.parametrize(
    "url",
    [
        "/summary?start=2025-13",
        "/summary?state=XX",
        "/summary?foo=1",
        "/states?start=2025-01&start=2025-02",
        "/trend?kind=evil",
        "/notices?cpv=x",
        "/notices?code=nope",
        "/notices?page=0",
        "/notices?page_size=1000",
        "/notices?state=de",
        "/notices?place=XX",
        "/cpv?end=20250",
        "/notices?bogus=",
    ],
)
def test_bad_input_is_422_with_a_message(client, data, url):
    response = client.get(API + url)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all(item["msg"] for item in detail)


def test_a_reversed_period_is_an_empty_period_not_an_error(client, data):
    # The schema cannot say that end must not be before start, so the API must not refuse it.
    body = client.get(f"{API}/summary", {"start": "2025-06", "end": "2025-01"}).json()
    assert body["period"] == {"start": "2025-06", "end": "2025-01"}
    assert (body["region"]["lots"], body["germany"]["lots"]) == (0, 0)
    assert client.get(f"{API}/trend", {"start": "2025-06", "end": "2025-01"}).json()["rows"] == []
    assert client.get(f"{API}/notices", {"start": "2025-06", "end": "2025-01"}).json()["count"] == 0


def test_unknown_product_group_is_404(client, data):
    response = client.get(f"{API}/notices", {"group": "unknown"})
    assert response.status_code == 404


def test_openapi_schema_types_enumerations_and_documents_errors(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    summary = paths[f"{API}/summary"]["get"]
    params = {p["name"]: p["schema"] for p in summary["parameters"]}
    assert params["kind"]["enum"] == ["any", "green", "social", "innovative"]
    assert len(params["state"]["enum"]) == 16 and "TH" in params["state"]["enum"]
    assert params["start"]["pattern"] == params["end"]["pattern"]
    assert "2025-01" in str(params["start"].get("examples"))
    assert set(summary["responses"]) == {"200", "422"}
    notices = paths[f"{API}/notices"]["get"]
    params = {p["name"]: p["schema"] for p in notices["parameters"]}
    assert params["state"]["enum"][0] == "DE" and params["place"]["enum"] == params["state"]["enum"]
    assert "pattern" in params["cpv"] and "pattern" in params["code"]
    assert set(notices["responses"]) == {"200", "404", "422"}
    assert set(paths[f"{API}/notices/{{notice_id}}"]["get"]["responses"]) == {"200", "404"}


def test_openapi_schema_lists_the_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in (
        "summary",
        "states",
        "trend",
        "cpv",
        "product-groups",
        "codes",
        "notices",
        "notices/{notice_id}",
    ):
        assert f"{API}/{name}" in paths
