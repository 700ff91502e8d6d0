"""Root fixtures every app's tests use: the personas (anonymous, unverified, member,
arbeitskreis, editor, coordinator, admin; ``PERSONA_USERS``), the home page as the default
site's root (``home``, ``site``), an empty cache per test; helpers for browser tests (axe) and
the admin URL matrix.

App fixtures live in each app's ``tests/conftest.py``, factories in its ``tests/factories.py``."""

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.urls import URLResolver, get_resolver, reverse

# Playwright's sync API runs an event loop beside the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def _make_user(username, group=None):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _make_admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password=PASSWORD
    )


def _role(group_constant):
    """A user in the role group named by core.roles.<group_constant> ("Redaktion", ...)."""

    def make(name):
        from beschaffungsallianz.core import roles

        return _make_user(name, getattr(roles, group_constant))

    return make


def _account(status, *group_constants):
    """A registered account (accounts app): profile with ``status``, confirmed e-mail address,
    the groups named by core.roles.<constant>."""

    def make(name):
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from beschaffungsallianz.accounts.models import Profile
        from beschaffungsallianz.core import roles

        user = _make_user(name)
        for constant in group_constants:
            user.groups.add(Group.objects.get_or_create(name=getattr(roles, constant))[0])
        Profile.objects.create(user=user, name=name.title(), status=status)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


# Persona name -> how its user is made (called with the name). A new persona is one entry here
# (plus a fixture of its name, if tests ask for it by name): user_for, client_as and the
# parametrised ``any_persona`` pick it up, so the matrices over ALL_PERSONAS run for it, and one
# keyed by persona name fails until it says what the new persona may do (STAFF_ONLY: not staff,
# so sent to the admin login).
PERSONA_USERS = {
    "unverified": _account("pending", "UNVERIFIED_GROUP"),  # not yet confirmed by coordinators
    "member": _account("verified", "MEMBER_GROUP"),  # Mitglied, no admin role
    "arbeitskreis": _account("verified", "MEMBER_GROUP", "WORKING_GROUP_GROUP"),  # Arbeitskreis
    "editor": _role("EDITOR_GROUP"),  # Redaktion
    "coordinator": _role("COORDINATOR_GROUP"),  # Koordination
    "admin_user": lambda name: _make_admin(),  # superuser
}
ALL_PERSONAS = ["anonymous", *PERSONA_USERS]
# The personas of the public pages' and the admin's matrices; tests of account and members'
# URLs use ALL_PERSONAS (issue 9).
PERSONAS = ["anonymous", "member", "editor", "coordinator", "admin_user"]


@pytest.fixture
def user_for(db):
    """user_for("editor") -> that persona's user, made once per test (None for anonymous)."""
    made = {"anonymous": None}

    def _user(name):
        if name not in made:
            made[name] = PERSONA_USERS[name](name)
        return made[name]

    return _user


@pytest.fixture
def unverified(user_for):
    return user_for("unverified")


@pytest.fixture
def member(user_for):
    return user_for("member")


@pytest.fixture
def arbeitskreis(user_for):
    return user_for("arbeitskreis")


@pytest.fixture
def editor(user_for):
    return user_for("editor")


@pytest.fixture
def coordinator(user_for):
    return user_for("coordinator")


@pytest.fixture
def admin_user(user_for):
    return user_for("admin_user")


@pytest.fixture
def client_as(client, user_for):
    """client_as("editor") -> the test client logged in as that persona (or logged out)."""

    def _login(name):
        client.logout()
        if name != "anonymous":
            client.force_login(user_for(name))
        return client

    return _login


@pytest.fixture(params=PERSONAS)
def persona(request, client_as):
    """Parametrised: a client logged in as each persona in turn; yields (name, client)."""
    return request.param, client_as(request.param)


@pytest.fixture(params=ALL_PERSONAS)
def any_persona(request, client_as):
    """Like ``persona``, over ``ALL_PERSONAS``."""
    return request.param, client_as(request.param)


@pytest.fixture
def home(db):
    """The published home page at the root of the default site (localhost), Wagtail's welcome
    page removed; pages of a test go below it."""
    from beschaffungsallianz.core.tests.factories import make_home

    return make_home()


@pytest.fixture
def site(home):
    """The default site, with ``home`` as its root page."""
    return home.get_site()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with empty caches: no page cached (core/pagecache.py), no rate limit or
    login lockout counted, no statistics or site root cached by an earlier test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


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


def assert_contains(text, *fragments):
    """Every fragment is in ``text`` (a page's HTML, a mail's body); names all that are not."""
    missing = [fragment for fragment in fragments if fragment not in text]
    assert not missing, f"missing: {missing}"


