"""Production settings: check --deploy is clean; CSP on public pages but not in the admin."""

import os

import pytest

from beschaffungsallianz.core.tests.production_server import manage


def _run_with_production_settings(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest for Playwright; never in production
            "CACHE_URL",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="beschaffungsallianz.settings.production",
        ALLOWED_HOSTS="beschaffung.example.org",
        **env,
    )
    return manage(environment, *args, expect_failure=None)


def test_check_deploy_is_clean_with_production_settings():
    result = _run_with_production_settings(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_production_runs_a_per_process_cache():
    result = _run_with_production_settings(
        "check",
        "--deploy",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        CACHE_URL="locmem://",
    )

    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "CACHE_URL=db://" in result.stderr


def test_production_settings_accept_secret_key_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("file-based-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ\n")

    result = _run_with_production_settings(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY_FILE=str(secret)
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    result = _run_with_production_settings("check")

    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, home):

    policy = client.get("/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_wagtail_admin_is_excluded_from_the_content_security_policy(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_production_keeps_database_connections_open_with_health_checks():
    """Opening a connection costs more than serving a cached page (issue 12): production
    keeps it for DATABASE_CONN_MAX_AGE seconds (600 by default; 0 closes after each request)."""
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    secret = "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
    default = _run_with_production_settings("shell", "-v", "0", "-c", code, SECRET_KEY=secret)
    closed = _run_with_production_settings(
        "shell", "-v", "0", "-c", code, SECRET_KEY=secret, DATABASE_CONN_MAX_AGE="0"
    )

    assert default.stdout.split() == ["600", "True"], default.stderr
    assert closed.stdout.split() == ["0", "True"], closed.stderr
