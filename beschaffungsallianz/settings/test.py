from .base import *  # noqa: F403 - a settings module extends every name of base.py
from .base import BASE_DIR

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
NOTICE_CACHE_DIR = BASE_DIR / "var" / "test-notice-cache"
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Tests run without collectstatic: WhiteNoise serves from the staticfiles finders, as with
# DEBUG, and in autorefresh mode it does not look for (and warn about) an empty STATIC_ROOT.
# Production keeps CompressedManifestStaticFilesStorage over collected files.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