# --- Browser tests (marked e2e): Playwright driving Debian's Chromium, axe-core inside ---

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = os.path.join(
    os.path.dirname(__file__), "beschaffungsallianz", "static", "vendor", "axe-core", "axe.min.js"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def _playwright_browser():
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: under two suites side by side a page can take
    # longer than expect's 5 s default to arrive after a click.
    expect.set_options(timeout=15_000)
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


BROWSER_WIDTHS = (320, 390, 1280)


def look_at_widths(pw_page, name, folder_variable):
    """No horizontal overflow at 320, 390 and 1280 px; with the environment variable
    ``folder_variable`` naming a folder, also full-page screenshots ``<name>--<width>.png``."""
    folder = os.environ.get(folder_variable)
    for width in BROWSER_WIDTHS:
        pw_page.set_viewport_size({"width": width, "height": 900})
        overflow = pw_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: {overflow}px horizontal overflow at {width}px"
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            pw_page.screenshot(path=f"{folder}/{name}--{width}.png", full_page=True)
    pw_page.set_viewport_size({"width": 1280, "height": 900})


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


# --- Admin URL matrix: every admin URL Wagtail registers for a model, from the URL resolver ---
#
# A hand-written URL list misses the views a Wagtail upgrade adds (the snippet chooser and the
# bulk actions once leaked join requests to editors). ``admin_urls_for(model, obj)`` walks the
# resolver instead and ``assert_admin_matrix`` checks one exact outcome per URL and persona.

LOGIN = "login"  # expected outcome: a redirect to the admin login

# The admin views every member of staff may open; any other persona is sent to the admin login.
STAFF = ("editor", "coordinator", "admin_user")
STAFF_ONLY = {name: 200 if name in STAFF else LOGIN for name in ALL_PERSONAS}


@dataclass(frozen=True)
class AdminURL:
    name: str  # namespaced URL name, e.g. "wagtailsnippetchoosers_network_joinrequest:chosen"
    url: str
    method: str = "get"

    @property
    def view(self) -> str:
        """The URL name without its namespace ("chosen"); bulk actions: "bulk:delete"."""
        return self.name.rsplit(":", 1)[-1] if not self.name.startswith("bulk:") else self.name


def _walk_urlpatterns(patterns, namespace="", route=""):
    """(namespaced name, route, kwarg names) for every URL pattern, resolvers expanded."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk_urlpatterns(pattern.url_patterns, prefix, route + str(pattern.pattern))
        else:
            yield (
                namespace + (pattern.name or ""),
                route + str(pattern.pattern),
                set(pattern.pattern.regex.groupindex),
            )


def admin_namespaces(model) -> set[str]:
    """URL namespaces of the model's admin viewsets: the snippet viewset and its chooser."""
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return set()
    return {viewset.url_namespace, viewset.get_chooser_admin_url_namespace()}


def _bulk_action_urls(name, model, obj):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    meta = model._meta
    return [
        AdminURL(
            f"bulk:{action.action_type}",
            reverse(
                name,
                kwargs={
                    "app_label": meta.app_label,
                    "model_name": meta.model_name,
                    "action": action.action_type,
                },
            )
            + f"?id={obj.pk}",
        )
        for action in bulk_action_registry.get_bulk_actions_for_model(
            meta.app_label, meta.model_name
        )
    ]


def _editing_session_urls(name, model, obj):
    from wagtail.permissions import policy_registry

    if policy_registry.get_by_type(model, fallback=False) is None:
        return []
    kwargs = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "object_id": str(obj.pk),
        "session_id": 0,
    }
    return [AdminURL(name, reverse(name, kwargs=kwargs), method="post")]  # POST only


def _snippet_translation_urls(name, model, obj):
    from wagtail.models import TranslatableMixin

    if not issubclass(model, TranslatableMixin):
        return []
    kwargs = {"app_label": model._meta.app_label, "model_name": model._meta.model_name}
    return [AdminURL(name, reverse(name, kwargs={**kwargs, "pk": str(obj.pk)}))]


_PAGE = "wagtail.models.Page"
_SETTING = "wagtail.contrib.settings.models.AbstractSetting"


def _only_for(base_path, what):
    """Generic routes for one kind of model (pages, settings, tasks, tags): not filled in yet;
    a test that needs them for such a model extends this table."""

    def urls(name, model, obj):
        from django.utils.module_loading import import_string

        assert not issubclass(model, import_string(base_path)), f"{name}: fill in for {what}"
        return []

    return urls


