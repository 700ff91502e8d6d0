"""Settings shared by every environment. Everything configurable comes from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.env import (
    env,
    envbool,
    envcache,
    envint,
    envlist,
    envsecret,
    page_cache,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = envsecret("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "beschaffungsallianz.core",
    "beschaffungsallianz.network",
    "beschaffungsallianz.publications",
    "beschaffungsallianz.knowledge",
    "beschaffungsallianz.monitor",
    "beschaffungsallianz.events",
    "beschaffungsallianz.accounts",
    "beschaffungsallianz.meetings",
    "beschaffungsallianz.exchange",
    "beschaffungsallianz.newsletter",
    "beschaffungsallianz.search",
    "beschaffungsallianz.library",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "allauth",
    "allauth.account",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs: a hit is answered here, before any other middleware works (docstring).
    "beschaffungsallianz.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "beschaffungsallianz.api.cors_middleware",  # GET /api/ from any origin
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "beschaffungsallianz.core.throttle.ThrottleMiddleware",  # 429: login, password reset
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "beschaffungsallianz.urls"
WSGI_APPLICATION = "beschaffungsallianz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "beschaffungsallianz.core.context_processors.site_navigation",
            ],
        },
    },
]

# Every form is drawn in KERN UX by one field template (core/forms.py).
FORM_RENDERER = "beschaffungsallianz.core.forms.KernFormRenderer"

# SQLite file by default; DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first, English second.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# CACHE_URL: redis://… (Redis), db:// (database cache), locmem:// (one process; the default
# here, production defaults to db://). Rate limits and the login lockout live in this cache, so
# every worker process must share it: `check --deploy` fails on a per-process cache.
CACHES = {"default": envcache("CACHE_URL", "locmem://")}
CACHES["pages"] = page_cache(CACHES["default"])  # core/pagecache.py

# Page cache for anonymous visitors in that cache (core/pagecache.py): seconds a rendered page
# is kept; 0 turns it off. Exact whatever the time: every change of content renders pages anew.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)
# What browsers and proxies may keep of an anonymous page (Cache-Control), in seconds.
PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = envint("PAGE_CACHE_STALE_WHILE_REVALIDATE", 60)

# Background tasks that a request triggers (e-mail). Batch jobs are management commands.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND") or "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is notified of new join requests and proposals (comma-separated). Empty: all coordinators.
STAFF_NOTIFICATION_EMAILS = envlist("STAFF_NOTIFICATION_EMAILS", [])

# Wagtail
WAGTAIL_SITE_NAME = env("SITE_NAME", "Beschaffungsallianz")
# The public address (scheme and host): every absolute link (sitemap, feeds, robots.txt, mails)
# starts with it (core/links.py), whatever the Wagtail site record or the request's Host say.
BASE_URL = (env("BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.CustomDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through Django, so privacy holds
# Production without nginx in front: Django serves /media/images/ and /media/original_images/
# (never documents; core/views.public_image). With nginx, leave it off (docs/operations.md).
SERVE_PUBLIC_IMAGES = envbool("SERVE_PUBLIC_IMAGES", False)
# Behind nginx: after Wagtail's checks the document view answers with X-Accel-Redirect to
# /internal-media/… and nginx sends the file from its `internal` location.
if envbool("MEDIA_X_ACCEL_REDIRECT", False):
    SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    SENDFILE_ROOT = str(MEDIA_ROOT)
    SENDFILE_URL = "/internal-media"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Every document upload is sniffed (a .pdf must be a real PDF): see publications/forms.py.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "beschaffungsallianz.publications.forms.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Europe/Berlin"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "german",  # PostgreSQL text search configuration (stemming)
    }
}
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_FINDERS = []  # no external oEmbed calls

# Uploads from the public (join requests, proposals): allow-list, size limit, sniffed content.
PUBLIC_UPLOAD_MAX_BYTES = envint("PUBLIC_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# Join requests: declined and stale ones are deleted after this many days.
# Contact named in the User-Agent of manage.py check_links (default: DEFAULT_FROM_EMAIL).
LINKCHECK_CONTACT = env("LINKCHECK_CONTACT", "")
JOIN_REQUEST_RETENTION_DAYS = envint("JOIN_REQUEST_RETENTION_DAYS", 180)
# Event registrations: deleted this many days after the event (manage.py purge_registrations).
EVENT_REGISTRATION_RETENTION_DAYS = envint("EVENT_REGISTRATION_RETENTION_DAYS", 90)
# Public forms: at most this many submissions per IP address and hour.
FORM_RATE_LIMIT_PER_HOUR = envint("FORM_RATE_LIMIT_PER_HOUR", 5)
# Reverse proxies in front of Django that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# Tender monitor
NOTICE_EXPORT_BASE_URL = env("NOTICE_EXPORT_BASE_URL", "https://oeffentlichevergabe.de")
TED_PACKAGE_BASE_URL = env("TED_PACKAGE_BASE_URL", "https://ted.europa.eu")
NOTICE_CACHE_DIR = Path(env("NOTICE_CACHE_DIR") or BASE_DIR / "var" / "notice-cache")

# manage.py backup writes its archives here (docs/operations.md: timers, rotation).
BACKUP_DIR = Path(env("BACKUP_DIR") or BASE_DIR / "var" / "backups")

# Content Security Policy (django-csp 4): strict, no inline scripts on public pages.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

# Accounts of the public (/konto/, docs/accounts.md): django-allauth. The admin keeps its own
# login (/admin/login/); both are covered by the login lockout (core/throttle.py).
LOGIN_URL = "account_login"
# Wagtail sends visitors of private pages and documents to /_util/login/: that page explains and
# links the accounts' login (KERN, in the login lockout) instead of a second, plain login form.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "core/frontend_login.html"
LOGIN_REDIRECT_URL = "accounts:profile"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "beschaffungsallianz.accounts.forms.SignupForm",
    "login": "beschaffungsallianz.accounts.forms.LoginForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one replaces it once confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a mail when the password or the address changes
ACCOUNT_ADAPTER = "beschaffungsallianz.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-up: core.spam's rate limit and honeypot; failed logins: core.throttle's lockout.
ACCOUNT_RATE_LIMITS = {"signup": None, "login_failed": None}
# purge_accounts (docs/accounts.md): accounts not confirmed by a coordinator within this many
# days, and accounts without a login for ACCOUNT_INACTIVE_DAYS, get a warning mail; they are
# deleted ACCOUNT_PURGE_GRACE_DAYS after it unless the reason went away.
ACCOUNT_UNVERIFIED_DAYS = envint("ACCOUNT_UNVERIFIED_DAYS", 30)
ACCOUNT_INACTIVE_DAYS = envint("ACCOUNT_INACTIVE_DAYS", 730)
ACCOUNT_PURGE_GRACE_DAYS = envint("ACCOUNT_PURGE_GRACE_DAYS", 14)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Forms on cached pages: a submit without the fetched token comes back with its entries.
CSRF_FAILURE_VIEW = "beschaffungsallianz.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_LICENCE_NAME = _("CC BY 4.0")

# Members' exchange (docs/exchange.md): an author may edit a post this long after writing it.
EXCHANGE_EDIT_MINUTES = envint("EXCHANGE_EDIT_MINUTES", 30)

# Site search (/suche/, docs/search.md): one source per kind of result, in the order shown.
# An app adds its kind with one line here, pointing to a Source in its search_source.py.
SEARCH_SOURCES = [
    "beschaffungsallianz.core.search_source.pages",
    "beschaffungsallianz.knowledge.search_source.examples",
    "beschaffungsallianz.knowledge.search_source.criteria",
    "beschaffungsallianz.knowledge.search_source.labels",
    "beschaffungsallianz.knowledge.search_source.state_laws",
    "beschaffungsallianz.publications.search_source.publications",
    "beschaffungsallianz.events.search_source.events",
    "beschaffungsallianz.core.search_source.news",
    "beschaffungsallianz.monitor.search_source.notices",
    "beschaffungsallianz.library.search_source.entries",
]
