"""The shared cache: a deploy check refuses a per-process cache; migrate creates the cache table."""

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection

from beschaffungsallianz.env import page_cache

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
