"""Rate limits and the login lockout hold across worker processes (issue 7 item 4).

Two gunicorn servers with the production settings share one database (and, in the Redis
variant, one Redis database); the test alternates between them like a load balancer spreading
requests over workers. With a per-process cache the sixth attempt was still accepted.
"""

import pytest

from beschaffungsallianz.core.tests.production_server import (
    Browser,
    database_url_for_server,
    gunicorn,
    manage,
    production_environment,
)
from beschaffungsallianz.network.models import JoinPage
from conftest import PASSWORD


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
