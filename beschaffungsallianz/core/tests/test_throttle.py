import pytest
from django.core.cache import cache

from conftest import PASSWORD

LOGIN = "/admin/login/"
DJANGO_ADMIN_LOGIN = "/django-admin/login/"

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="203.0.113.20", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, *usernames):
    """One failed login (wrong password) per username, from the default IP."""
    for username in usernames:
        _login(client, username, "wrong")


def test_wrong_password_is_answered_normally_below_the_limit(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        response = _login(client, "editor", "wrong")
        assert response.status_code == 200  # the login form again, with its error
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_after_max_failures_login_is_refused_with_429_in_german(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert _login(client, "editor", "wrong").status_code == 200
    response = _login(client, "editor", PASSWORD)  # even the right password now waits
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    content = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in content
    assert '<html lang="de">' in content
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_per_ip(client, editor, coordinator, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        _login(client, "editor", "wrong")
    assert _login(client, "editor", PASSWORD).status_code == 429
    # Same IP, other account; other IP, same account: both still allowed.
    assert _login(client, "coordinator", PASSWORD).status_code == 302
    client.logout()
    assert _login(client, "editor", PASSWORD, ip="203.0.113.21").status_code == 302


def test_username_is_matched_ignoring_case(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    _fail(client, "Editor", "EDITOR")
    assert _login(client, "editor", PASSWORD).status_code == 429


def test_many_usernames_from_one_ip_are_stopped_by_the_ip_limit(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 100
    settings.ADMIN_LOGIN_MAX_FAILURES_PER_IP = 4
    _fail(client, *(f"guess{n}" for n in range(4)))
    assert _login(client, "editor", PASSWORD).status_code == 429


def test_successful_login_clears_the_failures(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    _fail(client, "editor", "editor")
    assert _login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    _fail(client, "editor", "editor")
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_lockout_ends_when_the_window_expires(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    _login(client, "editor", "wrong")
    assert _login(client, "editor", PASSWORD).status_code == 429
    cache.clear()  # what the cache does once ADMIN_LOGIN_LOCKOUT_SECONDS have passed
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_django_admin_login_is_throttled_too(client, admin_user, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    _login(client, "admin", "wrong", url=DJANGO_ADMIN_LOGIN)
    assert _login(client, "admin", PASSWORD, url=DJANGO_ADMIN_LOGIN).status_code == 429


def test_private_pages_login_is_throttled_too(client, editor, settings):
    # Wagtail's /_util/login/ (where private pages send visitors) still takes a POST with
    # username and password: it was outside the lockout
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    _login(client, "editor", "wrong", url="/_util/login/")
    assert _login(client, "editor", PASSWORD, url="/_util/login/").status_code == 429
    assert _login(client, "editor", PASSWORD).status_code == 429  # the same count as the admin's


def test_get_of_login_page_and_other_posts_are_never_throttled(client, editor, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    _login(client, "editor", "wrong")
    assert client.get(LOGIN, REMOTE_ADDR="203.0.113.20").status_code == 200


def test_failed_logins_elsewhere_are_not_counted(editor, settings, rf):
    from django.contrib.auth import authenticate

    from beschaffungsallianz.core.throttle import login_throttle

    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    request = rf.post("/some/other/login/", REMOTE_ADDR="203.0.113.20")
    assert authenticate(request, username="editor", password="wrong") is None
    assert not login_throttle.exceeded(request, "editor")


def test_cache_keys_hold_no_username_or_address(client, editor):
    _login(client, "editor", "wrong", ip="203.0.113.77")
    keys = list(cache._cache.keys())
    assert keys and not any("editor" in key or "203.0.113.77" in key for key in keys)


# --- Password reset (/admin/password_reset/): per address and per IP ---

RESET = "/admin/password_reset/"


def _reset(client, email, ip="203.0.113.30"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_sends_at_most_three_mails_per_address_and_hour(client, editor, mailoutbox):
    answers = [_reset(client, "editor@example.org").status_code for _ in range(11)]

    assert answers == [302, 302, 302] + [429] * 8
    assert len(mailoutbox) == 3


def test_throttled_password_reset_answers_429_in_german(client, editor, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    _reset(client, "editor@example.org")

    response = _reset(client, "editor@example.org")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    content = response.content.decode()
    assert "Zu viele Anfragen zum Zurücksetzen des Passworts" in content
    assert '<html lang="de">' in content
    assert len(mailoutbox) == 1


def test_password_reset_limit_per_address_holds_from_every_ip(client, editor, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 2
    _reset(client, "editor@example.org", ip="203.0.113.31")
    _reset(client, "Editor@Example.org ", ip="198.51.100.7")  # case and spaces do not matter

    assert _reset(client, "editor@example.org", ip="192.0.2.99").status_code == 429
    assert _reset(client, "coordinator@example.org", ip="192.0.2.99").status_code == 302
    assert len(mailoutbox) == 2


def test_password_reset_limit_per_ip_stops_trying_many_addresses(client, editor, settings):
    settings.PASSWORD_RESET_MAX_PER_IP = 4
    for n in range(4):
        assert _reset(client, f"guess{n}@example.org").status_code == 302

    assert _reset(client, "editor@example.org").status_code == 429
    assert _reset(client, "editor@example.org", ip="203.0.113.99").status_code == 302


def test_password_reset_window_ends(client, editor, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    _reset(client, "editor@example.org")
    assert _reset(client, "editor@example.org").status_code == 429
    cache.clear()  # what the cache does once PASSWORD_RESET_WINDOW_SECONDS have passed
    assert _reset(client, "editor@example.org").status_code == 302
    assert len(mailoutbox) == 2


def test_password_reset_form_itself_is_never_throttled(client, editor, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    _reset(client, "editor@example.org")
    _reset(client, "editor@example.org")

    assert client.get(RESET, REMOTE_ADDR="203.0.113.30").status_code == 200


def test_password_reset_cache_keys_hold_no_address(client, editor):
    _reset(client, "editor@example.org", ip="203.0.113.78")

    keys = list(cache._cache.keys())
    assert keys and not any("editor" in key or "203.0.113.78" in key for key in keys)


def test_a_throttle_can_guard_any_form_in_code(rf, settings):
    """How another password reset (issue 9: django-allauth under /konto/) reuses the throttle."""
    from beschaffungsallianz.core.throttle import password_reset_throttle

    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 2
    request = rf.post("/konto/passwort/zuruecksetzen/", REMOTE_ADDR="203.0.113.40")

    answers = [password_reset_throttle.attempt(request, "a@example.org") for _ in range(3)]

    assert answers == [True, True, False]
    assert password_reset_throttle.exceeded(request, "a@example.org")
    assert not password_reset_throttle.exceeded(request, "b@example.org")
