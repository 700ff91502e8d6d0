"""Upload validation shared by every form that accepts files.

``validate_upload`` checks three things, in this order, and raises a ``ValidationError`` with a
clear message on the first failure:

1. the file name's extension is on the allow-list,
2. the file is not larger than the size limit,
3. the content really is what the extension claims (sniffed, not trusted from the browser):
   a PDF starts with ``%PDF-`` and opens with pypdf; ODF files are ZIP archives whose first
   member ``mimetype`` names the right type; OOXML files are ZIP archives whose
   ``[Content_Types].xml`` declares the right main part (no macros); CSV and plain text are
   text without NUL bytes. HTML, SVG and scripts dressed up with another extension are refused.

The file's read position is restored to the start afterwards, so it can be saved as usual.
"""

from __future__ import annotations

import io
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from beschaffungsallianz.core.pdf import PdfDamaged, PdfEncrypted, count_pages

ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
TEXT_EXTENSIONS = {"csv", "txt"}
SUPPORTED_EXTENSIONS = {"pdf", *ODF_MIMETYPES, *OOXML_MAIN_TYPES, *TEXT_EXTENSIONS}

# Markup that must never arrive disguised as a document (browsers would render it as a page).
MARKUP_PREFIXES = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"<a ",
    b"<img",
    b"<div",
    b"<!--",
)
# A ZIP archive may expand to at most this many times its own size (zip bombs).
MAX_ZIP_RATIO = 100
SNIFF_BYTES = 2048


def file_extension(name: str | None) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def validate_upload(file, allowed=("pdf",), max_bytes: int | None = None) -> None:
    """Validate an uploaded file (Django ``File``/``UploadedFile``). Raises ``ValidationError``.

    ``allowed`` is a tuple of extensions without dots; ``max_bytes`` defaults to
    ``settings.PUBLIC_UPLOAD_MAX_BYTES``.
    """
    if max_bytes is None:
        max_bytes = settings.PUBLIC_UPLOAD_MAX_BYTES
    allowed = tuple(ext.lower().lstrip(".") for ext in allowed)
    unknown = set(allowed) - SUPPORTED_EXTENSIONS
    if unknown:
        raise ValueError(f"No content check for extensions: {sorted(unknown)}")

    extension = file_extension(getattr(file, "name", ""))
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Allowed: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(e.upper() for e in allowed)},
            code="extension",
        )

    size = _size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The maximum is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="size",
        )

    try:
        _sniff(file, extension)
    finally:
        _rewind(file)


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        pos = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(pos)
    return size


def _rewind(file) -> None:
    try:
        file.seek(0)
    except (AttributeError, OSError, ValueError):
        pass


def _read_all(file) -> bytes:
    file.seek(0)
    return file.read()


def _head(file) -> bytes:
    file.seek(0)
    return file.read(SNIFF_BYTES)


def looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(MARKUP_PREFIXES)


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _(
            "The content of the file is not a valid %(extension)s file. "
            "Please upload the original document."
        )
        % {"extension": extension.upper()},
        code="content",
    )


def _sniff(file, extension: str) -> None:
    head = _head(file)
    if looks_like_markup(head):
        raise ValidationError(
            _("The file contains a web page or script, not a document. It was not accepted."),
            code="markup",
        )
    if extension == "pdf":
        _check_pdf(file, head)
    elif extension in ODF_MIMETYPES or extension in OOXML_MAIN_TYPES:
        _check_zip_document(file, head, extension)
    elif extension in TEXT_EXTENSIONS:
        _check_text(file, extension)


def _check_pdf(file, head: bytes) -> None:
    if not head.startswith(b"%PDF-"):
        raise _mismatch("pdf")
    try:
        file.seek(0)
        page_count = count_pages(file.read())
    except PdfEncrypted:
        raise ValidationError(
            _("The PDF is protected by a password. Please upload it without protection."),
            code="encrypted",
        ) from None
    except (PdfDamaged, OSError, ValueError) as exc:  # reading the upload failed: damaged too
        raise ValidationError(
            _("The PDF file is damaged and cannot be opened."), code="damaged"
        ) from exc
    if page_count < 1:
        raise _mismatch("pdf")


def _check_zip_document(file, head: bytes, extension: str) -> None:
    if not head.startswith(b"PK\x03\x04"):
        raise _mismatch(extension)
    try:
        file.seek(0)
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
        total = sum(info.file_size for info in archive.infolist())
        if total > MAX_ZIP_RATIO * max(_size(file), 1):
            raise _mismatch(extension)
        names = archive.namelist()
        if extension in ODF_MIMETYPES:
            if not names or names[0] != "mimetype":
                raise _mismatch(extension)
            if archive.read("mimetype").strip() != ODF_MIMETYPES[extension].encode():
                raise _mismatch(extension)
        else:
            if "[Content_Types].xml" not in names:
                raise _mismatch(extension)
            content_types = archive.read("[Content_Types].xml")
            if OOXML_MAIN_TYPES[extension].encode() not in content_types:
                raise _mismatch(extension)
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(_("Documents with macros are not accepted."), code="macros")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as exc:
        raise _mismatch(extension) from exc


def _check_text(file, extension: str) -> None:
    data = _read_all(file)
    if b"\x00" in data:
        raise _mismatch(extension)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _mismatch(extension) from exc
