"""Fixtures of the core tests: collected static files, the cache of the production-like
servers (database or Redis)."""

import os
import uuid

import pytest
import redis

from beschaffungsallianz.core.tests.production_server import manage, production_environment


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after ``collectstatic`` (the production settings need the manifest)."""
    root = tmp_path_factory.mktemp("static")
    manage(production_environment(STATIC_ROOT=str(root)), "collectstatic", "--noinput", "-v0")
    return root


DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/11"


def redis_url_or_skip() -> str:
    """TEST_REDIS_URL (set by .ci/run: the Redis tests must run there) or a local default.

    Without TEST_REDIS_URL the Redis variants skip when no server answers locally; with it an
    unreachable server is a failure.
    """
    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("TEST_REDIS_URL"):
            pytest.fail(f"TEST_REDIS_URL={url} is not reachable: {exc}")
        pytest.skip(f"Redis cache tests: no Redis server at {url} ({exc}); .ci/run starts one")
    return url


@pytest.fixture(params=["database (production default)", "redis"])
def cache_environment(request):
    """CACHE_URL for the servers; the Redis variant uses a key prefix of its own, removed after."""
    if request.param == "redis":
        url = redis_url_or_skip()
        prefix = f"ops-test-{uuid.uuid4().hex}"
        yield {"CACHE_URL": url, "CACHE_KEY_PREFIX": prefix}
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
    else:
        yield {}  # production settings default to CACHE_URL=db://
