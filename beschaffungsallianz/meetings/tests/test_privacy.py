"""A unique word of the working group's internal business (agenda, invitation, minutes,
decisions) never reaches a public channel: site search, the API, the sitemap, the Atom feeds,
a download, or the page cache (not even after a member of the working group has seen it)."""

import pytest

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.meetings.models import Rsvp
from beschaffungsallianz.meetings.tests.checks import (
    MEETING_URLS,
    SECRET,
    public_outputs,
    stored_pages,
)
from beschaffungsallianz.meetings.tests.factories import RsvpFactory

pytestmark = pytest.mark.django_db


def test_internal_words_reach_no_public_channel_and_no_cached_page(
    client, client_as, past, upcoming, minutes, decision, arbeitskreis
):
    RsvpFactory(meeting=upcoming, user=arbeitskreis, note=f"Notiz {SECRET}")
    member = client_as("arbeitskreis")
    for url in MEETING_URLS:  # the working group reads everything first
        assert member.get(url).status_code == 200
    assert SECRET in member.get("/arbeitskreis/sitzungen/fruehjahr/").content.decode()
    member.logout()
    client.cookies.clear()

    outputs = public_outputs(client)
    outputs_again = public_outputs(client)  # now from the page cache

    assert "/sitemap.xml" in outputs and "/arbeitskreis/sitzungen/" in outputs
    assert len(outputs) >= 8
    leaks = [url for url, body in {**outputs, **outputs_again}.items() if SECRET.encode() in body]
    assert leaks == []
    assert stored_pages(), "the public pages were cached"
    assert SECRET.encode() not in stored_pages()


@pytest.mark.parametrize("word", [SECRET, "Dienstkleidungen", "Punkt"])
def test_site_search_finds_nothing_internal(client, past, upcoming, minutes, decision, word):
    response = client.get("/suche/", {"q": word})

    html = response.content.decode()
    assert response.status_code == 200
    for internal in (f"Punkt {SECRET}", f"Ort {SECRET}", f"Protokoll {SECRET}", "fair beschafft"):
        assert internal not in html
    assert "/arbeitskreis/sitzungen/fruehjahr/" not in html


def test_the_sitemap_lists_the_meetings_page_only(client, past, upcoming, minutes, decision):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/arbeitskreis/sitzungen/" in sitemap
    assert "/arbeitskreis/sitzungen/fruehjahr/" not in sitemap
    assert "beschluesse" not in sitemap


def test_answers_do_not_renew_the_page_cache(client, upcoming, arbeitskreis):
    assert Rsvp not in pagecache.watched_models()
    client.get("/arbeitskreis/sitzungen/")
    token = pagecache.generation()

    RsvpFactory(meeting=upcoming, user=arbeitskreis)

    assert pagecache.generation() == token
