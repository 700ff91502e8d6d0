"""Upload validation: allow-listed extension, size limit, sniffed content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from reportlab.pdfgen import canvas

from beschaffungsallianz.core.validators import validate_upload


def make_pdf(pages=1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def error_code(exc_info):
    return exc_info.value.code


def test_real_pdf_is_accepted_and_rewound():
    file = upload("flyer.pdf", make_pdf(3))
    validate_upload(file)
    assert file.read(5) == b"%PDF-"


def test_extension_check_is_case_insensitive():
    validate_upload(upload("FLYER.PDF", make_pdf()))


def test_extension_not_allowed_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("tool.exe", b"MZ\x90\x00"))
    assert error_code(exc_info) == "extension"


def test_odt_is_rejected_when_only_pdf_is_allowed():
    content = make_zip([("mimetype", b"application/vnd.oasis.opendocument.text")])
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("antrag.odt", content), allowed=("pdf",))
    assert error_code(exc_info) == "extension"


def test_html_disguised_as_pdf_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", b"<!DOCTYPE html><script>alert(1)</script>"))
    assert error_code(exc_info) == "markup"


def test_svg_disguised_as_pdf_is_rejected():
    content = b'\xef\xbb\xbf  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", content))
    assert error_code(exc_info) == "markup"


def test_fake_pdf_with_wrong_magic_bytes_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", b"GIF89a not a pdf at all"))
    assert error_code(exc_info) == "content"


def test_pdf_header_with_garbage_body_is_rejected_as_damaged():
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50))
    assert error_code(exc_info) == "damaged"


def test_truncated_pdf_is_rejected():
    content = make_pdf(2)
    with pytest.raises(ValidationError):
        validate_upload(upload("flyer.pdf", content[: len(content) // 3]))


def test_oversize_file_is_rejected_with_limit_in_message():
    content = make_pdf()
    with translation.override("en"), pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", content), max_bytes=len(content) - 1)
    assert error_code(exc_info) == "size"
    assert "maximum" in exc_info.value.messages[0]


def test_default_limit_comes_from_settings(settings):
    settings.PUBLIC_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", make_pdf()))
    assert error_code(exc_info) == "size"


def test_empty_file_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", b""))
    assert error_code(exc_info) == "empty"


def test_message_is_german_by_default():
    with translation.override("de"), pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("flyer.pdf", b"<html></html>"))
    assert "Webseite" in exc_info.value.messages[0]


def test_odt_with_right_mimetype_is_accepted():
    content = make_zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ]
    )
    validate_upload(upload("antrag.odt", content), allowed=("pdf", "odt"))


def test_odt_with_spreadsheet_mimetype_is_rejected():
    content = make_zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")])
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("antrag.odt", content), allowed=("odt",))
    assert error_code(exc_info) == "content"


def test_plain_zip_renamed_to_odt_is_rejected():
    content = make_zip([("readme.txt", b"hello")])
    with pytest.raises(ValidationError):
        validate_upload(upload("antrag.odt", content), allowed=("odt",))


def test_docx_with_content_types_is_accepted():
    content_types = (
        b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types), ("word/document.xml", b"<w/>")])
    validate_upload(upload("antrag.docx", content), allowed=("docx",))


def test_docx_with_macros_is_rejected():
    content_types = (
        b'<Types><Override ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types), ("word/vbaProject.bin", b"x")])
    with pytest.raises(ValidationError) as exc_info:
        validate_upload(upload("antrag.docx", content), allowed=("docx",))
    assert error_code(exc_info) == "macros"


def test_xlsx_claiming_to_be_docx_is_rejected():
    content_types = (
        b'<Types><Override ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    content = make_zip([("[Content_Types].xml", content_types)])
    validate_upload(upload("tabelle.xlsx", content), allowed=("xlsx",))
    with pytest.raises(ValidationError):
        validate_upload(upload("tabelle.docx", content), allowed=("docx",))


def test_zip_bomb_is_rejected():
    content = make_zip(
        [("mimetype", b"application/vnd.oasis.opendocument.text"), ("big.xml", b"0" * 5_000_000)]
    )
    with pytest.raises(ValidationError):
        validate_upload(upload("antrag.odt", content), allowed=("odt",), max_bytes=10**8)


def test_csv_text_is_accepted_and_binary_rejected():
    validate_upload(upload("daten.csv", "Name;Ort\nÄmter;Erfurt\n".encode()), allowed=("csv",))
    with pytest.raises(ValidationError):
        validate_upload(upload("daten.csv", b"a;b\x00\x01"), allowed=("csv",))


def test_unknown_extension_in_allow_list_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(upload("bild.png", b"\x89PNG"), allowed=("png",))
