"""The site as it runs in production, for tests: gunicorn with ``settings.production``.

A test that uses it is transactional (``django_db(transaction=True)``), creates its data with
the factories and hands the server its database: PostgreSQL's test database as it is, SQLite's
in-memory test database copied to a file with the SQLite backup API. The server runs behind no
proxy; ``Browser`` sends what nginx would (``Host``, ``X-Forwarded-Proto: https``) and keeps
cookies and the CSRF token like a browser.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

REPO = Path(__file__).resolve().parents[3]
HOST = "beschaffung.example.org"
SECRET_KEY = "production-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"
# Variables of the test run that must not leak into the server's environment.
TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "DATABASE_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SERVE_PUBLIC_IMAGES",
    "MEDIA_X_ACCEL_REDIRECT",
    "BACKUP_DIR",
}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def production_environment(**variables: str) -> dict[str, str]:
    """The environment of a production process: this one's, minus the test run's settings."""
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="beschaffungsallianz.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        BASE_URL=f"https://{HOST}",
        LOG_LEVEL="WARNING",
    )
    environment.update(variables)
    return environment


def database_url_for_server(directory: Path) -> str:
    """A DATABASE_URL under which another process sees the test database's committed rows."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = directory / "server.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    params = connection.settings_dict
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(params['NAME'], safe='')}"


def manage(
    environment: dict[str, str], *args: str, expect_failure: bool | None = False
) -> subprocess.CompletedProcess:
    """Run ``manage.py args`` in ``environment``; it must succeed (or fail, if expected; with
    ``expect_failure=None`` the caller checks the result)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    if expect_failure is not None:
        assert (result.returncode != 0) == expect_failure, output
    return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(environment: dict[str, str], log: Path, workers: int = 1):
    """Start gunicorn (``workers`` processes) and yield its port; stopped on exit."""
    port = _free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "beschaffungsallianz.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--timeout=120",
                "--graceful-timeout=5",
            ],
            cwd=REPO,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise AssertionError(f"gunicorn exited:\n{log.read_text()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError as exc:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"gunicorn did not start:\n{log.read_text()}") from exc
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def __str__(self):
        return f"{self.status} {self.headers}\n{self.text[:2000]}"


@dataclass
class Browser:
    """Requests to one or more servers as one browser behind the HTTPS proxy."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "ops-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
        http = HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            http.request(method, path, body=body, headers=headers)
            raw = http.getresponse()
            response = Response(raw.status, dict(raw.getheaders()), raw.read())
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    for key, morsel in SimpleCookie(value).items():
                        self.cookies[key] = morsel.value
        finally:
            http.close()
        return response

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post_form(self, port: int, path: str, form: dict, token_from: Response) -> Response:
        """POST ``form`` with the CSRF token of a page fetched before (``token_from``)."""
        token = CSRF_INPUT.search(token_from.text)
        assert token, f"no CSRF token in {path}:\n{token_from}"
        return self.request(port, "POST", path, {**form, "csrfmiddlewaretoken": token.group(1)})
