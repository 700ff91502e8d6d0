"""Download notice packages into a local cache: the national publication service's daily or
monthly eForms export, and TED's daily packages. Importing them is the importer's job.

* **National service** (Bekanntmachungsservice, oeffentlichevergabe.de; OpenAPI spec in
  ``shared/data/eforms/api/``): ``GET {NOTICE_EXPORT_BASE_URL}/api/notice-exports?pubDay=
  YYYY-MM-DD&format=eforms.zip`` (or ``pubMonth=YYYY-MM``) returns a zip with one XML file per
  published notice version; an *empty* zip means nothing was published. It answers 400 with a
  plain-text reason for a malformed, too early (before 2022-12) or not yet finished day.
* **TED**: ``GET {TED_PACKAGE_BASE_URL}/packages/daily/{YYYYNNNNN}`` returns the tar.gz package
  of one issue of the Official Journal S (year + five-digit issue number). The issue number of
  a day is found by :func:`resolve_ted_issue` (see there).

Downloads are made robust the usual way: retries with exponential back-off on connection
errors, time-outs, truncated bodies, 5xx and 429 (honouring ``Retry-After``); no retry on other
4xx, which are reported with an excerpt of the service's answer. The body is streamed to a
temporary file beside the cache entry, checked (length, zip/tar.gz structure) and then renamed
atomically, so the cache only ever holds complete files and a cached file is reused without a
request. Only the standard library is used (urllib).
"""

from __future__ import annotations

import email.utils
import logging
import os
import re
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.client import HTTPException
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 2.0  # seconds before the first retry; doubled for each further one
MAX_DELAY = 300.0  # longest wait between attempts, also for a large Retry-After
DEFAULT_TIMEOUT = 60.0  # seconds without any data before an attempt is given up
MAX_TED_PROBES = 10
EXCERPT_CHARS = 300

NATIONAL = "bkms"  # Notice.Source values; also the cache sub-directories
TED = "ted"


def user_agent() -> str:
    try:
        version = package_version("beschaffungsallianz")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        version = "dev"
    return f"Beschaffungsallianz/{version} (tender monitor; open source, EUPL-1.2; Python urllib)"


class FetchError(Exception):
    """A download failed for good; the message is meant for the operator."""


class RequestRejected(FetchError):
    """The server answered with a 4xx status other than 429: retrying would not help."""

    def __init__(self, status: int, body: str):
        self.status = status
        self.body = body
        super().__init__(f"the service rejected the request: {body} (HTTP {status})")


class NothingPublished(Exception):  # not an error: nothing to fetch
    """Nothing was published for the requested period (empty export, no OJ S issue that day)."""


class _Retryable(Exception):  # internal signal
    def __init__(self, reason: str, delay: float | None = None):
        super().__init__(reason)
        self.delay = delay


@dataclass(frozen=True)
class Fetched:
    """A package in the cache (``path``) or nothing published (``path`` is None)."""

    url: str
    path: Path | None
    from_cache: bool
    size: int = 0
    members: int | None = None  # files in a zip; None for tar.gz (read as a stream)


# --------------------------------------------------------------------------- HTTP


def _sleep(seconds: float) -> None:  # replaced in tests
    time.sleep(seconds)


