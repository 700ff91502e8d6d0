"""The shared cache: a deploy check refuses a per-process cache; migrate creates the cache table."""

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.utils.module_loading import import_string

from beschaffungsallianz.core.tests.conftest import redis_url_or_skip
from beschaffungsallianz.env import envcache, page_cache

PER_PROCESS = [
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
]


def _deploy_errors():
    return [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.id == "core.E001"
    ]


@pytest.fixture
def cache_setting(settings):
    def _set(backend, location="ops-test"):
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
        return settings.CACHES

    return _set


@pytest.mark.parametrize("backend", PER_PROCESS)
def test_deploy_check_fails_on_a_per_process_cache(cache_setting, backend):
    cache_setting(backend)

    errors = _deploy_errors()

    assert len(errors) == 1
    assert "CACHE_URL" in errors[0].hint
    assert errors[0].is_serious()


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    ],
)
def test_deploy_check_accepts_a_shared_cache(cache_setting, backend):
    cache_setting(backend, "redis://127.0.0.1:6379/0" if "redis" in backend else "a_table")

    assert _deploy_errors() == []


def test_the_check_runs_only_with_deploy(cache_setting):
    cache_setting(PER_PROCESS[0])

    assert not [m for m in run_checks(include_deployment_checks=False) if m.id == "core.E001"]


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_tables(settings):
    default = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ops_test_cache_table",
    }
    settings.CACHES = {"default": default, "pages": page_cache(default)}
    assert "ops_test_cache_table" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)

    tables = connection.introspection.table_names()
    assert "ops_test_cache_table" in tables
    assert "ops_test_cache_table_pages" in tables  # the page cache's own table
    caches["default"].set("probe", 42)
    assert caches["default"].get("probe") == 42
    assert caches["pages"].get("pagecache:generation")  # migrate bumped it


def test_the_redis_cache_builds_one_client_per_connection_pool(monkeypatch):
    """Django's RedisCache builds a new ``redis.Redis`` for every operation (its ~170 response
    callbacks: about 0.4 ms, two or more per page — as much as serving a cached page); the
    project's backend (``CACHE_URL=redis://…``) keeps one per pool, and still works."""
    url = redis_url_or_skip()
    monkeypatch.setenv("CACHE_URL", url)
    monkeypatch.setenv("CACHE_KEY_PREFIX", "client-test")
    config = envcache("CACHE_URL", "locmem://")
    backend_class = import_string(config.pop("BACKEND"))
    cache = backend_class(config.pop("LOCATION"), config)

    cache.set("answer", 42)

    assert cache.get("answer") == 42 and cache.get_many(["answer", "none"]) == {"answer": 42}
    client = cache._cache.get_client("answer")
    assert cache._cache.get_client("other") is client
    assert cache._cache.get_client("answer", write=True) is cache._cache.get_client(write=True)
    cache.delete("answer")
