"""Rate limits and the login lockout hold across worker processes (issue 7 item 4).

Two gunicorn servers with the production settings share one database (and, in the Redis
variant, one Redis database); the test alternates between them like a load balancer spreading
requests over workers. With a per-process cache the sixth attempt was still accepted.
"""

import os
import uuid

import pytest
import redis

from beschaffungsallianz.core.tests.production_server import (
    Browser,
    database_url_for_server,
    gunicorn,
    manage,
    production_environment,
)
from beschaffungsallianz.network.models import JoinPage
from conftest import PASSWORD

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


@pytest.fixture
def two_servers(cache_environment, collected_static, editor, tmp_path, home):
    home.add_child(instance=JoinPage(title="Mitmachen", slug="mitmachen", intro="Machen Sie mit."))
    environment = production_environment(
        DATABASE_URL=database_url_for_server(tmp_path),
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp_path / "media"),
        **cache_environment,
    )
    manage(environment, "migrate", "--noinput")  # creates the database cache's table
    with (
        gunicorn(environment, tmp_path / "first.log") as first,
        gunicorn(environment, tmp_path / "second.log") as second,
    ):
        yield [first, second]


@pytest.mark.django_db(transaction=True)
def test_join_form_rate_limit_and_login_lockout_are_shared_by_two_processes(two_servers):
    browser = Browser()
    form_page = browser.get(two_servers[0], "/mitmachen/")
    login_page = browser.get(two_servers[0], "/admin/login/")
    assert form_page.status == 200, form_page
    assert login_page.status == 200, login_page

    join_answers = [
        browser.post_form(two_servers[n % 2], "/mitmachen/", {}, form_page).status for n in range(6)
    ]
    login_answers = [
        browser.post_form(
            two_servers[n % 2],
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            login_page,
        ).status
        for n in range(6)
    ]
    right_password = browser.post_form(
        two_servers[1], "/admin/login/", {"username": "editor", "password": PASSWORD}, login_page
    )

    assert join_answers == [200, 200, 200, 200, 200, 429]  # FORM_RATE_LIMIT_PER_HOUR = 5
    assert login_answers == [200, 200, 200, 200, 200, 429]  # ADMIN_LOGIN_MAX_FAILURES = 5
    assert right_password.status == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in right_password.text
