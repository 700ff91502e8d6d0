"""Shared test fixtures: the personas anonymous, editor, coordinator, admin (and a plain member)."""

import os

import pytest

# Playwright's sync API runs an event loop beside the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def _make_user(django_user_model, username, group=None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def member(db, django_user_model):
    """A logged-in user without any role (e.g. a former editor)."""
    return _make_user(django_user_model, "member")


@pytest.fixture
def editor(db, django_user_model):
    from beschaffungsallianz.core.roles import EDITOR_GROUP

    return _make_user(django_user_model, "editor", EDITOR_GROUP)


@pytest.fixture
def coordinator(db, django_user_model):
    from beschaffungsallianz.core.roles import COORDINATOR_GROUP

    return _make_user(django_user_model, "coordinator", COORDINATOR_GROUP)


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password=PASSWORD
    )


PERSONAS = ["anonymous", "member", "editor", "coordinator", "admin_user"]


@pytest.fixture(params=PERSONAS)
def persona(request, client):
    """Parametrised: a client logged in as each persona in turn; yields (name, client)."""
    name = request.param
    if name != "anonymous":
        user = request.getfixturevalue(name)
        client.force_login(user)
    return name, client


@pytest.fixture
def client_as(client, request):
    """client_as("editor") -> a test client logged in as that persona."""

    def _login(name):
        if name == "anonymous":
            client.logout()
            return client
        client.force_login(request.getfixturevalue(name))
        return client

    return _login


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ensure_base_data():
    """Recreate the rows that migrations create (Wagtail's root page, locale and collection,
    the role groups). Transactional tests (live server, browser) flush the database afterwards,
    so the next transactional test would otherwise start without them."""
    from wagtail.models import Collection, Locale, Page

    from beschaffungsallianz.core.roles import sync_roles

    locale, _created = Locale.objects.get_or_create(language_code="de")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    sync_roles()


@pytest.fixture(autouse=True)
def _base_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    ensure_base_data()


# --- Browser tests (marked e2e): Playwright driving Debian's Chromium, axe-core inside ---

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = os.path.join(
    os.path.dirname(__file__), "beschaffungsallianz", "static", "vendor", "axe-core", "axe.min.js"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def _playwright_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh browser page; ``page.base_url`` is the live server's URL."""
    context = _playwright_browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(15_000)
    pw_page = context.new_page()
    pw_page.base_url = live_server.url
    yield pw_page
    context.close()


def axe_violations(pw_page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; returns the violations list."""
    base_url = getattr(pw_page, "base_url", None)
    if base_url:  # by URL, so the strict CSP (script-src 'self') lets it run
        pw_page.add_script_tag(url=base_url + "/static/vendor/axe-core/axe.min.js")
    else:
        with open(AXE_JS, encoding="utf-8") as fh:
            pw_page.add_script_tag(content=fh.read())
    result = pw_page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def assert_accessible(pw_page):
    violations = axe_violations(pw_page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in violations
    ]
    assert not violations, f"axe violations on {pw_page.url}:\n" + "\n".join(summary)
