"""Read configuration from the environment (12-factor), with ``*_FILE`` support for secrets."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str, default: str | None = None, required: bool = False) -> str | None:
    """Return ``$NAME``, or the content of the file named by ``$NAME_FILE``.

    (Docker/systemd secrets.)
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set")
    return value


CACHE_BACKENDS = {
    "redis": "beschaffungsallianz.core.redis_cache.RedisCache",
    "rediss": "beschaffungsallianz.core.redis_cache.RedisCache",
    "unix": "beschaffungsallianz.core.redis_cache.RedisCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
DEFAULT_CACHE_TABLE = "beschaffungsallianz_cache"
# Django's default of 300 entries would let a flood of requests cull rate-limit counters.
CACHE_MAX_ENTRIES = 20_000


def envcache(name: str, default: str) -> dict:
    """Django cache settings from a URL in ``$NAME`` (or ``default``).

    - ``redis://host:6379/0``, ``rediss://…`` (TLS), ``unix:///path/redis.sock?db=0``: Redis,
      shared by every process and machine (Django's ``RedisCache`` with one client per pool,
      ``core/redis_cache.py``).
    - ``db://`` or ``db://table_name``: the database cache (table ``beschaffungsallianz_cache``),
      shared by every process; ``migrate`` creates the table.
    - ``locmem://``: memory of one process (development, tests); ``dummy://``: no cache.

    ``CACHE_KEY_PREFIX`` sets the key prefix (several sites sharing one Redis database).
    """
    if os.environ.get("CACHE_IN_DATABASE") is not None:
        raise ImproperlyConfigured(
            "CACHE_IN_DATABASE was replaced by CACHE_URL: use CACHE_URL=db:// (the default in "
            "production) and remove CACHE_IN_DATABASE from the environment."
        )
    url = (os.environ.get(name) or default).strip()
    scheme, separator, rest = url.partition("://")
    backend = CACHE_BACKENDS.get(scheme.lower()) if separator else None
    if backend is None:
        schemes = ", ".join(f"{key}://" for key in CACHE_BACKENDS)
        raise ImproperlyConfigured(f"{name} must start with one of {schemes}; got {url!r}")
    config = {"BACKEND": backend}
    if backend.endswith("RedisCache"):
        config["LOCATION"] = url
    elif scheme == "db":
        config["LOCATION"] = rest.strip("/") or DEFAULT_CACHE_TABLE
    else:
        config["LOCATION"] = rest.strip("/") or "default"
    if scheme in ("db", "locmem"):
        config["OPTIONS"] = {"MAX_ENTRIES": CACHE_MAX_ENTRIES}
    prefix = os.environ.get("CACHE_KEY_PREFIX", "")
    if prefix:
        config["KEY_PREFIX"] = prefix
    return config


def page_cache(config: dict) -> dict:
    """The page cache (core/pagecache.py) beside the default cache ``config``: the same backend,
    but its own table (``<table>_pages``), memory or Redis key prefix, so that many cached pages
    never cull the rate-limit counters of the default cache."""
    pages = {**config}
    if config["BACKEND"].endswith("RedisCache"):
        pages["KEY_PREFIX"] = f"{config.get('KEY_PREFIX', '')}pages"
    elif "LOCATION" in config:
        pages["LOCATION"] = f"{config['LOCATION']}_pages"
    return pages