def _excerpt(data: bytes) -> str:
    text = " ".join(data.decode("utf-8", "replace").split())
    return text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Downloader:
    """HTTP GET/HEAD with retries, streaming into an atomically renamed file."""

    def __init__(
        self,
        *,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        timeout: float = DEFAULT_TIMEOUT,
        on_progress: Callable[[int, int | None], None] | None = None,
    ):
        self.retries = max(0, retries)
        self.backoff = backoff
        self.timeout = timeout
        self.on_progress = on_progress
        self.requests = 0  # requests sent, for tests and the log

    def _open(self, url: str, method: str = "GET"):
        request = urllib.request.Request(
            url,
            method=method,
            headers={
                "User-Agent": user_agent(),
                "Accept": "application/zip, application/gzip, */*",
            },
        )
        self.requests += 1
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # http(s) only
        except urllib.error.HTTPError as exc:
            with exc:
                body = exc.read(4096) if method != "HEAD" else b""
            if exc.code == 429 or exc.code >= 500:
                raise _Retryable(
                    f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After"))
                ) from None
            raise RequestRejected(exc.code, _excerpt(body) or exc.reason or "") from None
        except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError) as exc:
            raise _Retryable(_describe(exc)) from None

    def _with_retries(self, url: str, attempt: Callable[[], object]):
        for number in range(self.retries + 1):
            try:
                return attempt()
            except _Retryable as exc:
                if number == self.retries:
                    raise FetchError(
                        f"{url}: giving up after {number + 1} attempts; last error: {exc}"
                    ) from None
                delay = exc.delay if exc.delay is not None else self.backoff * 2**number
                delay = min(delay, MAX_DELAY)
                logger.warning("%s: %s; retrying in %.0f s", url, exc, delay)
                _sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def head(self, url: str):
        """Status and headers of ``url`` (404 gives status 404 instead of an exception)."""

        def attempt():
            try:
                with self._open(url, "HEAD") as response:
                    return response.status, response.headers
            except RequestRejected as exc:
                if exc.status in (404, 405, 501):
                    return exc.status, {}
                raise

        return self._with_retries(url, attempt)

    def read_head_bytes(self, url: str, limit: int) -> bytes | None:
        """The first ``limit`` bytes of ``url``; None for 404."""

        def attempt():
            try:
                with self._open(url) as response:
                    return _read_exactly(response, limit)
            except RequestRejected as exc:
                if exc.status == 404:
                    return None
                raise

        return self._with_retries(url, attempt)

    def download(self, url: str, dest: Path, check: Callable[[Path], None]) -> int:
        """Stream ``url`` into ``dest`` (atomically); ``check`` raises FetchError on bad data."""
        dest.parent.mkdir(parents=True, exist_ok=True)

        def attempt():
            handle, temp_name = tempfile.mkstemp(
                dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"
            )
            temp = Path(temp_name)
            try:
                with os.fdopen(handle, "wb") as out, self._open(url) as response:
                    size = self._stream(response, out)
                    out.flush()
                    os.fsync(out.fileno())
                check(temp)
                os.replace(temp, dest)
                return size
            finally:
                temp.unlink(missing_ok=True)

        return self._with_retries(url, attempt)

    def _stream(self, response, out) -> int:
        length = response.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        received = 0
        try:
            while chunk := response.read(CHUNK_BYTES):
                out.write(chunk)
                received += len(chunk)
                if self.on_progress is not None:
                    self.on_progress(received, expected)
        except (HTTPException, ConnectionError, TimeoutError, urllib.error.URLError) as exc:
            raise _Retryable(
                f"connection broken after {received} bytes: {_describe(exc)}"
            ) from None
        if expected is not None and received < expected:
            raise _Retryable(f"connection closed after {received} of {expected} bytes")
        return received


def _read_exactly(response, limit: int) -> bytes:
    data = b""
    try:
        while len(data) < limit and (chunk := response.read(min(CHUNK_BYTES, limit - len(data)))):
            data += chunk
    except (HTTPException, ConnectionError, TimeoutError) as exc:
        if not data:
            raise _Retryable(_describe(exc)) from None
    return data


