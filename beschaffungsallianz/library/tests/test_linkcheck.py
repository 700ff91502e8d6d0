"""manage.py check_links against a local HTTP server started by the test (never the internet):
200, 404, a permanent redirect, a temporary one, HEAD refused, a slow answer (timeout), a TLS
error, a flaky 503 that is retried; the results stored per link and the polite User-Agent."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory
from beschaffungsallianz.library import linkcheck, services
from beschaffungsallianz.library.models import LinkCheck
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory

SLOW_SECONDS = 1.0
TIMEOUT = 0.3


class Handler(BaseHTTPRequestHandler):
    seen: list  # (method, path, user agent), set per server
    flaky_calls = 0

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, body: bool):
        self.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        path = self.path
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
        if path == "/flaky":
            type(self).flaky_calls += 1
            status = 503 if type(self).flaky_calls == 1 else 200
        else:
            status = {
                "/ok": 200,
                "/slow": 200,
                "/missing": 404,
                "/old": 301,
                "/elsewhere": 302,
                "/permanent-chain": 308,
                "/get-only": 405 if self.command == "HEAD" else 200,
                "/down": 503,
                "/fu%C3%9Fb%C3%A4lle": 200,
            }.get(path, 404)
        self.send_response(status)
        location = {
            "/old": "/ok",
            "/elsewhere": "/ok",
            "/permanent-chain": "/missing",
        }.get(path)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)


@pytest.fixture
def server():
    handler = type("TestHandler", (Handler,), {"seen": [], "flaky_calls": 0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address
    yield f"http://{host}:{port}", handler
    httpd.shutdown()
    httpd.server_close()


def _checker(**options):
    options = {"sleep": lambda seconds: None, "retries": 0, **options}
    return linkcheck.Checker(agent="Test", timeout=TIMEOUT, **options)


def test_a_working_link_is_ok_after_one_head_request(server):
    base, handler = server

    result = _checker().check(f"{base}/ok")

    assert (result.outcome, result.status_code, result.final_url) == ("ok", 200, "")
    assert [(m, p) for m, p, _ua in handler.seen] == [("HEAD", "/ok")]


def test_a_missing_page_is_broken_after_head_and_get(server):
    base, handler = server

    result = _checker().check(f"{base}/missing")

    assert (result.outcome, result.status_code) == ("broken", 404)
    assert [m for m, _p, _ua in handler.seen] == ["HEAD", "GET"]


def test_a_permanent_redirect_is_moved_and_names_the_new_address(server):
    base, _handler = server

    result = _checker().check(f"{base}/old")

    assert (result.outcome, result.status_code, result.final_url) == ("moved", 301, f"{base}/ok")


def test_a_temporary_redirect_is_fine_and_a_redirect_to_a_dead_page_is_broken(server):
    base, _handler = server

    temporary = _checker().check(f"{base}/elsewhere")
    dead_end = _checker().check(f"{base}/permanent-chain")

    assert (temporary.outcome, temporary.status_code) == ("ok", 302)
    assert temporary.final_url == f"{base}/ok"
    assert (dead_end.outcome, dead_end.final_url) == ("broken", f"{base}/missing")


def test_a_server_refusing_head_is_asked_with_get(server):
    base, handler = server

    result = _checker().check(f"{base}/get-only")

    assert (result.outcome, result.status_code) == ("ok", 200)
    assert [m for m, _p, _ua in handler.seen] == ["HEAD", "GET"]


def test_a_slow_server_times_out_and_is_retried_with_backoff(server):
    base, handler = server
    delays = []

    result = _checker(retries=2, backoff=1.5, sleep=delays.append).check(f"{base}/slow")

    assert result.outcome == "unreachable"
    assert result.error == "Timeout"
    assert result.attempts == 3
    assert delays == [1.5, 3.0]  # exponential back-off


def test_a_tls_error_is_unreachable(server):
    base, _handler = server
    https_to_plain_http = base.replace("http://", "https://") + "/ok"

    result = _checker().check(https_to_plain_http)

    assert result.outcome == "unreachable"
    assert result.error.startswith("TLS:")


def test_a_503_is_retried_and_the_second_answer_counts(server):
    base, _handler = server

    flaky = _checker(retries=1).check(f"{base}/flaky")
    down = _checker(retries=1).check(f"{base}/down")

    assert (flaky.outcome, flaky.attempts) == ("ok", 2)
    assert (down.outcome, down.status_code, down.attempts) == ("broken", 503, 2)


def test_an_address_with_umlauts_is_percent_encoded(server):
    base, handler = server

    result = _checker().check(f"{base}/fußbälle")

    assert result.outcome == "ok"
    assert handler.seen[0][1] == "/fu%C3%9Fb%C3%A4lle"


def test_only_web_addresses_are_requested():
    result = _checker().check("file:///etc/passwd")

    assert (result.outcome, result.attempts) == ("unreachable", 0)


def test_many_links_are_checked_with_a_bounded_pool_in_order(server):
    base, _handler = server
    urls = [f"{base}/ok", f"{base}/missing", f"{base}/old"] * 3

    results = _checker().check_many(urls, workers=3)

    assert [r.url for r in results] == urls
    assert [r.outcome for r in results[:3]] == ["ok", "broken", "moved"]


@pytest.mark.django_db
def test_check_links_command_stores_one_result_per_link_with_a_polite_user_agent(
    server, index, settings
):
    base, handler = server
    settings.LINKCHECK_CONTACT = "redaktion@example.org"
    LibraryEntryFactory(url=f"{base}/ok", source_url=f"{base}/old")
    LibraryEntryFactory(url=f"{base}/missing", live=False)  # drafts are checked too
    PracticeExampleFactory(source_url=f"{base}/ok")  # the same link: one check
    LinkCheck.objects.create(url=f"{base}/gone", outcome="ok", checked_at="2020-01-01T00:00Z")
    out = StringIO()

    call_command(
        "check_links", "--timeout", str(TIMEOUT), "--retries", "0", "--workers", "2", stdout=out
    )

    stored = {c.url.removeprefix(base): c for c in LinkCheck.objects.all()}
    assert set(stored) == {"/ok", "/old", "/missing"}  # /gone is no longer used: removed
    assert stored["/ok"].outcome == "ok"
    assert (stored["/old"].outcome, stored["/old"].final_url) == ("moved", f"{base}/ok")
    assert (stored["/missing"].outcome, stored["/missing"].status_code) == ("broken", 404)
    assert "3 links checked: ok 1, moved 1, broken 1, unreachable 0" in out.getvalue()
    agents = {ua for _m, _p, ua in handler.seen}
    assert agents == {services.default_user_agent()}
    (agent,) = agents
    assert agent.isascii()
    assert "http://testserver" in agent and "redaktion@example.org" in agent


@pytest.mark.django_db
def test_link_checks_leave_the_page_cache_alone():
    assert LinkCheck.shown_on_public_pages is False
