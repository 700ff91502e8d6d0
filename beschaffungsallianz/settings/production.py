"""Production: HTTPS behind a reverse proxy, PostgreSQL, WhiteNoise. See docs/operations.md.

``manage.py check --deploy --fail-level WARNING`` is clean with these settings (tested in
core/tests/test_settings.py and run by .ci/run).
"""

from beschaffungsallianz.env import envbool, envcache, envint, envlist, envsecret, page_cache

from .base import *  # noqa: F403 - a settings module extends every name of base.py
from .base import CONTENT_SECURITY_POLICY, DATABASES, STORAGES

DEBUG = False
SECRET_KEY = envsecret("SECRET_KEY", required=True)

# One cache for all worker processes (rate limits, login lockout): the database unless
# CACHE_URL says otherwise (redis://…); core/checks.py refuses a per-process cache.
CACHES = {"default": envcache("CACHE_URL", "db://")}
CACHES["pages"] = page_cache(CACHES["default"])  # core/pagecache.py

# Persistent database connections: opening one costs more than serving a cached page (SQLite
# runs its PRAGMAs, ~2.5 ms; PostgreSQL a connection and authentication round trip). The health
# check replaces a broken connection before a request uses it. 0 closes it after each request.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# HTTPS: the reverse proxy terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole domain (and its subdomains) to HTTPS in browsers for good;
    # the operator opts in with SECURE_HSTS_PRELOAD=true (docs/operations.md).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp, configured in base.py): enforced on every public
# page; the Wagtail admin, Django admin and API docs are excluded there.
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "upgrade-insecure-requests": True,
    },
}

# Error mails to the operators (comma-separated ADMINS=name:mail,...) if configured.
ADMINS = [tuple(item.split(":", 1)) for item in envlist("ADMINS", []) if ":" in item]
