"""Every URL of /konto/ (from the URL resolver) and every admin URL Wagtail registers for
accounts, with the exact outcome for each persona: anonymous, unverified, member, arbeitskreis,
editor, coordinator, admin."""

import pytest
from django.urls import get_resolver

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.tests.factories import ProfileFactory
from conftest import LOGIN, _walk_urlpatterns, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

LOGGED_IN = {"unverified", "member", "arbeitskreis", "editor", "coordinator", "admin_user"}
TO_LOGIN = "302 /konto/anmelden/"
TO_PROFILE = "302 /konto/"

# URL name -> (URL, outcome for anonymous, outcome for every logged-in persona, or a dict by
# persona with "*" for the others).
ACCOUNT_URLS = {
    "account_signup": ("/konto/registrieren/", 200, TO_PROFILE),
    "account_login": ("/konto/anmelden/", 200, TO_PROFILE),
    "account_logout": ("/konto/abmelden/", "302 /", 200),
    "account_inactive": ("/konto/inaktiv/", 200, 200),
    "account_reauthenticate": ("/konto/bestaetigen/", TO_LOGIN, 200),
    # A code by mail needs a confirmed address in allauth's table (registered accounts have
    # one; staff created in the admin do not, so they confirm with their password).
    "account_request_reauthentication_code": (
        "/konto/bestaetigen/code/",
        TO_LOGIN,
        {"unverified": 200, "member": 200, "arbeitskreis": 200, "*": "302 /konto/bestaetigen/"},
    ),
    # Without a code requested first: back to the request.
    "account_confirm_reauthentication_code": (
        "/konto/bestaetigen/code/pruefen/",
        TO_LOGIN,
        "302 /konto/bestaetigen/code/",
    ),
    "account_email": ("/konto/e-mail/", TO_LOGIN, 200),
    "account_email_verification_sent": ("/konto/e-mail/bestaetigen/", 200, 200),
    "account_confirm_email": ("/konto/e-mail/bestaetigen/unbekannt/", 200, 200),
    "account_change_password": ("/konto/passwort/aendern/", TO_LOGIN, 200),
    "account_set_password": ("/konto/passwort/setzen/", TO_LOGIN, "302 /konto/passwort/aendern/"),
    "account_reset_password": ("/konto/passwort/zuruecksetzen/", 200, 200),
    "account_reset_password_done": ("/konto/passwort/zuruecksetzen/gesendet/", 200, 200),
    "account_reset_password_from_key": (
        "/konto/passwort/zuruecksetzen/schluessel/1-falsch/",
        200,
        200,
    ),
    "account_reset_password_from_key_done": ("/konto/passwort/zuruecksetzen/fertig/", 200, 200),
    "accounts:profile": ("/konto/", TO_LOGIN, 200),
    "accounts:data-export": ("/konto/daten/", TO_LOGIN, 200),
    "accounts:account-delete": ("/konto/loeschen/", TO_LOGIN, 200),
}


def outcome(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return response.status_code


def test_every_account_url_is_in_the_matrix():
    """A view allauth (or this app) adds under /konto/ fails here until it has its row."""
    names = {
        name
        for name, route, _kwargs in _walk_urlpatterns(get_resolver().url_patterns)
        if route.startswith("konto/") or "konto/" in route.split("/", 1)[-1][:6]
    }
    assert names == set(ACCOUNT_URLS)


@pytest.mark.parametrize("language", ["de", "en"])
def test_account_urls_per_persona(any_persona, language):
    name, client = any_persona
    prefix = "" if language == "de" else "/en"
    failures = []
    for url_name, (url, anonymous, logged_in) in ACCOUNT_URLS.items():
        want = logged_in if name in LOGGED_IN else anonymous
        if isinstance(want, dict):
            want = want.get(name, want["*"])
        if isinstance(want, str) and want.startswith("302 /") and want != "302 /":
            want = want.replace("302 /", f"302 {prefix}/", 1)
        elif want == "302 /" and prefix:
            want = f"302 {prefix}/"
        response = client.get(prefix + url)
        got = outcome(response)
        if got != want:
            failures.append(f"{url_name} {prefix + url}: expected {want}, got {got}")
        if response.status_code == 200:
            assert "private" in response.get("Cache-Control", ""), url
            assert "no-store" in response["Cache-Control"], url
    assert not failures, f"{name} ({language}):\n" + "\n".join(failures)


def _expected_admin(persona, admin_url):
    """Accounts are personal data: the login for the public personas, 403 for editors, 200 for
    coordinators and admins. Nobody adds or deletes a profile in the admin (Wagtail redirects
    to the dashboard); only admins may delete a profile record; an action the account's state
    does not allow goes back to its page."""
    if persona in ("anonymous", "unverified", "member", "arbeitskreis"):
        return LOGIN
    if persona == "editor":
        return 404 if admin_url.view == "ping" else 403
    if admin_url.view in ("add", "create") or (
        admin_url.view == "delete" and persona == "coordinator"
    ):
        return "302 /admin/"
    if "/action/" in admin_url.url and admin_url.url.rstrip("/").endswith("working-group"):
        return f"302 /admin/snippets/accounts/profile/edit/{admin_url.url.split('/')[-3]}/"
    return 200


def test_profile_admin_urls_per_persona(any_persona):
    name, client = any_persona
    profile = ProfileFactory(status=Profile.Status.PENDING)
    urls = admin_urls_for(
        Profile,
        profile,
        fill={"action": ["approve", "decline", "join-working-group", "leave-working-group"]},
    )
    views = {url.view for url in urls}
    assert {"list", "edit", "action", "choose", "chosen", "bulk:delete"} <= views
    assert_admin_matrix(client, name, urls, _expected_admin)
