"""The public monitor pages: statistics, drill-down list, notice page, CSV and XLSX downloads."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command

from beschaffungsallianz.core.tests.spreadsheets import (
    assert_same_rows,
    body,
    csv_dicts,
    csv_rows,
    xlsx_rows,
)
from beschaffungsallianz.knowledge.tests.factories import LabelFactory
from beschaffungsallianz.monitor import rollups, stats
from beschaffungsallianz.monitor.tests.factories import make_notice, make_notice_abroad
from beschaffungsallianz.monitor.tests.import_samples import DATA, MERO
from conftest import assert_contains

pytestmark = pytest.mark.django_db


def test_statistics_page_is_public_for_every_persona(persona, data):
    _name, client = persona
    response = client.get("/monitor/")
    assert response.status_code == 200
    assert "monitor/monitor_page.html" in {template.name for template in response.templates}


def test_statistics_page_shows_hand_checked_numbers(client, data):
    response = client.get("/monitor/")
    context = response.context
    assert context["period"] == stats.Period(date(2024, 7, 1), date(2025, 6, 1))
    assert context["state"].code == "TH"
    assert context["result"].region.lots == 3
    assert context["result"].germany.lots == 7
    html = response.content.decode()
    assert "Thüringen" in html
    assert "57,1" in html  # Germany, any strategic: 4 of 7 lots
    assert "geringe Fallzahl" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert 'style="' not in html and "<script>" not in html
    # numbers link to the list behind them
    link = "/monitor/bekanntmachungen/?start=2024-07&amp;end=2025-06&amp;state=TH&amp;kind=any"
    assert link in html


def test_period_form_changes_the_period_and_state(client, data):
    response = client.get(
        "/monitor/", {"start": "2025-05", "end": "2025-06", "state": "BY", "kind": "green"}
    )
    assert response.context["period"] == stats.Period(date(2025, 5, 1), date(2025, 6, 1))
    assert response.context["state"].code == "BY"
    assert response.context["kind"] == "green"
    assert response.context["result"].germany.lots == 3  # n1 (2 lots), n2 (1 lot)


@pytest.mark.parametrize(
    ("query", "has_errors"),
    [
        ("start=2025-13&end=x", True),
        ("start=2026-01&end=2025-01", True),
        ("state=XX", True),
        ("kind=evil", True),
        ("start=%00&end=%ff", True),
        ("start=0001-01", True),
        ("start=2025-01&end=2025-01&state=th", True),
        ("start=" + "9" * 5000, True),
        ("start[]=1&end=2025-01", False),
        ("seite=-1&kind=", False),
        ("foo=bar", False),
    ],
)
def test_bad_query_strings_show_errors_and_defaults(client, data, query, has_errors):
    response = client.get("/monitor/?" + query)
    assert response.status_code == 200
    assert response.context["period"] is not None
    assert ('id="error-summary"' in response.content.decode()) is has_errors


def test_invalid_period_falls_back_to_default(client, data):
    response = client.get("/monitor/", {"start": "2026-01", "end": "2025-01"})
    assert "Der Endmonat darf nicht vor dem Startmonat liegen." in response.content.decode()
    assert response.context["period"].end >= response.context["period"].start


def test_empty_database_shows_a_hint(client, monitor_page):
    response = client.get("/monitor/")
    assert response.status_code == 200
    assert "Keine Bekanntmachungen in diesem Zeitraum." in response.content.decode()


def test_notice_list_is_public(persona, data):
    _name, client = persona
    assert client.get("/monitor/bekanntmachungen/").status_code == 200
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/monitor/bekanntmachungen/{fmt}/").status_code == 200
        assert client.get(f"/monitor/statistik/{fmt}/").status_code == 200


def test_notice_list_matches_the_numbers(client, data):
    response = client.get(
        "/monitor/bekanntmachungen/",
        {"start": "2024-07", "end": "2025-06", "state": "TH", "kind": "any"},
    )
    assert {row["notice"].notice_id for row in response.context["rows"]} == {"n1", "n2"}
    response = client.get("/monitor/bekanntmachungen/", {"state": "DE", "cpv": "45"})
    assert {row["notice"].notice_id for row in response.context["rows"]} == {"n1", "n4"}
    response = client.get("/monitor/bekanntmachungen/", {"group": "it", "kind": "green"})
    # n6 has no state; without a state filter it is listed too
    assert {row["notice"].notice_id for row in response.context["rows"]} == {"n1", "n3", "n4", "n6"}
    response = client.get(
        "/monitor/bekanntmachungen/", {"code": "green:clim-mitig", "start": "2024-07"}
    )
    assert {row["notice"].notice_id for row in response.context["rows"]} == {"n1", "n6"}
    # kind and CPV must hold for the same lot: n1 has green 30..., and non-green 45...
    response = client.get("/monitor/bekanntmachungen/", {"cpv": "45", "kind": "green"})
    assert [row["notice"].notice_id for row in response.context["rows"]] == []


@pytest.mark.parametrize(
    "query",
    [
        "cpv=abc",
        "cpv=4",
        "code=green",
        "code=evil:x",
        "group=nope",
        "state=ZZ",
        "seite=999",
        "seite=abc",
        "start=2025-02&end=2025-01",
        "code=green:%27%3B--",
    ],
)
def test_notice_list_survives_bad_filters(client, data, query):
    response = client.get("/monitor/bekanntmachungen/?" + query)
    assert response.status_code == 200


def test_notice_list_paginates(client, monitor_page):
    for number in range(30):
        make_notice("TH", date(2025, 1, 1), notice_id=f"p{number:02d}")
    rollups.rebuild_rollups()  # the list counts from the roll-ups, as the importer keeps them
    response = client.get("/monitor/bekanntmachungen/")
    assert len(response.context["rows"]) == 25
    response = client.get("/monitor/bekanntmachungen/", {"seite": 2})
    assert len(response.context["rows"]) == 5
    assert response.context["paginator"].count == 30
    # a CPV prefix finer than a division is counted with a query
    response = client.get("/monitor/bekanntmachungen/", {"cpv": "3019"})
    assert response.context["paginator"].count == 30


def test_notice_detail_page(persona, data):
    _name, client = persona
    response = client.get("/monitor/bekanntmachungen/n4/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Innovative Beschaffung" in html  # BT-06 inn-pur in plain German
    assert "Kriterien der EU für ein umweltorientiertes öffentliches Beschaffungswesen" in html
    assert "https://oeffentlichevergabe.de/ui/de/search/details?noticeId=n4" in html


def test_notice_detail_links_to_ted_and_labels(client, monitor_page):
    LabelFactory(slug="fairtrade", name="Fairtrade", covers="social")
    make_notice(
        "TH",
        date(2025, 1, 1),
        [{"main_cpv": "15860000-4", "social": ["hum-right"]}],
        notice_id="t1",
        publication_number="123456-2025",
        detected_labels=["fairtrade", "ilo-core-labour-standards"],
    )
    html = client.get("/monitor/bekanntmachungen/t1/").content.decode()
    assert_contains(
        html,
        "https://ted.europa.eu/de/notice/-/detail/123456-2025",
        "Fairtrade",
        "ILO-Kernarbeitsnormen",
        "Kaffee, Tee und zugehörige Produkte",  # CPV class 15860000
    )


@pytest.fixture
def buyer_abroad(monitor_page, data):
    notice = make_notice_abroad()
    rollups.rebuild_rollups()
    return notice


def test_notice_page_shows_the_state_of_the_place_of_performance(client, buyer_abroad):
    html = client.get("/monitor/bekanntmachungen/pl1/").content.decode()
    assert "Bundesland des Erfüllungsorts" in html
    assert ">Bremen<" in html
    assert "keines (in der Länderstatistik nicht mitgezählt)" in html  # the buyer's state


def test_notice_list_filters_by_the_place_of_performance(client, buyer_abroad):
    response = client.get("/monitor/bekanntmachungen/", {"place": "HB"})
    assert [row["notice"].notice_id for row in response.context["rows"]] == ["pl1"]
    assert response.context["paginator"].count == 1
    assert "Bundesland des Erfüllungsorts: Bremen" in response.context["filter_summary"]
    response = client.get("/monitor/bekanntmachungen/", {"place": "DE"})
    assert [row["notice"].notice_id for row in response.context["rows"]] == ["pl1"]
    response = client.get("/monitor/bekanntmachungen/", {"state": "HB"})
    assert response.context["rows"] == []
    assert response.context["paginator"].count == 0
    response = client.get("/monitor/bekanntmachungen/", {"place": "HB", "kind": "green"})
    assert response.context["rows"] == []


def test_notice_list_shows_the_place_filter_and_column(client, buyer_abroad):
    html = client.get("/monitor/bekanntmachungen/", {"place": "HB"}).content.decode()
    assert '<select name="place"' in html
    assert "Erfüllungsort" in html


def test_notice_csv_has_the_states_of_the_places_of_performance(client, buyer_abroad):
    rows = csv_rows(client.get("/monitor/bekanntmachungen/csv/", {"place": "HB"}))
    assert rows[0][-1] == "performance_states"
    assert [(row[0], row[3], row[-1]) for row in rows[1:]] == [("pl1", "", "HB")]


def test_unknown_notice_is_404(client, monitor_page):
    assert client.get("/monitor/bekanntmachungen/does-not-exist/").status_code == 404


def test_notice_csv(client, data):
    rows = csv_rows(client.get("/monitor/bekanntmachungen/csv/", {"state": "TH"}))
    assert rows[0][0] == "notice_id"
    assert sorted(row[0] for row in rows[1:]) == ["n1", "n2", "n3"]
    n1 = next(row for row in rows if row[0] == "n1")
    assert n1[6:11] == ["2", "1", "0", "0", "1"]


def test_csv_neutralises_formulas(client, monitor_page):
    make_notice("TH", date(2025, 1, 1), notice_id="f1", buyer_name="=HYPERLINK(1)")
    text = body(client.get("/monitor/bekanntmachungen/csv/")).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_notice_xlsx_holds_the_rows_of_the_csv_escaped_and_typed(client, data):
    make_notice("TH", date(2025, 1, 1), notice_id="f1", buyer_name="=cmd Gemeinde Gößnitz")
    params = {"state": "TH", "start": "2024-07", "end": "2025-06"}
    header, *rows = assert_same_rows(
        client, "/monitor/bekanntmachungen/csv/", "/monitor/bekanntmachungen/xlsx/", **params
    )
    assert len(rows) >= 3
    response = client.get("/monitor/bekanntmachungen/xlsx/", params)
    assert response["Content-Disposition"] == 'attachment; filename="bekanntmachungen.xlsx"'
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in xlsx_rows(response)[1:]}
    assert cells["f1"]["buyer"] == "'=cmd Gemeinde Gößnitz"
    assert cells["f1"]["issue_date"] == datetime(2025, 1, 1)
    assert cells["n1"]["lots"] == 2


def test_stats_xlsx_holds_the_rows_of_the_csv(client, data):
    header, *rows = assert_same_rows(
        client, "/monitor/statistik/csv/", "/monitor/statistik/xlsx/", state="TH"
    )
    assert rows and header[:3] == ["section", "period_start", "period_end"]


def test_pages_link_both_downloads_with_their_filters(client, data):
    statistics = client.get("/monitor/").content.decode()
    query = "?start=2024-07&amp;end=2025-06&amp;state=TH&amp;kind=any"
    assert f'href="/monitor/statistik/csv/{query}"' in statistics
    assert f'href="/monitor/statistik/xlsx/{query}"' in statistics
    notices = client.get("/monitor/bekanntmachungen/", {"state": "TH"}).content.decode()
    assert 'href="csv/?state=TH"' in notices and 'href="xlsx/?state=TH"' in notices
    for html in (statistics, notices):
        assert "Als Tabelle herunterladen (Excel, XLSX)" in html


def test_stats_csv(client, data):
    rows = csv_dicts(client.get("/monitor/statistik/csv/", {"state": "TH"}))
    th = next(r for r in rows if r["section"] == "state" and r["key"] == "TH")
    assert (th["lots"], th["lots_any"], th["notices"]) == ("3", "2", "2")
    de = next(r for r in rows if r["section"] == "state" and r["key"] == "DE")
    assert de["lots"] == "7"
    assert any(r["section"] == "product_group" and r["key"] == "it" for r in rows)


def test_synthetic_data_is_announced(client, monitor_page):
    make_notice("TH", date(2025, 1, 1), notice_id="demo-1", source_name="synthetic demo data")
    rollups.rebuild_rollups()
    assert "Enthält synthetische Demodaten" in client.get("/monitor/").content.decode()
    assert (
        "Enthält synthetische Demodaten"
        in client.get("/monitor/bekanntmachungen/demo-1/").content.decode()
    )


def _statistics_rendered(response) -> bool:
    return "monitor/includes/statistics.html" in {t.name for t in response.templates}


def test_statistics_fragment_is_cached_per_period_state_kind_and_language(client, data):
    first = client.get("/monitor/", {"state": "BY"})
    again = client.get("/monitor/", {"state": "BY"})
    assert _statistics_rendered(first)
    assert not _statistics_rendered(again)
    assert again.content == first.content
    for path, query in (
        ("/monitor/", {"state": "BY", "kind": "green"}),
        ("/monitor/", {"state": "BE"}),
        ("/monitor/", {"state": "BY", "start": "2025-01"}),
        ("/en/monitor/", {"state": "BY"}),
    ):
        assert _statistics_rendered(client.get(path, query)), (path, query)


def test_cached_statistics_are_recomputed_after_a_roll_up_refresh(client, data):
    query = {"start": "2024-07", "end": "2025-06", "state": "TH"}
    before = client.get("/monitor/", query)
    assert before.context["result"].region.lots == 3
    make_notice(
        "TH",
        date(2025, 6, 20),
        [{"main_cpv": "39830000-9", "social": ["work-cond"]}],
        notice_id="n7",
    )
    rollups.refresh_rollups_for({date(2025, 6, 1)})
    after = client.get("/monitor/", query)
    assert _statistics_rendered(after)
    assert after.context["result"].region.lots == 4
    assert after.context["result"].germany.lots == 8
    assert after.content != before.content


def test_cached_statistics_are_recomputed_after_an_import(client, data):
    query = {"start": "2020-01", "end": "2025-06", "state": "TH"}
    before = client.get("/monitor/", query).context["result"]
    client.get("/monitor/", query)  # now served from the cache
    call_command("import_notices", str(DATA / MERO), stdout=io.StringIO(), stderr=io.StringIO())
    after = client.get("/monitor/", query)
    assert _statistics_rendered(after)
    result = after.context["result"]
    assert result.germany.lots + result.unknown.lots > before.germany.lots + before.unknown.lots


def test_statistics_are_recomputed_when_roll_ups_are_deleted(client, data, groups):
    query = {"start": "2024-07", "end": "2025-06", "state": "TH"}
    before = client.get("/monitor/", query).context["result"]
    assert [row.counts.lots for row in before.groups if row.key == "textil"] == [1]
    rollups.delete_group_rollups(groups["textiles"].pk)  # no new rows: the row count changes
    after = client.get("/monitor/", query)
    assert _statistics_rendered(after)
    assert [row.counts.lots for row in after.context["result"].groups if row.key == "textil"] == [0]
