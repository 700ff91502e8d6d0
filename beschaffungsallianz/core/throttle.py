"""Throttles against password guessing and mail flooding, counted in the shared cache.

A ``Throttle`` counts attempts per client IP and per identity (a username, an e-mail address)
within a window; once a counter reaches its limit the client gets **429** with a German page
and ``Retry-After`` until the window (which starts with the first attempt) has passed.

- ``login_throttle``: failed logins on /admin/login/, /django-admin/login/, /_util/login/
  (Wagtail's login for private pages) and the public /konto/anmelden/ (allauth, field
  ``login``: username or e-mail), counted through
  Django's ``user_login_failed`` signal per client IP + username (``ADMIN_LOGIN_MAX_FAILURES``,
  default 5) and per client IP (``ADMIN_LOGIN_MAX_FAILURES_PER_IP``, default 20, against
  trying many usernames), for ``ADMIN_LOGIN_LOCKOUT_SECONDS`` (15 minutes). A successful login
  clears the IP + username counter. Per IP + username, so nobody can lock an editor out from
  elsewhere.
- ``password_reset_throttle``: every request for a password-reset mail on
  /admin/password_reset/ and /konto/passwort/zuruecksetzen/, per address
  (``PASSWORD_RESET_MAX_PER_ADDRESS``, default 3, from any IP: protects the mailbox) and per
  client IP (``PASSWORD_RESET_MAX_PER_IP``, default 10), for ``PASSWORD_RESET_WINDOW_SECONDS``
  (an hour).

``ThrottleMiddleware`` applies both to the POSTs of the URLs named in ``THROTTLED_FORMS``;
another form with the same purpose (as /konto/anmelden/ and its password reset) adds its URL name
there, or calls ``password_reset_throttle.attempt(request, email)`` in its own code and answers
``password_reset_throttle.response()`` when that returns False.

Cache keys hold keyed hashes, not addresses or usernames; the client IP comes from
``core.spam.client_key`` (X-Forwarded-For only behind ``TRUSTED_PROXY_COUNT`` proxies).
Production needs a cache shared by all worker processes (``CACHE_URL=db://``, the default of
the production settings, or ``redis://…``); with a per-process cache each worker would count on
its own, so ``check --deploy`` fails then (core/checks.py).
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.spam import client_key


@dataclass(frozen=True)
class Limit:
    """A limit read from the setting ``setting`` (``default`` when unset)."""

    setting: str
    default: int

    def __int__(self) -> int:
        return int(getattr(settings, self.setting, self.default))


@dataclass(frozen=True)
class Throttle:
    scope: str
    max_per_identity: Limit
    max_per_ip: Limit
    window: Limit
    # True: the identity counter is per client IP + identity; False: per identity from any IP.
    identity_per_client: bool
    title: Promise
    text: Promise  # may use %(minutes)s

    def _hash(self, value: str) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256
        ).hexdigest()[:32]

    def keys(self, request: HttpRequest, identity: str) -> tuple[str, str]:
        """(identity key, IP key)."""
        client = client_key(request)
        identity_part = self._hash(identity)
        if self.identity_per_client:
            identity_part = f"{client}:{identity_part}"
        return f"throttle:{self.scope}:id:{identity_part}", f"throttle:{self.scope}:ip:{client}"

    def _count(self, key: str) -> int:
        """Add one to the counter ``key`` (created with the window as its lifetime)."""
        window = int(self.window)
        if cache.add(key, 1, timeout=window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            return 1

    def record(self, request: HttpRequest, identity: str) -> None:
        """Count one attempt (e.g. a failed login) for the client and the identity."""
        for key in self.keys(request, identity):
            self._count(key)

    def exceeded(self, request: HttpRequest, identity: str) -> bool:
        """True once the client or the identity has reached its limit in this window."""
        identity_key, ip_key = self.keys(request, identity)
        return cache.get(identity_key, 0) >= int(self.max_per_identity) or cache.get(
            ip_key, 0
        ) >= int(self.max_per_ip)

    def attempt(self, request: HttpRequest, identity: str) -> bool:
        """Count one attempt; False if it goes over a limit (then refuse it)."""
        identity_key, ip_key = self.keys(request, identity)
        within_identity = self._count(identity_key) <= int(self.max_per_identity)
        within_ip = self._count(ip_key) <= int(self.max_per_ip)
        return within_identity and within_ip

    def clear(self, request: HttpRequest, identity: str) -> None:
        """Forget the identity's counter (e.g. after a successful login)."""
        cache.delete(self.keys(request, identity)[0])

    def response(self) -> HttpResponse:
        """429 with a short German page (the admin has no site chrome) and Retry-After."""
        seconds = int(self.window)
        with translation.override(settings.LANGUAGE_CODE):
            title = str(self.title)
            text = str(self.text) % {"minutes": max(1, seconds // 60)}
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
        response["Retry-After"] = str(seconds)
        return response


login_throttle = Throttle(
    scope="login",
    max_per_identity=Limit("ADMIN_LOGIN_MAX_FAILURES", 5),
    max_per_ip=Limit("ADMIN_LOGIN_MAX_FAILURES_PER_IP", 20),
    window=Limit("ADMIN_LOGIN_LOCKOUT_SECONDS", 15 * 60),
    identity_per_client=True,
    title=_("Too many failed login attempts"),
    text=_(
        "For your protection, logging in from your network is paused. Please wait "
        "%(minutes)s minutes and try again, or ask an administrator to reset your password."
    ),
)

password_reset_throttle = Throttle(
    scope="passwordreset",
    max_per_identity=Limit("PASSWORD_RESET_MAX_PER_ADDRESS", 3),
    max_per_ip=Limit("PASSWORD_RESET_MAX_PER_IP", 10),
    window=Limit("PASSWORD_RESET_WINDOW_SECONDS", 60 * 60),
    identity_per_client=False,
    title=_("Too many requests to reset the password"),
    text=_(
        "For your protection, no further password reset e-mails are sent to this address or "
        "from your network for now. Please check your inbox (and spam folder) for the e-mail "
        "already sent, or try again in %(minutes)s minutes."
    ),
)


@dataclass(frozen=True)
class ThrottledForm:
    """POSTs to ``url_names`` are refused with 429 once ``throttle`` is exceeded for the
    identity in the field ``identity_field``. ``count_every_post``: each POST counts (password
    reset); otherwise something else records the attempts (failed logins, by signal)."""

    url_names: tuple[str, ...]
    throttle: Throttle
    identity_field: str
    count_every_post: bool


# Wagtail's own login for private pages (/_util/login/) takes the same username and password.
ADMIN_LOGIN_URL_NAMES = ("wagtailadmin_login", "admin:login", "wagtailcore_login")
ACCOUNT_LOGIN_URL_NAMES = ("account_login",)
LOGIN_URL_NAMES = ADMIN_LOGIN_URL_NAMES + ACCOUNT_LOGIN_URL_NAMES
THROTTLED_FORMS = (
    ThrottledForm(ADMIN_LOGIN_URL_NAMES, login_throttle, "username", count_every_post=False),
    ThrottledForm(ACCOUNT_LOGIN_URL_NAMES, login_throttle, "login", count_every_post=False),
    ThrottledForm(
        ("wagtailadmin_password_reset", "account_reset_password"),
        password_reset_throttle,
        "email",
        count_every_post=True,
    ),
)


def _paths(url_names: tuple[str, ...]) -> set[str]:
    paths = set()
    for name in url_names:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            pass
    return paths


def is_login(request: HttpRequest | None) -> bool:
    """A POST to one of the login forms (admin or /konto/anmelden/)."""
    return request is not None and request.path in _paths(LOGIN_URL_NAMES)


@receiver(user_login_failed, dispatch_uid="core.throttle.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    """allauth passes the typed login as ``email`` and/or ``username`` (the same value)."""
    if is_login(request):
        identity = credentials.get("username") or credentials.get("email") or ""
        login_throttle.record(request, identity)


@receiver(user_logged_in, dispatch_uid="core.throttle.logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    if is_login(request):
        login_throttle.clear(request, request.POST.get("login") or user.get_username())


class ThrottleMiddleware:
    """Answers 429 to POSTs of a throttled form once its limit is reached (``THROTTLED_FORMS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            for form in THROTTLED_FORMS:
                if request.path not in _paths(form.url_names):
                    continue
                identity = request.POST.get(form.identity_field, "") or ""
                if form.count_every_post:
                    allowed = form.throttle.attempt(request, identity)
                else:
                    allowed = not form.throttle.exceeded(request, identity)
                if not allowed:
                    return form.throttle.response()
        return self.get_response(request)
