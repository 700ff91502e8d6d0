"""Yield the XML documents in files, directories and archives, one at a time.

:func:`iter_sources` takes paths to XML files, directories (walked recursively, in sorted order)
and packages — ``.zip``, ``.tar``, ``.tar.gz``/``.tgz`` and ``.xml.gz`` — including archives
nested in archives (TED daily packages are ``.tar.gz`` files that may hold further packages; the
Bekanntmachungsservice delivers ``.zip`` files). Each XML document comes as a :class:`Source`
with a display name such as ``export.zip:2024/123.xml``.

Notes:

* **Streaming.** Only one member is in memory at a time. Tar archives are read as a stream
  (``mode="r|*"``, no seeking, so they can be nested). A zip nested in another archive needs
  random access: it is spooled to a temporary file (in memory only while small).
* **Errors are items, not exceptions.** A missing file, a corrupt or truncated archive or a
  member that is too large yields a :class:`Source` with ``error`` set and ``data=None``; the
  caller reports it and continues. Members already read from a broken archive stay valid.
* **Members that are not XML** (PDF, CSV, JSON, ...) are skipped silently; so are files with
  other extensions inside directories. Only the member name decides, not its content.
* **Names that are not valid UTF-8.** Linux file names and tar headers are bytes; Python hands
  undecodable ones on surrogate-escaped (``\udcff``), and no database can store them. Such a
  document is reported (``error``, name shown escaped as ``\xff``) instead of read; every name
  a :class:`Source` carries is valid text. A zip that declares UTF-8 names but holds invalid
  ones cannot be opened at all and is reported as a whole.
* **Size limit.** A member larger than ``max_bytes`` (default 64 MiB; eForms notices are well
  below 1 MiB) is reported instead of read, which also stops decompression bombs. The same limit
  holds for a nested zip, which must be copied to a temporary file: its declared size is checked
  before anything is copied, and the copy stops at the limit whatever the archive declared.
  Nested tar archives are read as a stream (no temporary file); each member is limited.
* **Nesting limit.** Archives nested more than ``MAX_DEPTH`` (8) deep — a package counts as
  level 1 — are reported instead of opened (a zip nested 400 deep would otherwise exhaust the
  recursion limit).
"""

from __future__ import annotations

import gzip
import os
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Source", "iter_sources", "printable_name"]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 8
_SPOOL_BYTES = 32 * 1024 * 1024
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    gzip.BadGzipFile,
    OSError,
    NotImplementedError,  # zip compression methods zipfile cannot read
)


def printable_name(name: str) -> str:
    """``name`` as valid text: bytes that were not UTF-8 (surrogate-escaped by os and tarfile)
    shown as ``\xff``."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that is no escaped byte
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


@dataclass(frozen=True, slots=True)
class Source:
    """One XML document (``data``) or a problem reading one (``error``). ``name`` is always
    valid text (see :func:`printable_name`)."""

    name: str
    data: bytes | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        printable = printable_name(self.name)
        if printable is not self.name:
            object.__setattr__(self, "name", printable)

    @property
    def ok(self) -> bool:
        return self.error is None


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".xml"):
        return "xml"
    if lower.endswith(".xml.gz"):
        return "xml.gz"
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith((".tar.gz", ".tgz", ".tar")):
        return "tar"
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}" if text != exc.__class__.__name__ else text


def iter_sources(
    paths: Iterable[str | os.PathLike] | str | os.PathLike, *, max_bytes: int = MAX_BYTES
) -> Iterator[Source]:
    """Yield every XML document found under ``paths``, in order, one at a time."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path, max_bytes)
        elif path.exists():
            # A file named explicitly is read even with an unknown extension.
            yield from _file(path, _kind(path.name) or _sniff(path), max_bytes)
        else:
            yield Source(str(path), error="no such file or directory")


def _sniff(path: Path) -> str:
    """Kind of a file without a known extension, from its first bytes (default: XML)."""
    try:
        with path.open("rb") as f:
            head = f.read(512)
            if head.startswith(b"PK\x03\x04"):
                return "zip"
            if head.startswith(b"\x1f\x8b"):
                f.seek(0)
                with gzip.GzipFile(fileobj=f) as unzipped:
                    inner = unzipped.read(512)
                return "tar" if inner[257:262] == b"ustar" else "xml.gz"
            if head[257:262] == b"ustar":
                return "tar"
    except _ARCHIVE_ERRORS:
        pass  # reported when the file is read
    return "xml"


def _walk(directory: Path, max_bytes: int) -> Iterator[Source]:
    errors: list[OSError] = []
    for root, dirnames, filenames in os.walk(directory, onerror=errors.append):
        dirnames.sort()  # os.walk descends in the order left in dirnames
        while errors:
            exc = errors.pop(0)
            yield Source(str(exc.filename or root), error=_describe(exc))
        for filename in sorted(filenames):
            kind = _kind(filename)
            if kind is not None:
                yield from _file(Path(root) / filename, kind, max_bytes)
    for exc in errors:
        yield Source(str(exc.filename or directory), error=_describe(exc))


def _file(path: Path, kind: str, max_bytes: int) -> Iterator[Source]:
    name = str(path)
    try:
        with path.open("rb") as f:
            yield from _stream(f, name, kind, max_bytes)
    except OSError as exc:  # open() failed; errors while reading are handled in _stream
        yield Source(name, error=_describe(exc))


