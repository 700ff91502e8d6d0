"""Facts read from the PDF itself: page count, size, cover; robust to broken files."""

import io

import pytest
from django.utils import translation
from PIL import Image

from beschaffungsallianz.publications import pdf
from beschaffungsallianz.publications.demo import PUBLICATIONS, _publication_pages, build_pdf
from beschaffungsallianz.publications.tests.factories import pdf_bytes


@pytest.mark.parametrize("pages", [1, 6, 8])
def test_page_count_and_size_are_read_from_the_file(pages):
    data = pdf_bytes(pages)
    info = pdf.read_pdf_info(data)
    assert info.page_count == pages
    assert info.file_size == len(data)


@pytest.mark.parametrize("spec", PUBLICATIONS, ids=lambda spec: spec["kind"])
def test_demo_pdfs_have_the_stated_page_counts(spec):
    data = build_pdf(
        spec["title"], _publication_pages(spec["title"], spec["topics"]), pagesize=spec["pagesize"]
    )
    expected = {"flyer": 6, "brochure": 8, "booklet": 12}[spec["kind"]]
    assert pdf.read_pdf_info(data).page_count == expected


def test_demo_pdfs_are_marked_as_samples_on_every_page():
    from pypdf import PdfReader

    spec = PUBLICATIONS[0]
    data = build_pdf(spec["title"], _publication_pages(spec["title"], spec["topics"]))
    for page in PdfReader(io.BytesIO(data)).pages:
        assert "Beispiel / Musterdokument" in page.extract_text()


def test_reads_from_a_file_object_and_rewinds_it():
    handle = io.BytesIO(pdf_bytes(3))
    assert pdf.read_pdf_info(handle).page_count == 3
    assert handle.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><body>not a pdf</body></html>",
        b"%PDF-1.4\n" + b"\x00\xff garbage " * 100,
        pdf_bytes(2)[:300],
    ],
    ids=["empty", "html", "garbage", "truncated"],
)
def test_broken_pdf_raises_a_readable_error(data):
    with pytest.raises(pdf.PdfReadError) as exc_info:
        pdf.read_pdf_info(data)
    assert str(exc_info.value)


def test_cover_is_a_png_of_page_one():
    cover = pdf.render_cover_png(pdf_bytes(2), width=200)
    image = Image.open(io.BytesIO(cover.png))
    assert image.format == "PNG"
    assert (image.width, image.height) == (cover.width, cover.height)
    assert image.width == 200
    assert image.height > image.width  # portrait A4/Letter


def test_cover_of_broken_pdf_raises_readable_error():
    with pytest.raises(pdf.PdfReadError):
        pdf.render_cover_png(b"%PDF-1.4 broken")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (512, "512 Bytes"),
        (41 * 1024 + 100, "41 KB"),
        (int(1.25 * 1024 * 1024), "1,2 MB"),
    ],
)
def test_file_size_is_formatted_the_german_way(size, expected):
    with translation.override("de"):
        assert pdf.format_file_size(size) == expected


def test_pdf_facts_in_german_and_english():
    with translation.override("de"):
        assert pdf.format_pdf_facts(6, 41 * 1024) == "6 Seiten, PDF, 41 KB"
        assert pdf.format_pdf_facts(1, 900) == "1 Seite, PDF, 900 Bytes"
    with translation.override("en"):
        assert pdf.format_pdf_facts(6, 41 * 1024) == "6 pages, PDF, 41 KB"
    assert pdf.format_pdf_facts(None, None) == "PDF"
