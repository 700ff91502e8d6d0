import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate

pytestmark = pytest.mark.django_db


def test_404_page_is_german(client, home):
    response = client.get("/gibt-es-nicht/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="de"' in html
    assert "Seite nicht gefunden" in html


def test_404_page_under_en_is_english(client, home):
    translate(home, title="Alliance")

    response = client.get("/en/does-not-exist/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en"' in html
    assert "Page not found" in html


def test_500_page_renders_without_request_context():
    with translation.override("de"):
        html = render_to_string("500.html")

    assert "Serverfehler" in html
    assert 'href="#main"' in html


def test_500_handler_returns_the_error_page(client, home, monkeypatch):
    from beschaffungsallianz.search import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "search", broken)
    client.raise_request_exception = False

    response = client.get("/suche/", {"q": "x"})

    assert response.status_code == 500
    assert "Serverfehler" in response.content.decode()


def test_403_page_is_german():
    with translation.override("de"):
        html = render_to_string("403.html")

    assert "Zugriff verweigert" in html


def test_language_switch_links_the_translation(client, home):
    page = StandardPageFactory(parent=home, slug="projekt", title="Projekt")
    translate(home, title="Alliance")
    translate(page, title="Project")

    german = client.get("/projekt/").content.decode()
    english = client.get("/en/projekt/").content.decode()

    assert 'href="/en/projekt/" hreflang="en" lang="en">English</a>' in german
    assert 'href="/projekt/" hreflang="de" lang="de">Deutsch</a>' in english
    assert '<link rel="alternate" hreflang="en" href="/en/projekt/">' in german


def test_language_switch_without_translation_links_the_other_home(client, home):
    StandardPageFactory(parent=home, slug="nur-deutsch", title="Nur deutsch")
    translate(home, title="Alliance")

    german = client.get("/nur-deutsch/").content.decode()

    assert 'href="/en/" hreflang="en"' in german


def test_language_switch_on_search_keeps_the_query(client, home):
    translate(home, title="Alliance")

    html = client.get("/suche/", {"q": "fair"}).content.decode()

    assert 'href="/en/suche/?q=fair" hreflang="en"' in html


def test_english_interface_and_lang_attribute(client, home):
    page = StandardPageFactory(parent=home, slug="projekt", show_in_menus=True)
    translate(home, title="Alliance")
    translate(page, title="Project")

    html = client.get("/en/").content.decode()

    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert 'aria-label="Main navigation"' in html


@override_settings(LANGUAGE_CODE="de")
def test_german_interface_strings_are_translated(client, home):
    StandardPageFactory(parent=home, slug="projekt", show_in_menus=True)

    html = client.get("/").content.decode()

    assert "Zum Inhalt springen" in html
    assert 'aria-label="Hauptnavigation"' in html
    assert "Skip to content" not in html


def test_language_switch_keeps_sub_path_and_query_of_routable_pages(rf, home):
    from beschaffungsallianz.core.templatetags.core_tags import alternate_url

    page = StandardPageFactory(parent=home, slug="praxisbeispiele", title="Praxisbeispiele")
    translate(home, title="Alliance")
    translate(page, title="Practice examples")
    request = rf.get("/praxisbeispiele/musterstadt-papier/", {"state": "TH"})

    assert alternate_url(request, page, "en") == "/en/praxisbeispiele/musterstadt-papier/?state=TH"
    assert alternate_url(request, page, "de") == "/praxisbeispiele/musterstadt-papier/?state=TH"


def test_language_switch_follows_a_translation_published_later(client, home, settings):
    # the switcher's URLs are worked out once per generation (core_tags._translation_urls)
    settings.PAGE_CACHE_SECONDS = 0
    page = StandardPageFactory(parent=home, slug="projekt", title="Projekt")
    translate(home, title="Alliance")
    assert 'href="/en/" hreflang="en"' in client.get("/projekt/").content.decode()

    translate(page, title="Project")

    assert 'href="/en/projekt/" hreflang="en"' in client.get("/projekt/").content.decode()