def _describe(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    text = str(exc)
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


# --------------------------------------------------------------------------- package checks


def check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        with path.open("rb") as f:
            head = f.read(400)
        raise FetchError(f"the download is not a zip file: {_excerpt(head)!r}")
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FetchError(f"the downloaded zip file is damaged: {exc}") from None


def zip_members(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(1 for info in archive.infolist() if not info.is_dir())


def check_tar_gz(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(2)
    if head != b"\x1f\x8b":
        with path.open("rb") as f:
            raise FetchError(f"the download is not a tar.gz package: {_excerpt(f.read(400))!r}")
    try:
        with tarfile.open(path, mode="r|gz") as archive:
            for _member in archive:
                pass  # reads the whole stream: a truncated package fails here
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise FetchError(f"the downloaded tar.gz package is damaged: {exc}") from None


# --------------------------------------------------------------------------- national service


def national_export_url(base_url: str, *, day: date | None = None, month: str | None = None) -> str:
    if (day is None) == (month is None):
        raise ValueError("give exactly one of day and month")
    params = {"pubDay": day.isoformat()} if day is not None else {"pubMonth": month}
    params["format"] = "eforms.zip"
    return f"{base_url.rstrip('/')}/api/notice-exports?{urllib.parse.urlencode(params)}"


def month_is_complete(month: str, today: date) -> bool:
    year, number = (int(part) for part in month.split("-"))
    return (year, number) < (today.year, today.month)


def fetch_national(
    downloader: Downloader,
    *,
    base_url: str,
    cache_dir: Path,
    day: date | None = None,
    month: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> Fetched:
    """The national eForms export of one day or month, from the cache or downloaded.

    The export of the running month grows every day, so it is downloaded again each time (and
    then replaces the cached copy); a finished day or month is final and comes from the cache.
    An empty export raises :class:`NothingPublished` and is not cached.
    """
    url = national_export_url(base_url, day=day, month=month)
    period = day.isoformat() if day is not None else month
    dest = Path(cache_dir) / NATIONAL / f"{period}.zip"
    if month is not None and not month_is_complete(month, today or date.today()):
        force = True
    if dest.exists() and not force:
        return Fetched(url, dest, True, dest.stat().st_size, zip_members(dest))
    size = downloader.download(url, dest, check_zip)
    members = zip_members(dest)
    if members == 0:
        dest.unlink()
        raise NothingPublished(
            f"no notices were published {'on' if day else 'in'} {period} "
            f"(the service returned an empty export)"
        )
    return Fetched(url, dest, False, size, members)


# --------------------------------------------------------------------------- TED

_ISSUE_RE = re.compile(r"(\d{4})(\d{5})")
_PACKAGE_DATE_RE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})_")
_FILENAME_RE = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", re.IGNORECASE)
PUBLICATION_WEEKDAYS = frozenset({1, 2, 3, 4, 5})  # the OJ S appears Tuesday to Saturday


def parse_issue(text: str) -> str:
    """``YYYYNNNNN`` (year + five-digit OJ S issue number), checked."""
    match = _ISSUE_RE.fullmatch(text.strip())
    if match is None or int(match[2]) == 0:
        raise ValueError(f"not an OJ S issue number (YYYYNNNNN, e.g. 202400123): {text!r}")
    return match[0]


def issue_number(year: int, number: int) -> str:
    return f"{year}{number:05d}"


def ted_package_url(base_url: str, issue: str) -> str:
    return f"{base_url.rstrip('/')}/packages/daily/{issue}"


def publication_day_index(day: date) -> int:
    """How many publication days (Tuesday to Saturday) the year has up to ``day`` inclusive."""
    start = date(day.year, 1, 1)
    return sum(
        1
        for offset in range((day - start).days + 1)
        if (start + timedelta(days=offset)).weekday() in PUBLICATION_WEEKDAYS
    )


def _package_date(name: str | None) -> date | None:
    if not name:
        return None
    match = _PACKAGE_DATE_RE.search(name.rsplit("/", 1)[-1]) or _PACKAGE_DATE_RE.search(name)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _first_tar_member(data: bytes) -> str | None:
    """Name of the first member of a tar.gz package, from its first bytes only."""
    try:
        inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 1024)
    except zlib.error:
        return None
    if len(inflated) < 512:
        return None
    return inflated[:100].split(b"\0", 1)[0].decode("utf-8", "replace") or None


def probe_ted_issue(downloader: Downloader, base_url: str, issue: str) -> date | None:
    """Publication date of an OJ S issue, or None if TED has no such package (404).

    Asks with HEAD and reads the date from the Content-Disposition file name
    (``YYYYMMDD_….tar.gz``); if that gives none, reads the first bytes of the package and takes
    the date from its top directory (``YYYYMMDD_…/``).
    """
    url = ted_package_url(base_url, issue)
    status, headers = downloader.head(url)
    if status == 404:
        return None
    disposition = headers.get("Content-Disposition") if headers else None
    match = _FILENAME_RE.search(disposition or "")
    found = _package_date(match[1]) if match else None
    if found is not None:
        return found
    head = downloader.read_head_bytes(url, 64 * 1024)
    if head is None:
        return None
    found = _package_date(_first_tar_member(head))
    if found is None:
        raise FetchError(f"{url}: cannot tell the publication date of issue {issue}")
    return found


def _publication_days_between(earlier: date, later: date) -> int:
    """Publication days in (earlier, later]."""
    return sum(
        1
        for offset in range(1, (later - earlier).days + 1)
        if (earlier + timedelta(days=offset)).weekday() in PUBLICATION_WEEKDAYS
    )


def resolve_ted_issue(
    day: date,
    probe: Callable[[str], date | None],
    *,
    max_probes: int = MAX_TED_PROBES,
) -> str:
    """The OJ S issue number (``YYYYNNNNN``) published on ``day``.

    The OJ S appears Tuesday to Saturday with issues numbered from 1 each year, so the number of
    such days up to ``day`` is a close estimate (holidays without an issue make it too high by
    one or two). The estimate is probed (see :func:`probe_ted_issue`); from the date found the
    guess moves by the number of publication days in between, and past the last published
    issue (404) it steps back 1, 2, 4, ... and then bisects. Lower and upper bounds only ever
    narrow, so the search ends when the issue of ``day`` is found, when two adjacent issues
    show that there was none that day (:class:`NothingPublished`; also for a day TED has not
    published yet), or after ``max_probes`` requests (:class:`FetchError`: pass the issue
    number instead). With holidays only, one to three requests suffice.
    """
    if day.weekday() not in PUBLICATION_WEEKDAYS:
        raise NothingPublished(
            f"no TED package for {day}: the Official Journal S appears Tuesday to Saturday"
        )
    number = publication_day_index(day)
    lower = 0  # highest issue known to be from an earlier day
    upper = None  # lowest issue known to be from a later day or missing
    upper_missing = False  # upper is a 404: then search the last issue by bisection
    missing_run = 0
    for _ in range(max_probes):
        found = probe(issue_number(day.year, number))
        if found == day:
            return issue_number(day.year, number)
        if found is None:  # beyond the last issue TED has published
            upper, upper_missing = number, True
            missing_run += 1
            number = (lower + upper) // 2 if lower else number - 2 ** (missing_run - 1)
        elif found > day:
            upper, upper_missing = number, False
            number -= max(1, _publication_days_between(day, found))
        else:
            lower = number
            if upper is not None and upper_missing:
                number = (lower + upper) // 2
            else:
                number += max(1, _publication_days_between(found, day))
        if upper is not None and upper - lower <= 1:
            raise NothingPublished(f"no OJ S issue was published on {day}")
        number = max(number, lower + 1, 1)
        if upper is not None:
            number = min(number, upper - 1)
    raise FetchError(
        f"could not find the OJ S issue of {day} with {max_probes} requests; "
        f"give it with --issue YYYYNNNNN"
    )


def fetch_ted(
    downloader: Downloader,
    *,
    base_url: str,
    cache_dir: Path,
    issue: str,
    force: bool = False,
) -> Fetched:
    """TED's daily package of one OJ S issue, from the cache or downloaded."""
    url = ted_package_url(base_url, issue)
    dest = Path(cache_dir) / TED / f"{issue}.tar.gz"
    if dest.exists() and not force:
        return Fetched(url, dest, True, dest.stat().st_size)
    try:
        size = downloader.download(url, dest, check_tar_gz)
    except RequestRejected as exc:
        if exc.status == 404:
            raise FetchError(f"TED has no package for issue {issue} ({url}: HTTP 404)") from None
        raise
    return Fetched(url, dest, False, size)