def _stream(f: IO[bytes], name: str, kind: str, max_bytes: int, depth: int = 1) -> Iterator[Source]:
    """Documents in the (possibly non-seekable) binary stream ``f`` of kind ``kind``, which is
    ``depth`` archives deep (1: a file of its own)."""
    if kind == "xml":
        yield _read(f, name, max_bytes)
    elif kind == "xml.gz":
        yield _read(gzip.GzipFile(fileobj=f, mode="rb"), name, max_bytes)
    elif depth > MAX_DEPTH:
        yield Source(name, error=f"archives nested more than {MAX_DEPTH} deep, skipped")
    elif kind == "zip":
        yield from _zip(f, name, max_bytes, depth)
    elif kind == "tar":
        yield from _tar(f, name, max_bytes, depth)


def _read(f: IO[bytes], name: str, max_bytes: int) -> Source:
    if printable_name(name) is not name:
        return Source(name, error="file name is not valid UTF-8")
    try:
        data = f.read(max_bytes + 1)
    except _ARCHIVE_ERRORS as exc:
        return Source(name, error=_describe(exc))
    if len(data) > max_bytes:
        return Source(name, error=f"larger than {max_bytes} bytes, skipped")
    return Source(name, data=data)


def _zip(f: IO[bytes], name: str, max_bytes: int, depth: int) -> Iterator[Source]:
    if not f.seekable():
        # Nested in a tar or zip: the central directory at the end needs random access.
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
            try:
                complete = _copy(f, spool, max_bytes)
            except _ARCHIVE_ERRORS as exc:
                yield Source(name, error=_describe(exc))
                return
            if not complete:
                yield Source(name, error=_too_large_zip(max_bytes))
                return
            spool.seek(0)
            yield from _zip(spool, name, max_bytes, depth)
        return
    try:
        archive = zipfile.ZipFile(f)
    except _ARCHIVE_ERRORS as exc:
        yield Source(name, error=_describe(exc))
        return
    except UnicodeDecodeError:
        yield Source(
            name, error="a member name is not valid UTF-8 although the archive declares UTF-8 names"
        )
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            kind = _kind(info.filename)
            if kind is None:
                continue
            member_name = f"{name}:{info.filename}"
            if info.file_size > max_bytes and kind in ("xml", "zip"):
                yield Source(member_name, error=_too_large(kind, max_bytes))
                continue
            try:
                with archive.open(info) as member:
                    yield from _stream(_Unseekable(member), member_name, kind, max_bytes, depth + 1)
            except _ARCHIVE_ERRORS as exc:
                yield Source(member_name, error=_describe(exc))


def _tar(f: IO[bytes], name: str, max_bytes: int, depth: int) -> Iterator[Source]:
    head = f.read(2)
    stream: IO[bytes] = _Prefixed(head, f)
    gzipped = head == b"\x1f\x8b"
    if gzipped:
        # Own gzip layer: tarfile's would end silently at a truncated archive, GzipFile raises.
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    try:
        archive = tarfile.open(fileobj=stream, mode="r|" if gzipped else "r|*")
    except _ARCHIVE_ERRORS as exc:
        yield Source(name, error=_describe(exc))
        return
    with archive:
        members = iter(archive)
        while True:
            try:
                info = next(members)
            except StopIteration:
                break
            except _ARCHIVE_ERRORS as exc:  # truncated or corrupt after some members
                yield Source(name, error=_describe(exc))
                return
            if not info.isfile():
                continue
            kind = _kind(info.name)
            if kind is None:
                continue
            member_name = f"{name}:{info.name}"
            if info.size > max_bytes and kind in ("xml", "zip"):
                yield Source(member_name, error=_too_large(kind, max_bytes))
                continue
            member = archive.extractfile(info)
            if member is None:
                continue
            # A tar member read as a stream claims to be seekable but cannot seek backwards.
            yield from _stream(_Unseekable(member), member_name, kind, max_bytes, depth + 1)
    if gzipped:
        try:  # read up to the gzip trailer: detects truncation and checks the CRC
            while stream.read(1024 * 1024):
                pass
        except _ARCHIVE_ERRORS as exc:
            yield Source(name, error=_describe(exc))


def _too_large(kind: str, max_bytes: int) -> str:
    return _too_large_zip(max_bytes) if kind == "zip" else f"larger than {max_bytes} bytes, skipped"


def _too_large_zip(max_bytes: int) -> str:
    return f"nested zip larger than {max_bytes} bytes, skipped"


def _copy(f: IO[bytes], target: IO[bytes], max_bytes: int) -> bool:
    """Copy ``f`` to ``target``, at most ``max_bytes``; False when ``f`` holds more."""
    left = max_bytes + 1
    while left > 0 and (chunk := f.read(min(1024 * 1024, left))):
        target.write(chunk)
        left -= len(chunk)
    return left > 0


class _Prefixed:
    """A stream whose first bytes were already read (to sniff compression)."""

    __slots__ = ("_f", "_head")

    def __init__(self, head: bytes, f: IO[bytes]) -> None:
        self._head = head
        self._f = f

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._f.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._f.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        if len(data) < size:
            data += self._f.read(size - len(data))
        return data


class _Unseekable:
    """Hide ``seek`` of a zip member so nested zips are spooled instead of re-decompressed."""

    __slots__ = ("_f",)

    def __init__(self, f: IO[bytes]) -> None:
        self._f = f

    def read(self, size: int = -1) -> bytes:
        return self._f.read(size)

    def seekable(self) -> bool:
        return False
