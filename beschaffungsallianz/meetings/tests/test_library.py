"""The members-only library (meetings/library.py): pages below /mitgliederbereich/bibliothek/
and documents of the collection "Mitglieder" only for the groups Mitglied and Arbeitskreis,
never in search, sitemap, feeds, API or the page cache; documents only through Wagtail's view
(with the check), also with nginx's X-Accel-Redirect and with SERVE_PUBLIC_IMAGES."""

import io
import os

import pytest
from wagtail.documents import get_document_model

from beschaffungsallianz.meetings import library
from beschaffungsallianz.meetings.tests.checks import public_outputs, stored_pages
from conftest import assert_contains

pytestmark = pytest.mark.django_db

READERS = ("member", "arbeitskreis", "admin_user")  # the two groups; superusers pass every check
PAGES = [
    "/mitgliederbereich/bibliothek/",
    "/mitgliederbereich/bibliothek/rechtliche-grundlagen/",
    "/mitgliederbereich/bibliothek/leitfaeden/",
    "/mitgliederbereich/bibliothek/studien-gutachten/",
]
UNIQUE = "Leitfäden aus der Praxis der Mitglieder"  # in the page "Leitfäden" only


@pytest.fixture
def members_library(site):
    library.ensure_library(io.StringIO())
    return get_document_model().objects.get(title__startswith="Leitfäden")


def _outcome(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return response.status_code


def test_library_pages_and_documents_per_persona(any_persona, members_library):
    name, client = any_persona
    urls = PAGES + [members_library.url]
    expected = {url: 200 if name in READERS else "302 /_util/login/" for url in urls}

    got = {url: _outcome(client.get(url)) for url in urls}

    assert got == expected, name


def test_a_reader_gets_the_document_and_the_page(client_as, members_library):
    client = client_as("member")

    page = client.get("/mitgliederbereich/bibliothek/leitfaeden/")
    document = client.get(members_library.url)

    assert UNIQUE in page.content.decode()
    assert b"".join(document.streaming_content).startswith(b"%PDF")


def test_the_library_reaches_no_public_channel_and_no_cached_page(
    client, client_as, members_library
):
    reader = client_as("member")
    for url in PAGES:
        assert reader.get(url).status_code == 200
    reader.logout()
    client.cookies.clear()

    outputs = public_outputs(client)
    outputs_again = public_outputs(client)
    search = client.get("/suche/", {"q": "Praxis Mitglieder"})

    leaks = [
        url
        for url, body in {**outputs, **outputs_again}.items()
        if UNIQUE.encode() in body or b"bibliothek" in body or b"/documents/" in body
    ]
    assert leaks == []
    assert UNIQUE not in search.content.decode()
    assert "/mitgliederbereich/bibliothek/" not in search.content.decode()
    assert UNIQUE.encode() not in stored_pages()
    assert b"bibliothek" not in client.get("/sitemap.xml").content


def test_private_documents_are_never_served_from_media(client, members_library, settings):
    settings.SERVE_PUBLIC_IMAGES = True  # production without nginx: only the image directories
    path = "/media/" + members_library.file.name

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "unverified", "editor"])
def test_nginx_gets_no_private_document_without_the_check(
    client_as, members_library, settings, persona
):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    settings.SENDFILE_URL = "/internal-media"

    response = client_as(persona).get(members_library.url)

    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_nginx_sends_a_private_document_after_the_check(client_as, members_library, settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    settings.SENDFILE_URL = "/internal-media"

    response = client_as("arbeitskreis").get(members_library.url)

    name = os.path.basename(members_library.file.name)
    assert response["X-Accel-Redirect"] == f"/internal-media/documents/{name}"
    assert response.content == b""


def test_the_library_demo_is_idempotent(members_library):
    library.ensure_library(io.StringIO())

    assert get_document_model().objects.filter(collection__name="Mitglieder").count() == 3


def test_a_visitor_of_a_private_page_gets_the_site_frame_and_the_accounts_login(
    client, members_library
):
    """Wagtail's /_util/login/ is drawn in the site's frame and links the accounts' login
    (which the login lockout covers) with the page to return to."""
    response = client.get(PAGES[0], follow=True)
    html = response.content.decode()

    assert response.redirect_chain[-1][0].startswith("/_util/login/?next=")
    assert_contains(
        html,
        'class="site-header"',
        "Nur für Mitglieder",
        f'href="/konto/anmelden/?next={PAGES[0]}"',
    )
