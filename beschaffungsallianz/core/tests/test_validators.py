"""Upload validation: allow-listed extension, size limit, sniffed content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from beschaffungsallianz.core.validators import validate_upload
from beschaffungsallianz.publications.tests.factories import pdf_bytes


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def rejection(name, content, **options) -> ValidationError:
    """The ValidationError ``validate_upload`` raises for the file (the test fails without)."""
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload(name, content), **options)
    return exc_info.value


def assert_accepted(name, content, **options):
    """``validate_upload`` lets the file through (no ValidationError) and leaves it ready to be
    saved: read position at the start, every byte still there."""
    file = upload(name, content)
    file.read(7)  # a form may have looked at the file before
    validate_upload(file, **options)
    assert file.tell() == 0
    assert file.read() == content


def test_real_pdf_is_accepted_and_rewound():
    assert_accepted("flyer.pdf", pdf_bytes(3))


def test_extension_check_is_case_insensitive():
    assert_accepted("FLYER.PDF", pdf_bytes())
    assert_accepted("flyer.pdf", pdf_bytes(), allowed=("PDF",))


def test_extension_not_allowed_is_rejected():
    assert rejection("tool.exe", b"MZ\x90\x00").code == "extension"


def test_odt_is_rejected_when_only_pdf_is_allowed():
    content = make_zip([("mimetype", b"application/vnd.oasis.opendocument.text")])
    assert rejection("antrag.odt", content, allowed=("pdf",)).code == "extension"


def test_html_disguised_as_pdf_is_rejected():
    assert rejection("flyer.pdf", b"<!DOCTYPE html><script>alert(1)</script>").code == "markup"


def test_svg_disguised_as_pdf_is_rejected():
    content = b'\xef\xbb\xbf  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    assert rejection("flyer.pdf", content).code == "markup"


def test_fake_pdf_with_wrong_magic_bytes_is_rejected():
    assert rejection("flyer.pdf", b"GIF89a not a pdf at all").code == "content"


def test_pdf_header_with_garbage_body_is_rejected_as_damaged():
    assert rejection("flyer.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50).code == "damaged"


def test_truncated_pdf_is_rejected():
    content = pdf_bytes(2)
    assert rejection("flyer.pdf", content[: len(content) // 3]).code == "damaged"


def test_oversize_file_is_rejected_with_limit_in_message():
    content = pdf_bytes()
    with translation.override("en"):
        error = rejection("flyer.pdf", content, max_bytes=len(content) - 1)
    assert error.code == "size"
    assert "maximum" in error.messages[0]


def test_default_limit_comes_from_settings(settings):
    settings.PUBLIC_UPLOAD_MAX_BYTES = 100
    assert rejection("flyer.pdf", pdf_bytes()).code == "size"


def test_empty_file_is_rejected():
    assert rejection("flyer.pdf", b"").code == "empty"


def test_message_is_german_by_default():
    with translation.override("de"):
        assert "Webseite" in rejection("flyer.pdf", b"<html></html>").messages[0]


def test_odt_with_right_mimetype_is_accepted():
    content = make_zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ]
    )
    assert_accepted("antrag.odt", content, allowed=("pdf", "odt"))


def test_odt_with_spreadsheet_mimetype_is_rejected():
    content = make_zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")])
    assert rejection("antrag.odt", content, allowed=("odt",)).code == "content"


def test_plain_zip_renamed_to_odt_is_rejected():
    content = make_zip([("readme.txt", b"hello")])
    assert rejection("antrag.odt", content, allowed=("odt",)).code == "content"


def test_docx_with_content_types_is_accepted():
    content_types = (
        b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types), ("word/document.xml", b"<w/>")])
    assert_accepted("antrag.docx", content, allowed=("docx",))


def test_docx_with_macros_is_rejected():
    content_types = (
        b'<Types><Override ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types), ("word/vbaProject.bin", b"x")])
    assert rejection("antrag.docx", content, allowed=("docx",)).code == "macros"


def test_xlsx_claiming_to_be_docx_is_rejected():
    content_types = (
        b'<Types><Override ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types)])
    assert_accepted("tabelle.xlsx", content, allowed=("xlsx",))
    assert rejection("tabelle.docx", content, allowed=("docx",)).code == "content"


def test_zip_bomb_is_rejected():
    content = make_zip(
        [("mimetype", b"application/vnd.oasis.opendocument.text"), ("big.xml", b"0" * 5_000_000)]
    )
    assert rejection("antrag.odt", content, allowed=("odt",), max_bytes=10**8).code == "content"


def test_csv_text_is_accepted_and_binary_rejected():
    assert_accepted("daten.csv", "Name;Ort\nÄmter;Erfurt\n".encode(), allowed=("csv",))
    assert rejection("daten.csv", b"a;b\x00\x01", allowed=("csv",)).code == "content"


def test_unknown_extension_in_allow_list_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(upload("bild.png", b"\x89PNG"), allowed=("png",))
