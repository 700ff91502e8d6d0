"""The page cache (core/pagecache.py): what it keeps, what it never keeps, and that every kind
of change reaches the next anonymous request (issue 12). The two-process variant is in
test_pagecache_processes.py."""

import uuid
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control
from wagtail.models import PageViewRestriction

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core import pagecache, routing
from beschaffungsallianz.core.tests.factories import (
    StandardPageFactory,
    site_settings,
    translate,
)
from beschaffungsallianz.core.tests.production_server import CSRF_INPUT
from beschaffungsallianz.knowledge.tests.factories import (
    LabelFactory,
    PracticeExampleFactory,
    build_site,
)
from beschaffungsallianz.monitor.importer import import_sources
from beschaffungsallianz.monitor.rollups import refresh_rollups_for
from beschaffungsallianz.monitor.sources import iter_sources
from beschaffungsallianz.monitor.tests.factories import make_monitor_page, make_notice
from beschaffungsallianz.monitor.tests.import_samples import DATA
from beschaffungsallianz.network.models import JoinRequest
from beschaffungsallianz.network.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    build_network_site,
)
from beschaffungsallianz.publications.tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def cached_text(client, path: str) -> str:
    """GET ``path`` as an anonymous visitor until the answer comes from the page cache (no SQL
    at all: the generation and the page are in the cache). The first request to a new site
    creates its settings row (a write, which bumps), so the second one is stored."""
    client.get(path)
    first = client.get(path)
    assert first.status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second.status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == [], path
    assert second.content == first.content
    return second.content.decode()


def fresh_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- what is cached, and how ---


def test_anonymous_page_is_served_from_the_cache_with_http_caching_headers(client, home):
    StandardPageFactory(parent=home, title="Projekt", slug="projekt", show_in_menus=True)
    text = cached_text(client, "/projekt/")
    response = client.get("/projekt/")

    assert "Projekt" in text
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "Set-Cookie" not in response.headers


def test_etag_and_last_modified_answer_304(client, home):
    cached_text(client, "/")
    first = client.get("/")
    by_etag = client.get("/", headers={"if-none-match": first["ETag"]})
    by_date = client.get("/", headers={"if-modified-since": first["Last-Modified"]})
    other = client.get("/", headers={"if-none-match": '"something-else"'})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert other.status_code == 200


def test_query_string_is_normalised_and_language_is_part_of_the_key(client, home):
    translate(home, title="Test start")
    cached_text(client, "/?b=2&a=1")
    with CaptureQueriesContext(connection) as queries:
        client.get("/?a=1&b=2")  # same parameters, other order: the same entry
    english = fresh_text(client, "/en/")

    assert queries.captured_queries == []
    assert "Test start" in english


