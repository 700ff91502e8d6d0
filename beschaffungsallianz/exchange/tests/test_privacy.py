"""A word that occurs only in a members' thread never reaches a public answer: site search,
every GET of the API, feeds, the sitemap, or a page kept by the page cache (switched on)."""

import pytest
from django.test import Client

from beschaffungsallianz.exchange import services
from beschaffungsallianz.exchange.models import Post, Thread

pytestmark = pytest.mark.django_db

WORD = "Quastenflosserbeschaffung"
# Search pages repeat the query; what must not appear there is the thread's title.
TITLE = f"Erfahrung mit {WORD} gesucht"
PUBLIC_PATHS = [
    "/",
    f"/suche/?q={WORD}",
    f"/en/suche/?q={WORD}",
    "/sitemap.xml",
    "/aktuelles/feed/",
    "/termine/feed/",
    "/praxisbeispiele/?q=" + WORD,
]


def _api_paths(client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        f"/api/v1{path}"
        for path, ops in schema["paths"].items()
        if "{" not in path and "get" in ops
    ]


def test_private_words_reach_no_public_answer(client_as, home, member, settings):
    settings.PAGE_CACHE_SECONDS = 300
    thread = services.create_thread(member, title=TITLE, body=f"Wer kennt {WORD}?", topics={})
    url = f"/mitgliederbereich/austausch/{thread.pk}/"
    member_page = client_as("member").get(url)
    assert WORD in member_page.content.decode()
    assert "private" in member_page["Cache-Control"]

    anonymous = Client()
    paths = PUBLIC_PATHS + _api_paths(anonymous)
    assert len(paths) > len(PUBLIC_PATHS) + 5
    for path in paths + paths:  # the second round is answered by the page cache
        response = anonymous.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        secret = TITLE if "q=" in path else WORD
        assert secret.encode() not in body, path
    for _ in range(2):  # the member's page was not stored for anybody else
        response = anonymous.get(url)
        assert response.status_code == 302 and WORD.encode() not in response.content


def test_exchange_writes_do_not_renew_the_page_cache():
    assert all(
        not model.shown_on_public_pages
        for model in (Thread, Post, *[f.related_model for f in Post._meta.related_objects])
        if hasattr(model, "shown_on_public_pages")
    )
    assert Thread.shown_on_public_pages is False and Post.shown_on_public_pages is False
