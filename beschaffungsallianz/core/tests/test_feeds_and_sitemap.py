import importlib
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    translate,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(home):
    index = NewsIndexPageFactory(parent=home)
    today = timezone.localdate()
    real = NewsPageFactory(parent=index, title="Echte Meldung", slug="echt", date=today)
    NewsPageFactory(
        parent=index,
        title="Erfunden",
        slug="erfunden",
        is_sample=True,
        date=today - timedelta(days=1),
    )
    NewsPageFactory(parent=index, title="Entwurf", slug="entwurf", live=False)
    return home, index, real


def test_news_feed_is_atom_with_live_entries_newest_first(client, news):
    response = client.get("/aktuelles/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Echte Meldung", "Beispiel: Erfunden"]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links[0] == "http://testserver/aktuelles/echt/"


def test_english_feed_lists_english_entries(client, news):
    home, index, real = news
    translate(home, title="Alliance")
    translate(index, title="News")
    translate(real, title="Real news")

    feed = ElementTree.fromstring(client.get("/en/aktuelles/feed/").content)

    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Real news"]
    assert feed.find(f"{ATOM}title").text.startswith("News – ")


def test_pages_link_the_feed(client, news):
    html = client.get("/").content.decode()

    assert '<link rel="alternate" type="application/atom+xml" href="/aktuelles/feed/"' in html


def test_sitemap_lists_live_pages_of_both_languages(client, news):
    home, index, real = news
    translate(home, title="Alliance")
    translate(index, title="News")
    StandardPageFactory(parent=home, slug="geheim", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = [
        loc.text
        for loc in ElementTree.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert "http://testserver/aktuelles/echt/" in locations
    assert "http://testserver/en/aktuelles/" in locations
    assert "http://testserver/en/" in locations
    assert not any("entwurf" in url or "geheim" in url for url in locations)


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client, news):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Disallow: /en/suche/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def _sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [
        loc.text
        for loc in ElementTree.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]


def test_sitemap_urls_use_the_configured_base_url_not_the_wagtail_site(client, news, settings):
    """The Wagtail site says localhost:80 (its default); BASE_URL is the public address."""
    home, index, real = news
    translate(home, title="Alliance")
    settings.BASE_URL = "https://beschaffung.example.org"

    locations = _sitemap_locations(client)

    assert "https://beschaffung.example.org/aktuelles/echt/" in locations
    assert "https://beschaffung.example.org/en/" in locations
    assert all(url.startswith("https://beschaffung.example.org/") for url in locations)


def test_feed_and_robots_txt_use_the_configured_base_url(client, news, settings):
    settings.BASE_URL = "https://beschaffung.example.org"

    feed = ElementTree.fromstring(client.get("/aktuelles/feed/").content)
    robots = client.get("/robots.txt").content.decode()

    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    entry_ids = [entry.find(f"{ATOM}id").text for entry in feed.iter(f"{ATOM}entry")]
    assert links and all(link.startswith("https://beschaffung.example.org/") for link in links)
    assert entry_ids[0] == "https://beschaffung.example.org/aktuelles/echt/"
    assert "Sitemap: https://beschaffung.example.org/sitemap.xml" in robots


def test_base_url_setting_drops_a_trailing_slash_and_is_wagtails_admin_base_url(monkeypatch):
    """Mails (ours and Wagtail's) link with WAGTAILADMIN_BASE_URL: the same value as BASE_URL."""
    from beschaffungsallianz.settings import base

    monkeypatch.setenv("BASE_URL", "https://beschaffung.example.org/")
    try:
        module = importlib.reload(base)
        assert module.BASE_URL == "https://beschaffung.example.org"
        assert module.WAGTAILADMIN_BASE_URL == module.BASE_URL
    finally:
        monkeypatch.undo()
        importlib.reload(base)
