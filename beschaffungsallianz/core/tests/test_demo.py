"""load_demo_content: the whole demo (all apps), twice; the second run changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.core.models import HomePage, SiteSettings, StandardPage

# Rows that record activity rather than content (a re-run may add log lines).
ACTIVITY_MODELS = {"wagtailcore.pagelogentry", "wagtailcore.modellogentry"}

GERMAN_PATHS = [
    "/",
    "/projekt/",
    "/aktuelles/",
    "/termine/",
    "/kontakt/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]


def _counts():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in ACTIVITY_MODELS and not model._meta.proxy
    }


def _load(**kwargs):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_loader_is_idempotent_and_complete(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passwort-2016")

    first = _load()
    counts = _counts()
    pages_before = list(
        Page.objects.order_by("path").values_list("pk", "title", "live", "latest_revision_id")
    )
    second = _load()

    assert _counts() == counts
    assert (
        list(Page.objects.order_by("path").values_list("pk", "title", "live", "latest_revision_id"))
        == pages_before
    )
    assert "password demo-passwort-2016" in first
    assert "exists; its password is unchanged" in second
    assert "demo-passwort-2016" not in second

    # The start page replaced Wagtail's welcome page and carries the site settings.
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert Page.objects.filter(depth=2, locale__language_code="de").count() == 1
    settings = SiteSettings.for_site(site)
    assert settings.alliance_name == "Thüringer Beschaffungsallianz – fair und nachhaltig"
    assert settings.sponsor_name == "Zukunftsfähiges Thüringen e.V."
    assert settings.state_code == "TH"
    assert settings.imprint_page.slug == "impressum"

    # Every German page has a live English translation.
    english = Locale.objects.get(language_code="en")
    german_pages = site.root_page.get_descendants(inclusive=True)
    for page in german_pages:
        translation = page.get_translation_or_none(english)
        assert translation is not None and translation.live, page.url_path

    for path in GERMAN_PATHS:
        assert client.get(path).status_code == 200, path
        assert client.get("/en" + path).status_code == 200, "/en" + path

    # The demo accounts can log in and have their roles.
    user_model = get_user_model()
    editor = authenticate(username="redaktion", password="demo-passwort-2016")
    coordinator = authenticate(username="koordination", password="demo-passwort-2016")
    assert editor is not None and editor.groups.filter(name="Redaktion").exists()
    assert coordinator is not None and coordinator.groups.filter(name="Koordination").exists()
    assert user_model.objects.filter(username__in=["redaktion", "koordination"]).count() == 2


@pytest.mark.django_db
def test_demo_marks_samples_and_states_the_given_facts(client):
    _load(no_accounts=True, skip=["network", "publications", "knowledge", "monitor", "events"])

    from beschaffungsallianz.core.models import NewsPage

    assert NewsPage.objects.exists()
    assert not NewsPage.objects.filter(is_sample=False).exists()
    project = client.get("/projekt/").content.decode()
    for fact in [
        "April 2016",
        "Zukunftsfähiges Thüringen e.V.",
        "2012",
    ]:
        assert fact in project, fact
    accessibility = client.get("/barrierefreiheit/").content.decode()
    assert "BITV 2.0" in accessibility and "Schlichtungsstelle" in accessibility
    privacy = client.get("/datenschutz/").content.decode()
    assert "Mitmachen" in privacy and "Praxisbeispiel" in privacy and "Protokolle" in privacy
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_ensure_child_creates_a_demo_page_once_and_keeps_an_editors_changes():
    home = demo_home()
    out = StringIO()
    page, created = ensure_child(home, StandardPage, "probe", out, app="test", title="Probe")
    assert created and page.live and isinstance(page, StandardPage)
    assert "test: page /probe/ created" in out.getvalue()
    page.title = "Vom Team geändert"
    page.save_revision().publish()
    again, created = ensure_child(home, StandardPage, "probe", out, app="test", title="Probe")
    assert not created and again.pk == page.pk and again.title == "Vom Team geändert"
    assert home.get_children().filter(slug="probe").count() == 1
    assert out.getvalue().count("created") == 1


def test_demo_home_is_the_default_sites_root_page(db):
    assert demo_home().pk == Site.objects.get(is_default_site=True).root_page_id