def test_page_cache_seconds_zero_turns_the_cache_off(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert len(queries) > 0  # rendered again
    assert response["Cache-Control"].startswith("public")  # browsers may still keep it


def test_a_hit_is_one_cache_read_before_the_session_and_locale_middleware(
    client, home, monkeypatch
):
    """A hit costs one round trip to the shared cache (generation and page in one read) and
    is answered before the session, locale and common middleware do any work."""
    order = settings.MIDDLEWARE
    cache_at = order.index("beschaffungsallianz.core.pagecache.PageCacheMiddleware")
    assert cache_at < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert cache_at < order.index("django.middleware.locale.LocaleMiddleware")
    cached_text(client, "/")
    reads = []  # the calls the middleware makes (locmem's get_many calls get itself)
    pages = caches["pages"]
    inside = []
    for name in ("get", "get_many"):
        original = getattr(pages, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(pages, name, counted)

    response = client.get("/")
    hit_reads = list(reads)
    english = client.get("/en/")

    assert response.status_code == 200 and english.status_code == 200
    assert hit_reads == ["get_many"]
    assert response["Content-Language"] == "de" and english["Content-Language"] == "en"


def test_the_key_has_the_language_the_locale_middleware_activates(rf):
    for path, language in [
        ("/", "de"),
        ("/projekt/", "de"),
        ("/en/projekt/", "en"),
        ("/api/v1/labels", "de"),  # outside i18n_patterns: the default, whatever the cookie
        ("/sitemap.xml", "de"),
    ]:
        request = rf.get(path, HTTP_ACCEPT_LANGUAGE="en")
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert pagecache.request_language(request) == language, path


# --- what is never cached ---


def test_logged_in_users_get_fresh_private_pages(client, home, editor):
    client.force_login(editor)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert len(queries) > 0
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_a_session_or_a_message_bypasses_the_cache(client, home, monkeypatch):
    cached_text(client, "/")
    routed = []
    monkeypatch.setattr(routing, "route", lambda request, path: routed.append(path))
    client.get("/")  # from the cache: the page's view does not run
    assert routed == []
    for name in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[name] = "anything"
        visitor.get("/")
        assert routed == [""], name  # the page's view ran (core.views.serve)
        routed.clear()


def test_form_pages_are_not_cached_and_the_join_form_posts_after_cached_pages(db):
    build_network_site()
    browser = Client(enforce_csrf_checks=True)
    cached_text(browser, "/")  # a cached page first, as a visitor would come
    form_page = browser.get("/mitmachen/")
    again = browser.get("/mitmachen/")
    token = CSRF_INPUT.search(again.content.decode()).group(1)
    answer = browser.post("/mitmachen/", {"csrfmiddlewaretoken": token, "name": ""})

    assert "csrftoken" in form_page.cookies  # the token's cookie: never stored
    # Rendered again: a cached copy would repeat the first page's (masked) token.
    assert CSRF_INPUT.search(form_page.content.decode()).group(1) != token
    assert "private" in again["Cache-Control"]
    assert answer.status_code == 200  # the form with its errors, not 403 (CSRF failure)
    assert 'aria-invalid="true"' in answer.content.decode()


def test_private_pages_are_never_cached(client, home):
    secret = StandardPageFactory(parent=home, title="Intern", slug="intern")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    protected = StandardPageFactory(parent=home, title="Geheim", slug="geheim")
    PageViewRestriction.objects.create(page=protected, restriction_type="password", password="x")

    assert client.get("/intern/").status_code == 302
    assert client.get("/intern/").status_code == 302
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/geheim/")
        assert response.status_code == 200 and "Geheim" not in response.content.decode()
        assert len(queries) > 0


def test_making_a_cached_page_private_takes_it_out_at_once(client, home):
    page = StandardPageFactory(parent=home, title="Bald intern", slug="bald-intern")
    cached_text(client, "/bald-intern/")
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    assert client.get("/bald-intern/").status_code == 302


def test_a_section_made_private_leaves_the_navigation_at_once(client, home):
    # the private sections' filter is built once per generation (pagecache.public)
    StandardPageFactory(parent=home, title="Offen", slug="offen", show_in_menus=True)
    section = StandardPageFactory(parent=home, title="Intern", slug="intern", show_in_menus=True)
    assert "Intern" in cached_text(client, "/offen/")

    PageViewRestriction.objects.create(page=section, restriction_type="login")

    html = fresh_text(client, "/offen/")
    assert "Offen" in html and 'href="/intern/"' not in html


def _through_middleware(response, cookies=None):
    path = f"/{uuid.uuid4().hex}/"
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies or {})
    calls = []

    def view(req):
        calls.append(req)
        return response

    middleware = pagecache.PageCacheMiddleware(view)
    middleware(request)
    again = RequestFactory().get(path)
    again.COOKIES.update(cookies or {})
    middleware(again)
    return len(calls)


def test_rules_of_the_response(db):
    """Two requests through the middleware: 1 call of the view = stored, 2 = not stored."""
    private = HttpResponse("mine")
    patch_cache_control(private, private=True)
    with_cookie = HttpResponse("cookie")
    with_cookie.set_cookie("x", "1")
    varies = HttpResponse("varies")
    varies["Vary"] = "User-Agent"

    assert _through_middleware(HttpResponse("public")) == 1
    assert _through_middleware(private) == 2
    assert _through_middleware(with_cookie) == 2
    assert _through_middleware(varies) == 2
    assert _through_middleware(HttpResponse("gone", status=404)) == 2
    assert _through_middleware(StreamingHttpResponse(iter([b"file"]))) == 2
    assert _through_middleware(HttpResponse("public"), {"sessionid": "x"}) == 2


# --- every kind of change reaches the next anonymous request ---


def test_publishing_a_page_changes_it_and_the_navigation(client, home):
    page = StandardPageFactory(parent=home, title="Alt", slug="projekt", show_in_menus=True)
    assert "Alt" in cached_text(client, "/projekt/")
    assert "Alt" in cached_text(client, "/")

    page.title = "Neu"
    page.save_revision().publish()

    assert "Neu" in fresh_text(client, "/projekt/")
    assert "Neu" in fresh_text(client, "/")


def test_a_draft_does_not_show(client, home):
    page = StandardPageFactory(parent=home, title="Alt", slug="projekt")
    cached_text(client, "/projekt/")
    page.title = "Entwurf"
    page.save_revision()

    assert "Entwurf" not in fresh_text(client, "/projekt/")


def test_unpublishing_a_page(client, home):
    page = StandardPageFactory(parent=home, title="Weg", slug="weg", show_in_menus=True)
    cached_text(client, "/weg/")
    assert "Weg" in cached_text(client, "/")

    page.unpublish()

    assert client.get("/weg/").status_code == 404
    assert "/weg/" not in fresh_text(client, "/")


def test_moving_a_page(client, home):
    section = StandardPageFactory(parent=home, title="Bereich", slug="bereich")
    page = StandardPageFactory(parent=home, title="Wandert", slug="wandert")
    cached_text(client, "/wandert/")

    page.move(section, pos="last-child")

    assert client.get("/wandert/").status_code == 301  # Wagtail's redirect to the new place
    assert "Wandert" in fresh_text(client, "/bereich/wandert/")


def test_deleting_a_page(client, home):
    page = StandardPageFactory(parent=home, title="Geloescht", slug="geloescht", show_in_menus=True)
    cached_text(client, "/geloescht/")
    cached_text(client, "/")

    page.delete()

    assert client.get("/geloescht/").status_code == 404
    assert "Geloescht" not in fresh_text(client, "/")


def test_saving_the_site_settings(client, home):
    site_settings(alliance_name="Alte Allianz")
    assert "Alte Allianz" in cached_text(client, "/")

    site_settings(alliance_name="Neue Allianz")

    assert "Neue Allianz" in fresh_text(client, "/")


def test_saving_and_deleting_a_snippet(client):
    pages = build_site()
    label = LabelFactory(name="Blauer Testengel")
    path = pages["labels"].url
    assert "Blauer Testengel" in cached_text(client, path)

    label.name = "Grüner Testengel"
    label.save()
    assert "Grüner Testengel" in fresh_text(client, path)
    cached_text(client, path)

    label.delete()
    assert "Grüner Testengel" not in fresh_text(client, path)


def test_saving_a_practice_example_changes_the_list_and_the_api(client):
    pages = build_site()
    example = PracticeExampleFactory(title="Dienstkleidung Erfurt")
    path = pages["examples"].url
    assert "Dienstkleidung Erfurt" in cached_text(client, path)
    assert "Dienstkleidung Erfurt" in cached_text(client, "/api/v1/examples")

    example.title = "Dienstkleidung Jena"
    example.save()

    assert "Dienstkleidung Jena" in fresh_text(client, path)
    assert "Dienstkleidung Jena" in fresh_text(client, "/api/v1/examples")


def test_a_new_member_organisation_shows_on_the_member_list(client):
    site = build_network_site()
    path = site["members"].url
    cached_text(client, path)

    MembershipFactory(
        organisation=OrganisationFactory(name="Stadt Testhausen"), working_group=site["group"]
    )

    assert "Stadt Testhausen" in fresh_text(client, path)


def test_a_new_publication_shows_in_the_api(client, home):
    cached_text(client, "/api/v1/publications/")

    PublicationFactory(title="Flyer Testallianz")

    assert "Flyer Testallianz" in fresh_text(client, "/api/v1/publications/")


def test_a_roll_up_refresh_changes_the_monitor(client):
    make_monitor_page()
    before = cached_text(client, "/api/v1/monitor/summary")
    make_notice("TH", date(2025, 3, 4))  # lots without a refresh are not counted yet

    assert fresh_text(client, "/api/v1/monitor/summary") == before  # nothing bumped: same data
    refresh_rollups_for([date(2025, 3, 4)])

    assert fresh_text(client, "/api/v1/monitor/summary") != before


def test_a_notice_import_changes_the_notice_list(client):
    page = make_monitor_page()
    path = page.url + "bekanntmachungen/"
    before = cached_text(client, path)

    import_sources(iter_sources([str(DATA / "real-notices/de/657565-2023.xml")]))

    after = fresh_text(client, path)
    assert after != before and "Bundesbank" in after


def test_rendering_public_pages_writes_nothing_that_invalidates(client, home):
    StandardPageFactory(parent=home, title="Projekt", slug="projekt", show_in_menus=True)
    client.get("/")
    token = pagecache.generation()
    for path in ("/", "/projekt/", "/sitemap.xml", "/aktuelles/feed/", "/robots.txt"):
        client.get(path)

    assert pagecache.generation() == token


def test_personal_data_no_public_page_shows_keeps_the_cached_pages(client, home):
    """A sign-up, a join request or a profile change is not shown on any public page, so it
    must not render the whole site anew (a busy sign-up day would empty the page cache)."""
    assert Profile not in pagecache.watched_models()
    assert JoinRequest not in pagecache.watched_models()
    client.get("/")
    token = pagecache.generation()
    JoinRequestFactory()

    assert pagecache.generation() == token


def test_every_project_model_is_watched_unless_it_says_no_public_page_reads_it():
    for model in pagecache.watched_models():
        assert getattr(model, "shown_on_public_pages", True)
