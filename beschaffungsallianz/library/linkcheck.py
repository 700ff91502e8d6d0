"""Check external links over HTTP: is the address still there, has it moved, is it dead?

Pure: nothing here reads or writes the database (services.check_links stores the results).

For one URL (``check_url``):

- only ``http``/``https`` addresses are requested (urllib would open ``file:`` too);
- a ``HEAD`` request first (cheap for the server); when it answers an error status (many
  servers refuse or mishandle HEAD: 403, 404, 405, 501 …) the same URL is tried with ``GET``,
  whose body is never read;
- redirects are followed by hand (at most ``MAX_REDIRECTS``), so the result knows the link's
  own status and the final address: a permanent redirect (301, 308) to a working address is
  "moved" (editors should update the link), a temporary one (302, 303, 307) is fine;
- time-outs, TLS errors, refused connections, 429 and 5xx are retried ``retries`` times with
  exponential back-off (``backoff`` seconds, doubled each time); other 4xx are not;
- addresses with non-ASCII characters (``…/faire-fußbälle``) are percent-encoded;
- every request names the site and a contact in its User-Agent (``user_agent``).

``check_many`` checks many URLs with a bounded thread pool (``workers`` requests at most at
the same time); the results come back in the order of the URLs.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.encoding import iri_to_uri

OK, MOVED, BROKEN, UNREACHABLE = "ok", "moved", "broken", "unreachable"
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 2.0
DEFAULT_WORKERS = 8
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: str  # OK, MOVED, BROKEN or UNREACHABLE
    status_code: int | None = None  # the link's own answer (301 for a moved link)
    final_url: str = ""  # where the redirects ended
    error: str = ""
    attempts: int = 1


class _Retryable(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back as an HTTPError: redirects are followed in ``_follow``."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def user_agent(site_url: str, contact: str) -> str:
    """ASCII only (HTTP headers are Latin-1): "Thüringer … – fair" -> "Thuringer … fair"."""
    text = unicodedata.normalize("NFKD", f"(+{site_url}; {contact})")
    text = " ".join(text.encode("ascii", "ignore").decode().split())
    return f"Beschaffungsallianz-Linkpruefung/1.0 {text}"


def _is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"TLS: {reason}"[:MAX_ERROR_CHARS]
    if isinstance(reason, TimeoutError | socket.timeout):
        return "Timeout"
    return f"{type(reason).__name__}: {reason}"[:MAX_ERROR_CHARS]


class Checker:
    def __init__(
        self,
        *,
        agent: str,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.agent = agent
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.sleep = sleep

    def _request(self, url: str, method: str) -> tuple[int, str | None]:
        """(status, Location header) of one request; network failures raise _Retryable."""
        request = urllib.request.Request(
            iri_to_uri(url),  # "fußbälle" -> "fu%C3%9Fb%C3%A4lle"
            method=method,
            headers={"User-Agent": self.agent, "Accept": "*/*"},
        )
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return response.status, None
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.headers.get("Location")
        except (
            urllib.error.URLError,
            http.client.HTTPException,
            ConnectionError,
            TimeoutError,
            ssl.SSLError,
            OSError,
        ) as exc:
            raise _Retryable(_describe(exc)) from None

    def _follow(self, url: str, method: str) -> LinkResult:
        first_status = None
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = self._request(current, method)
            if first_status is None:
                first_status = status
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                if not _is_web(current):
                    return LinkResult(url, BROKEN, first_status, current, "Redirect to non-web")
                continue
            if status == 429 or status >= 500:
                raise _Retryable(f"HTTP {status}")
            if status >= 400:
                return LinkResult(url, BROKEN, first_status, current)
            outcome = MOVED if first_status in PERMANENT and current != url else OK
            return LinkResult(url, outcome, first_status, current if current != url else "")
        return LinkResult(url, BROKEN, first_status, current, "Too many redirects")

    def _probe(self, url: str) -> LinkResult:
        result = self._follow(url, "HEAD")
        if result.outcome == BROKEN:  # many servers refuse HEAD: ask again with GET
            result = self._follow(url, "GET")
        return result

    def check(self, url: str) -> LinkResult:
        if not _is_web(url):
            return LinkResult(url, UNREACHABLE, error="Not an http(s) address", attempts=0)
        for attempt in range(self.retries + 1):
            try:
                result = self._probe(url)
            except _Retryable as exc:
                if attempt == self.retries:
                    status = int(str(exc)[5:]) if str(exc).startswith("HTTP ") else None
                    outcome = BROKEN if status else UNREACHABLE
                    return LinkResult(url, outcome, status, error=str(exc), attempts=attempt + 1)
                self.sleep(self.backoff * 2**attempt)
                continue
            return LinkResult(**{**result.__dict__, "attempts": attempt + 1})
        raise AssertionError("unreachable")  # pragma: no cover

    def check_many(self, urls: Iterable[str], workers: int = DEFAULT_WORKERS) -> list[LinkResult]:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(self.check, urls))
