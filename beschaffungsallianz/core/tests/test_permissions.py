"""Every core view and admin area against the personas anonymous, member, editor,
coordinator and admin."""

import pytest
from wagtail.models import Site

from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_ROLES = {"editor", "coordinator", "admin_user"}


@pytest.fixture
def tree(home):
    news = NewsIndexPageFactory(parent=home)
    return {
        "home": home,
        "standard": StandardPageFactory(parent=home, slug="projekt", title="Projekt"),
        "news_index": news,
        "news": NewsPageFactory(parent=news, slug="meldung"),
    }


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projekt/",
        "/aktuelles/",
        "/aktuelles/meldung/",
        "/suche/?q=Projekt",
        "/aktuelles/feed/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_public_views_are_open_to_every_persona(persona, tree, url):
    _name, client = persona

    assert client.get(url).status_code == 200


def test_the_form_token_is_given_to_every_persona_and_never_kept(persona):
    """core:form-token (the CSRF token of forms on cached pages): GET only, each persona its
    own token, never cached by anyone."""
    _name, client = persona

    response = client.get("/formular-token/")

    assert response.status_code == 200 and response.json()["token"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.post("/formular-token/").status_code in (403, 405)


def test_draft_pages_are_not_public_for_anyone(persona, tree):
    _name, client = persona
    StandardPageFactory(parent=tree["home"], slug="entwurf", live=False)

    assert client.get("/entwurf/").status_code == 404


def _admin_urls(tree):
    site = Site.objects.get(is_default_site=True)
    return [
        "/admin/",
        f"/admin/pages/{tree['home'].pk}/",
        f"/admin/pages/{tree['standard'].pk}/edit/",
        f"/admin/pages/add/core/standardpage/{tree['home'].pk}/",
        f"/admin/pages/{tree['news'].pk}/edit/",
        f"/admin/settings/core/sitesettings/{site.pk}/",
    ]


def test_admin_page_and_settings_areas_per_role(persona, tree):
    name, client = persona

    for url in _admin_urls(tree):
        response = client.get(url)
        if name in ADMIN_ROLES:
            assert response.status_code == 200, (name, url)
        else:
            assert response.status_code == 302, (name, url)
            assert "/admin/login/" in response["Location"], (name, url)


def test_editor_can_publish_page_changes(client_as, tree):
    client = client_as("editor")
    page = tree["standard"]

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Projekt (neu)",
            "slug": "projekt",
            "intro": "Neu",
            "body-count": "0",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.title == "Projekt (neu)" and page.live


def test_member_cannot_change_site_settings(client_as, tree):
    client = client_as("member")
    site = Site.objects.get(is_default_site=True)

    response = client.post(
        f"/admin/settings/core/sitesettings/{site.pk}/", {"alliance_name": "Gekapert"}
    )

    from beschaffungsallianz.core.models import SiteSettings

    assert response.status_code == 302
    assert SiteSettings.for_site(site).alliance_name != "Gekapert"


def test_translate_page_action_per_role(persona, tree):
    from beschaffungsallianz.core.tests.factories import english_locale

    name, client = persona
    english_locale()
    url = f"/admin/translation/submit/page/{tree['standard'].pk}/"

    response = client.get(url)

    if name in ADMIN_ROLES:
        assert response.status_code == 200, name
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editor_translates_a_page_into_english(client_as, tree):
    from beschaffungsallianz.core.tests.factories import english_locale, translate

    client = client_as("editor")
    english = english_locale()
    translate(tree["home"], title="Alliance")

    response = client.post(
        f"/admin/translation/submit/page/{tree['standard'].pk}/", {"locales": [english.pk]}
    )

    assert response.status_code == 302
    assert tree["standard"].get_translation_or_none(english) is not None
