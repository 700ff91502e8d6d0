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
from wagtail.models import Site

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)

# The benchmark's pages (benchmarks/web.py), feeds, sitemap and API listings: at most this many
# queries each once the worker's per-generation values (locales, navigation, footer) are read.
MAX_QUERIES = {
    # no query: the page's row, its lists and the frame are read once per generation
    "/": 0,
    "/projekt/": 0,
    "/arbeitskreis/mitglieder/": 0,
    "/publikationen/": 0,
    "/aktuelles/": 0,
    "/praxisbeispiele/": 0,
    "/guetezeichen/": 0,
    "/laender/": 0,
    "/kriterien/": 0,
    "/produktgruppen/": 0,
    "/monitor/": 0,
    "/en/": 0,
    "/termine/": 0,
    "/en/praxisbeispiele/": 0,
    # what depends on the query string or is read per request
    "/praxisbeispiele/?q=Dienstkleidung": 11,  # PostgreSQL 11, SQLite 5
    "/produktgruppen/textilien/": 9,  # eight sections, one or two queries each
    "/suche/?q=Arbeitskleidung": 8,  # PostgreSQL 8, SQLite 2: counts, the best of each kind
    "/monitor/bekanntmachungen/": 5,
    "/aktuelles/feed/": 8,
    "/sitemap.xml": 28,  # one query per page type; the hubs: + their slugs, once per language
    "/api/v1/examples": 8,
    "/api/v1/publications/": 1,
    "/api/v1/network/members/": 1,
    "/api/v1/monitor/summary": 3,
}
# The first /projekt/ after a change, once per worker process: the frame's per-generation values
# and the page's own (its rich text links) read again; 24 measured, as before they were memoised.
FIRST_AFTER_CHANGE = 25


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
    assert first_after_change <= FIRST_AFTER_CHANGE, first_after_change


def test_pages_read_view_restrictions_and_site_settings_once_per_generation(client, home, settings):
    """Every page asked for its view restrictions (Wagtail's serve hook) and for the site
    settings (the template's ``settings`` and the accessors): two queries per page for what
    changes only with a change. Restricted pages still ask (test_pagecache, library)."""
    StandardPageFactory(parent=home, title="Impressum", slug="impressum")
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        client.get("/impressum/")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/impressum/").status_code == 200

    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "pageviewrestriction" not in tables and "core_sitesettings" not in tables, tables


def test_page_urls_ask_the_shared_cache_for_the_site_roots_once_per_generation(
    client, home, settings, monkeypatch
):
    """Wagtail keeps the site root paths in the shared cache and asks it once per page object
    whose URL is built without a request (cards, lists): a Redis round trip each. Pages of the
    project read them once per process and generation."""
    settings.PAGE_CACHE_SECONDS = 0
    news = NewsIndexPageFactory(parent=home)
    for n in range(5):
        NewsPageFactory(parent=news, slug=f"meldung-{n}", title=f"Meldung {n}")
    client.get("/aktuelles/")
    asked = []
    original = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", lambda: asked.append(1) or original())

    assert client.get("/aktuelles/").status_code == 200
    assert [page.url for page in news.get_children().specific()]

    assert asked == []
