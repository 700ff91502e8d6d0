"""Lean uncached pages (issue 12): an upper bound of SQL queries per public page, with the
page cache off and the demo content, so the first visit after a change, a logged-in editor or
a search term nobody asked before stays cheap. Bounds and figures: docs/performance.md
("Public pages"). A bound that no longer holds means a new query per item or per frame part:
find it (``CaptureQueriesContext`` lists them) rather than raising the bound."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beschaffungsallianz.core import pagecache

# The benchmark's pages (benchmarks/web.py), feeds, sitemap and API listings: at most this many
# queries each once the worker's per-generation values (locales, navigation, footer) are read.
MAX_QUERIES = {
    "/": 12,
    "/projekt/": 14,
    "/arbeitskreis/mitglieder/": 8,
    "/publikationen/": 8,
    "/aktuelles/": 9,
    "/praxisbeispiele/": 13,
    "/praxisbeispiele/?q=Dienstkleidung": 21,  # PostgreSQL; 15 on SQLite
    "/guetezeichen/": 10,
    "/laender/": 8,
    "/kriterien/": 12,
    "/produktgruppen/": 7,
    "/produktgruppen/textilien/": 17,  # eight sections, one or two queries each
    "/monitor/": 7,
    "/en/": 12,
    "/termine/": 11,
    "/suche/?q=Arbeitskleidung": 10,  # PostgreSQL (8 on SQLite): counts, then the best of each kind
    "/monitor/bekanntmachungen/": 12,
    "/en/praxisbeispiele/": 13,
    "/aktuelles/feed/": 10,
    "/sitemap.xml": 29,  # one query per page type; the hubs: + their slugs, once per language
    "/api/v1/examples": 11,
    "/api/v1/publications/": 1,
    "/api/v1/network/members/": 1,
    "/api/v1/monitor/summary": 5,
}
# What the first page after a change pays on top, once per worker process (the values above).
FRAME_ONCE = 15


@pytest.fixture
def demo(db, settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passwort-2016")
    call_command("load_demo_content", stdout=StringIO())
    settings.PAGE_CACHE_SECONDS = 0


def count(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def test_public_pages_stay_under_their_query_bounds(client, demo):
    for path in MAX_QUERIES:
        client.get(path)  # the per-generation values of the frame
    measured = {path: count(client, path) for path in MAX_QUERIES}
    pagecache.bump()  # a change: the first page reads the frame's values again
    _status, first_after_change = count(client, "/projekt/")

    assert {p: status for p, (status, _n) in measured.items()} == dict.fromkeys(MAX_QUERIES, 200)
    over = {p: (n, MAX_QUERIES[p]) for p, (_status, n) in measured.items() if n > MAX_QUERIES[p]}
    assert over == {}, f"(measured, bound): {over}; all: {measured}"
    assert first_after_change <= MAX_QUERIES["/projekt/"] + FRAME_ONCE, first_after_change
