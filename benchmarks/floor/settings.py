"""The floor of `python -m benchmarks web`: a minimal Django project, one view, one template.

Same Django, same gunicorn set-up as the site; no database, no sessions, no middleware but
the common ones, so its requests per second are what Django itself costs on this machine.
"""

from pathlib import Path

SECRET_KEY = "floor-benchmark-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.floor.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]
DATABASES: dict = {}
USE_TZ = True
