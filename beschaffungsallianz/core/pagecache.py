"""The page cache for anonymous visitors, exact by a site-wide generation number (issue 12).

**What is cached.** ``PageCacheMiddleware`` keeps the rendered response of a ``GET`` in the
shared cache ``pages`` (the backend of ``CACHE_URL``, the database cache or Redis, with a table
or key prefix of its own, so many pages never cull the rate limits of the default cache) for
``PAGE_CACHE_SECONDS`` (0 turns it off), keyed on the generation, scheme, host, active
language, path and the query string with its parameters sorted. Wagtail pages, their
routed sub-pages, the plain Django views (search, feeds, sitemap, robots.txt) and the API's
``GET`` answers all pass through it; what decides is the request and the response, never a
list of URLs:

- the **request** is anonymous: ``GET`` or ``HEAD``, no ``Authorization`` header, and no cookie
  but the CSRF and the language cookie (``ANONYMOUS_COOKIES``). A session cookie (a logged-in
  user, a passed page password, anything kept in a session) or a ``messages`` cookie sends
  the request past the cache both ways. Without a session cookie the session is empty, so a
  template that asks for ``request.user`` (the Wagtail user bar, a "log in" link) sees the
  same anonymous user on every request, and its ``Vary: Cookie`` is kept by the rule;
- the **response** is the same for every anonymous visitor: status 200, not streamed (files,
  documents), sets **no cookie** — a page that renders a CSRF token (every public form: join,
  proposals, contact) sets the CSRF cookie, so **form pages are not cached**, and their token
  stays valid; nothing marked ``Cache-Control: private``, ``no-cache`` or ``no-store``
  (``patch_cache_control(response, private=True)``, ``never_cache``, ``login_required``
  areas answer 302 to anonymous visitors anyway) and no ``Vary`` on a header other than
  ``Cookie``, ``Accept-Language`` (the language is in the key) or ``Accept-Encoding``.

Wagtail's private pages answer anonymous visitors with a redirect to the login or a password
form (which carries a CSRF token), previews and the admin need a session, private documents
are files below ``/documents/``: none of them can be stored.

**Where it sits, and what a hit costs.** The middleware comes right after WhiteNoise, before
the session, locale and common middleware: a hit is answered there with **one read** of the
shared cache (``get_many`` of the generation and the page's entry: one SQL query or one Redis
round trip) and nothing else runs. The key holds the language that ``LocaleMiddleware``
would activate (``request_language``: the ``/en/`` prefix, else the default language); the
stored response carries the headers the inner middleware set (language, CSP, frame options).

**Exact invalidation.** Every entry holds the ``generation()`` it was rendered in, a random
token in the shared cache; an entry of another generation is a miss (and is overwritten when
the page is stored again). ``bump()`` replaces the token, so every page is rendered anew on
its next request — in every worker process, because the token lives in the shared cache. It
is called

- by signal receivers (``connect_signals``, from ``CoreConfig.ready``) on ``post_save``,
  ``post_delete`` and ``m2m_changed`` of **every model of the project's own apps** (any app
  whose module is below ``beschaffungsallianz.``: pages, snippets, settings, orderables, the
  library, events, future apps join by being an app) and of the Wagtail models public pages
  read (``WAGTAIL_MODELS``: pages, locales, sites, collections, view restrictions), and on
  Wagtail's ``page_published``, ``page_unpublished`` and ``post_page_move`` (a move rewrites
  the tree with SQL, without ``post_save``);
- explicitly by code that writes with SQL or ``bulk_create``: the monitor's roll-up refresh
  (``monitor/rollups.py``, which every notice import runs) and the restore of a backup.

A model whose rows are written while a public page renders (image renditions) or in bulk with
its own explicit ``bump()`` (the monitor's notices, lots and roll-ups) is listed in
``IGNORED_MODELS``. A model that no public page reads (personal data: accounts, join requests,
members' posts, subscriptions) says so with the class attribute ``shown_on_public_pages =
False``, so a sign-up or a forum post does not render the whole site anew. A new model of a
new app needs nothing (it is watched); a new bulk writer calls ``bump()``.

``bump()`` runs at once and again when the transaction commits: the first makes the writing
process (and a test) see its change; the second closes the window in which another process
could render the old rows under the new token while the transaction was still open.

**HTTP caching.** A cacheable page gets an ``ETag`` (MD5 of the body) and ``Last-Modified`` (when
it was rendered), answers ``If-None-Match``/``If-Modified-Since`` with 304, and ``Cache-Control:
public, max-age=PAGE_CACHE_MAX_AGE, stale-while-revalidate=PAGE_CACHE_STALE_WHILE_REVALIDATE``
with ``Vary: Cookie``; any other response of a ``GET`` that says nothing itself gets
``Cache-Control: private, no-store``. nginx settings: docs/operations.md.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import OrderedDict
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language_from_path
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"


def _cache():
    """The cache ``pages`` (settings: beside the default cache, its own table or prefix)."""
    return caches["pages"]


# Cookies that do not make a visitor someone: CSRF (forms set it; they are not cached) and the
# language (the active language is part of the key).
ANONYMOUS_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
# Paths never served from the cache, whatever their answer (admin, files, the language switch).
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/", "/i18n/")
# Response headers a cached page may vary on: the key holds the language, the server compresses.
HARMLESS_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})

# Wagtail models that public pages read (besides the project's own apps).
WAGTAIL_MODELS = (
    "wagtailcore.Page",
    "wagtailcore.Locale",
    "wagtailcore.Site",
    "wagtailcore.Collection",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
)
# Models of the project's apps that do not bump: written while pages render (renditions), or
# written in bulk by code that calls bump() itself (the monitor's import and roll-ups; with a
# receiver Django would also give up fast deletes of their hundreds of thousands of rows).
IGNORED_MODELS = frozenset(
    {"core.customrendition", "monitor.notice", "monitor.lot", "monitor.monitorrollup"}
)


# The token read at the start of the current request (one cache read per request).
_request_token: ContextVar[str | None] = ContextVar("pagecache_token", default=None)
# Per-process values computed once per generation: {name: (token, value)}, the least recently
# used dropped beyond MEMO_SIZE (parts of pages are memoised per item: cards, table rows).
MEMO_SIZE = 10_000
_memo: OrderedDict[str, tuple[str, object]] = OrderedDict()


def generation() -> str:
    """The current generation token (created on first use, or after the cache lost it)."""
    token = _request_token.get()
    if token is None:
        token = _cache().get(GENERATION_KEY)
    if token is None:
        _cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = _cache().get(GENERATION_KEY)
    return token


def per_generation(name: str, compute, expired=None):
    """``compute()`` once per worker process and generation, e.g. the navigation or the
    locales of the page frame. Exact like the page cache: every change bumps the generation.
    A value that time alone makes wrong (the next events) passes ``expired(value)``, true once
    it must be computed again. The value is shared by all requests of the process, so it must
    not be changed."""
    token = generation()
    hit = _memo.get(name)
    if hit is not None and hit[0] == token and not (expired and expired(hit[1])):
        _memo.move_to_end(name)
        return hit[1]
    value = compute()
    _memo[name] = (token, value)
    _memo.move_to_end(name)
    if len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return value


def locales() -> dict:
    """{language code: Locale} of all locales, read once per process and generation (the page
    frame asks for them a dozen times per page)."""
    return per_generation("locales", lambda: {x.language_code: x for x in Locale.objects.all()})


def active_locale():
    """The Locale of the active language (Wagtail's ``Locale.get_active()``, memoised)."""
    found = locales()
    return found.get(translation.get_language()) or found[settings.LANGUAGE_CODE]


def public(pages):
    """``pages`` without those in a private section: Wagtail's ``PageQuerySet.public()``, whose
    filter (a query for every view restriction, then a condition per restricted section) is
    built once per process and generation here instead of on every call — four to six times per
    uncached page. Restrictions bump the generation like every other change."""
    return pages.exclude(per_generation("private_sections", lambda: Page.objects.private_q()))


def _new_generation() -> None:
    _request_token.set(None)  # the rest of this request reads the new token
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump() -> None:
    """Make every cached page stale: now, and once more when the transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _bump_on_signal(sender, raw=False, **kwargs):
    if raw:  # loaddata: the restore bumps once at its end
        return
    bump()


def watched_models() -> list:
    """The models whose writes bump the generation (see the module docstring)."""
    own = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("beschaffungsallianz.")
        and model._meta.label_lower not in IGNORED_MODELS
        and getattr(model, "shown_on_public_pages", True)
    ]
    return own + [apps.get_model(label) for label in WAGTAIL_MODELS]


def bump_after_migrate(sender, **kwargs) -> None:
    """Every deploy runs ``migrate``: pages cached by the old code are rendered anew."""
    bump()


def connect_signals() -> None:
    for model in watched_models():
        uid = f"pagecache.{model._meta.label_lower}"
        post_save.connect(_bump_on_signal, sender=model, dispatch_uid=uid)
        post_delete.connect(_bump_on_signal, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_bump_on_signal, sender=through, dispatch_uid=f"{uid}.{field}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_bump_on_signal, dispatch_uid=f"pagecache.{signal}")


# --- the middleware ---


def personal(response: HttpResponse) -> HttpResponse:
    """A page with a form or a personal link (registration, newsletter confirmation): never
    cached, never indexed, no referrer to other sites."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send "Origin: null" (CSRF)
    return response


def _anonymous_get(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and set(request.COOKIES) <= ANONYMOUS_COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def request_language(request: HttpRequest) -> str:
    """The language ``LocaleMiddleware`` will activate for ``request``, found before it runs
    (the cache answers first): the prefix of ``i18n_patterns``, the default language for a
    path without one (``prefix_default_language=False``), as Django's middleware decides."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if i18n_used and not prefixed_default and not get_language_from_path(request.path_info):
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_used)


def _cache_key(request: HttpRequest) -> str:
    """The entry of a page: one key per page and language, overwritten when it is stored
    again; the generation it was rendered in is kept inside the entry (one read per hit)."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    where = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"pagecache:{request_language(request)}:{hashlib.md5(where.encode()).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was rendered
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= HARMLESS_VARY


def _public_headers(response: HttpResponse, rendered_at: float) -> None:
    response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
    response["Last-Modified"] = http_date(rendered_at)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    """Serve anonymous GETs from the shared cache; store what every visitor may see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PAGE_CACHE_SECONDS and _anonymous_get(request):
            key = _cache_key(request)
            found = _cache().get_many([GENERATION_KEY, key])
            token = found.get(GENERATION_KEY) or generation()
            entry = found.get(key)
            if entry is not None and entry[0] == token:
                return self._from_entry(request, entry)
        else:
            key, token = None, generation()
        reset = _request_token.set(token)
        try:
            return self._respond(request, key, token)
        finally:
            _request_token.reset(reset)

    def _respond(self, request: HttpRequest, key: str | None, token: str) -> HttpResponse:
        if not _anonymous_get(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response
        response = self.get_response(request)
        if not _storable(request, response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response
        rendered_at = time.time()
        _public_headers(response, rendered_at)
        if key and request.method == "GET":
            headers = [(k, v) for k, v in response.items()]
            entry = (token, response.status_code, headers, response.content, rendered_at)
            _cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(rendered_at), response=response
        )

    @staticmethod
    def _from_entry(request: HttpRequest, entry) -> HttpResponse:
        _token, status, headers, content, rendered_at = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(rendered_at), response=response
        )
