from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    make_home,
    translate,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news():
    home = make_home()
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
    assert "http://localhost/aktuelles/echt/" in locations
    assert "http://localhost/en/aktuelles/" in locations
    assert "http://localhost/en/" in locations
    assert not any("entwurf" in url or "geheim" in url for url in locations)


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client, news):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Disallow: /en/suche/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