# Admin routes keyed by a model name outside any viewset's namespace. A new one (a Wagtail
# upgrade) fails admin_urls_for until it is classified here.
GENERIC_ADMIN_ROUTES = {
    "wagtail_bulk_action": _bulk_action_urls,
    "wagtailadmin_editing_sessions:ping": _editing_session_urls,
    "simple_translation:submit_snippet_translation": _snippet_translation_urls,
    "wagtailadmin_pages:add": _only_for(_PAGE, "page types"),
    "wagtailadmin_pages:preview_on_add": _only_for(_PAGE, "page types"),
    "wagtailadmin_pages:type_use": _only_for(_PAGE, "page types"),
    "wagtailadmin_pages:type_use_results": _only_for(_PAGE, "page types"),
    "wagtailadmin_pages:choose_parent": _only_for(_PAGE, "page types"),
    "wagtailsettings:edit": _only_for(_SETTING, "settings"),
    "wagtailsettings:preview_on_edit": _only_for(_SETTING, "settings"),
    "wagtailadmin_workflows:add_task": _only_for("wagtail.models.Task", "workflow tasks"),
    "wagtailadmin_tag_model_autocomplete": _only_for("taggit.models.TagBase", "tags"),
}


def admin_urls_for(model, obj, fill=None) -> list[AdminURL]:
    """Every admin URL registered for ``model``, with ``obj``'s id filled in.

    Found in the URL resolver: every pattern in the namespaces of the model's viewset and
    chooser (list, edit, delete, history, usage, revisions, workflow, export …), and the generic
    patterns keyed by a model name (``GENERIC_ADMIN_ROUTES``: bulk actions, one URL per action
    registered for the model with ``?id=<pk>``; editing sessions; translation). ``fill`` gives
    values for other URL arguments, e.g. ``{"action": ["accept", "decline"]}`` (one URL per
    value). An argument nobody fills, a generic route not in the table, or an admin route naming
    the model outside its namespaces fails: a view a Wagtail upgrade adds is never left out.
    """
    meta = model._meta
    namespaces = admin_namespaces(model)
    values = {"pk": [obj.pk], **(fill or {})}
    if hasattr(obj, "revisions") and obj.revisions.exists():
        values.setdefault("revision_id", [obj.revisions.order_by("-pk").first().pk])
        values.setdefault("revision_id_a", ["earliest"])
        values.setdefault("revision_id_b", ["latest"])
    urls = []
    for name, route, kwargs in _walk_urlpatterns(get_resolver().url_patterns):
        if not route.startswith(("admin/", "django-admin/")):
            continue
        if any(key.endswith("model_name") for key in kwargs):
            assert name in GENERIC_ADMIN_ROUTES, f"classify the generic admin route {name}"
            urls += GENERIC_ADMIN_ROUTES[name](name, model, obj)
            continue
        if name.rsplit(":", 1)[0] not in namespaces:
            assert f"/{meta.model_name}/" not in f"/{route}", (
                f"{name} ({route}) names {meta.label} but is not in {sorted(namespaces)}"
            )
            continue
        missing = kwargs - values.keys()
        assert not missing, f"{name} ({route}): fill in {sorted(missing)}"
        combinations = [{}]
        for key in sorted(kwargs):
            combinations = [{**c, key: value} for c in combinations for value in values[key]]
        for combination in combinations:
            url = reverse(name, kwargs=combination)
            if name.endswith(":chosen_multiple"):
                url += f"?id={obj.pk}"
            urls.append(AdminURL(name, url))
    assert urls, f"no admin URLs registered for {meta.label}"
    return urls


def admin_outcome(response):
    """LOGIN for a redirect to the admin login, "302 <location>" for another redirect, else the
    status code."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        return f"{response.status_code} {location}"
    return response.status_code


def assert_admin_matrix(client, persona_name, urls, expected):
    """GET every URL as the persona and compare with ``expected(persona_name, admin_url)``
    (an int status or LOGIN); reports every mismatch at once."""
    failures = []
    for admin_url in urls:
        want = expected(persona_name, admin_url)
        got = admin_outcome(getattr(client, admin_url.method)(admin_url.url))
        if got != want:
            failures.append(f"{admin_url.name} {admin_url.url}: expected {want}, got {got}")
    assert not failures, f"{persona_name}:\n" + "\n".join(failures)


def admin_login(pw_page, username, password=PASSWORD):
    """Log in through the real admin login form (a fresh browser context per user)."""
    pw_page.goto(pw_page.base_url + "/admin/login/")
    pw_page.locator("input[name=username]").fill(username)
    pw_page.locator("input[name=password]").fill(password)
    pw_page.locator("form button[type=submit]").first.click()
    pw_page.wait_for_url(pw_page.base_url + "/admin/")


# --- A real SMTP server (aiosmtpd) for the end-to-end mail tests ---


class CollectingSMTPHandler:
    """Keeps every message the server accepts as ``(recipients, raw bytes)``."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on a free local port that Django's SMTP backend sends to; yields the
    handler (``.messages``)."""
    handler = CollectingSMTPHandler()
    with socket.socket() as probe:  # a free port (aiosmtpd's start() cannot use port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()
