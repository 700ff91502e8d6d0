"""Open a PDF with pypdf: the one place that knows which errors mean "damaged".

Used by the upload validator (core.validators) and by publications.pdf (facts of a stored PDF);
each turns the two exceptions into its own message.
"""

from __future__ import annotations

import io


class PdfEncrypted(Exception):
    """The PDF needs a password."""


class PdfDamaged(Exception):
    """pypdf cannot read the file."""


def count_pages(data: bytes) -> int:
    """The number of pages of the PDF ``data`` (0 for none); raises ``PdfEncrypted`` or
    ``PdfDamaged``."""
    # Imported here, not at the top: pypdf takes about a second to import, and every process
    # loads the modules that call this with the models; only uploads and the demo loader read PDFs.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfEncrypted
        return len(reader.pages)
    except PdfEncrypted:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
        NotImplementedError,
    ) as exc:
        raise PdfDamaged from exc
