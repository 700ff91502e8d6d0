"""Admin login throttling: slow down password guessing on /admin/login/ and /django-admin/login/.

Failed logins are counted through Django's ``user_login_failed`` signal, per client IP and
username (``ADMIN_LOGIN_MAX_FAILURES``, default 5) and per client IP alone
(``ADMIN_LOGIN_MAX_FAILURES_PER_IP``, default 20, against trying many usernames). Once a
counter reaches its limit, ``AdminLoginThrottleMiddleware`` answers further login POSTs from
that client with 429 and a German message until ``ADMIN_LOGIN_LOCKOUT_SECONDS`` (default 15
minutes) after the first failure have passed. A successful login clears the counter for that
IP and username. Cache keys hold keyed hashes, not addresses or usernames; the client IP comes
from ``core.spam.client_ip`` (X-Forwarded-For only behind ``TRUSTED_PROXY_COUNT`` proxies).

Production needs a cache shared by all worker processes (``CACHE_URL=db://``, the default of
the production settings, or ``redis://…``); with a per-process cache each worker would count on
its own, so ``check --deploy`` fails then (core/checks.py).
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from beschaffungsallianz.core.spam import client_key

LOGIN_URL_NAMES = ("wagtailadmin_login", "admin:login")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures() -> int:
    return _setting("ADMIN_LOGIN_MAX_FAILURES", 5)


def max_failures_per_ip() -> int:
    return _setting("ADMIN_LOGIN_MAX_FAILURES_PER_IP", 20)


def lockout_seconds() -> int:
    return _setting("ADMIN_LOGIN_LOCKOUT_SECONDS", 15 * 60)


def _username_hash(username: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), username.strip().lower().encode(), hashlib.sha256
    ).hexdigest()[:32]


def _keys(request: HttpRequest, username: str) -> tuple[str, str]:
    client = client_key(request)
    return (
        f"loginthrottle:user:{client}:{_username_hash(username)}",
        f"loginthrottle:ip:{client}",
    )


def _login_paths() -> set[str]:
    paths = set()
    for name in LOGIN_URL_NAMES:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            pass
    return paths


def is_admin_login(request: HttpRequest | None) -> bool:
    return request is not None and request.path in _login_paths()


def _increment(key: str) -> None:
    if cache.add(key, 1, timeout=lockout_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=lockout_seconds())


def record_failure(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        _increment(key)


def is_locked_out(request: HttpRequest, username: str) -> bool:
    user_key, ip_key = _keys(request, username)
    return cache.get(user_key, 0) >= max_failures() or cache.get(ip_key, 0) >= max_failures_per_ip()


def clear_failures(request: HttpRequest, username: str) -> None:
    cache.delete(_keys(request, username)[0])


@receiver(user_login_failed, dispatch_uid="core.throttle.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if is_admin_login(request):
        record_failure(request, credentials.get("username", "") or "")


@receiver(user_logged_in, dispatch_uid="core.throttle.logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    if is_admin_login(request):
        clear_failures(request, user.get_username())


def locked_out_response() -> HttpResponse:
    minutes = max(1, lockout_seconds() // 60)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Too many failed login attempts")
        text = _(
            "For your protection, logging in from your network is paused. Please wait "
            "%(minutes)s minutes and try again, or ask an administrator to reset your password."
        ) % {"minutes": minutes}
        html = format_html(
            '<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{}</title></head><body><main><h1>{}</h1><p>{}</p></main></body></html>",
            settings.LANGUAGE_CODE,
            title,
            title,
            text,
        )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(lockout_seconds())
    return response


class AdminLoginThrottleMiddleware:
    """Answers 429 to login POSTs from a client that failed too often (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and is_admin_login(request):
            username = request.POST.get("username", "")
            if is_locked_out(request, username):
                return locked_out_response()
        return self.get_response(request)
