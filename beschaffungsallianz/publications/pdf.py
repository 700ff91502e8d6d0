"""Facts read from a PDF file itself: page count, size, a cover thumbnail of page 1.

Nothing here is typed in by hand. Broken files raise ``PdfReadError`` with a readable message;
callers decide whether that is a form error (uploads) or a logged warning (saving a model).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beschaffungsallianz.core.pdf import PdfDamaged, PdfEncrypted, count_pages

logger = logging.getLogger(__name__)

COVER_WIDTH_PX = 480


class PdfReadError(Exception):
    """The file is not a PDF that can be read (damaged, encrypted, empty)."""


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    file_size: int


def _read_bytes(source) -> bytes:
    """Accept bytes, a path, a Django ``File``/``FieldFile`` or any binary file object."""
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str):
        with open(source, "rb") as handle:
            return handle.read()
    if hasattr(source, "open") and getattr(source, "closed", True):
        source.open("rb")
    try:
        source.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    data = source.read()
    try:
        source.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    return data


def read_pdf_info(source) -> PdfInfo:
    """Page count and size in bytes of a PDF. Raises ``PdfReadError`` if it cannot be read."""
    try:
        data = _read_bytes(source)
    except OSError as exc:
        raise PdfReadError(_("The PDF file could not be opened.")) from exc
    if not data.startswith(b"%PDF-"):
        raise PdfReadError(_("The file is not a PDF."))
    try:
        page_count = count_pages(data)
    except PdfEncrypted:
        raise PdfReadError(_("The PDF is protected by a password.")) from None
    except PdfDamaged as exc:
        raise PdfReadError(_("The PDF file is damaged and cannot be read.")) from exc
    if page_count < 1:
        raise PdfReadError(_("The PDF has no pages."))
    return PdfInfo(page_count=page_count, file_size=len(data))


@dataclass(frozen=True)
class Cover:
    png: bytes
    width: int
    height: int


def render_cover_png(source, width: int = COVER_WIDTH_PX) -> Cover:
    """PNG of page 1, ``width`` pixels wide. Raises ``PdfReadError`` if it cannot be rendered."""
    import pypdfium2 as pdfium  # here, not at the top: a native library, needed for covers only

    try:
        data = _read_bytes(source)
        document = pdfium.PdfDocument(data)
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise PdfReadError(_("The PDF file is damaged and cannot be read.")) from exc
    try:
        if len(document) < 1:
            raise PdfReadError(_("The PDF has no pages."))
        page = document[0]
        scale = width / page.get_width()
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return Cover(png=buffer.getvalue(), width=image.width, height=image.height)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(_("The PDF file is damaged and cannot be read.")) from exc
    finally:
        document.close()


def format_file_size(size: int | None) -> str:
    """German-style file size: ``41 KB``, ``1,2 MB`` (binary units, like file managers)."""
    if size is None:
        return ""
    if size < 1024:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": number_format(round(size / 1024))}
    return _("%(size)s MB") % {"size": number_format(size / (1024 * 1024), decimal_pos=1)}


def format_pdf_facts(page_count: int | None, file_size: int | None) -> str:
    """``6 Seiten, PDF, 41 KB`` – what a reader needs to know before downloading."""
    parts = []
    if page_count:
        parts.append(
            ngettext("%(count)s page", "%(count)s pages", page_count) % {"count": page_count}
        )
    parts.append("PDF")
    if file_size:
        parts.append(format_file_size(file_size))
    return ", ".join(parts)
