"""The library's demo: the page and about 20 published link entries, idempotent, and every
fact taken from the reference data (tests/data, copies of ../shared/data): no invented
address, title or year."""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest

from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.library import demo
from beschaffungsallianz.library.models import Kind, LibraryEntry, LibraryIndexPage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SOURCES = "\n".join(
    path.read_text(encoding="utf-8")
    for path in (
        DATA / "state-laws.csv",
        DATA / "practice-examples.csv",
        DATA / "state-laws-notes.md",
    )
)


def _load(home):
    out = StringIO()
    demo.load_demo(out)
    return out.getvalue()


def test_the_demo_makes_the_page_and_about_twenty_published_entries_once(home):
    load_reference_data()

    first = _load(home)
    second = _load(home)

    assert LibraryIndexPage.objects.live().get().url_path.endswith("/informationsangebote/")
    entries = LibraryEntry.objects.all()
    assert 18 <= entries.count() <= 25
    assert all(entry.live and not entry.is_sample for entry in entries)
    assert {entry.kind for entry in entries} >= {Kind.LEGAL, Kind.GUIDE, Kind.PRACTICE}
    assert "entries created" in first and "0 entries created" in second


def test_every_demo_address_is_named_in_the_reference_data():
    for slug, _kind, _title, _publisher, _year, url, *_rest in demo.ENTRIES:
        if url == "https://github.com/OP-TED/eForms-SDK":
            assert "Repository `OP-TED/eForms-SDK`" in (DATA / "SOURCES.md").read_text()
        else:
            assert url in SOURCES, slug


def test_practice_examples_keep_the_title_and_year_of_their_row():
    with open(DATA / "practice-examples.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_url = {}
    for row in rows:
        by_url.setdefault(row["source_url"], []).append(row)
    for slug, kind, title, _publisher, year, url, *_rest in demo.ENTRIES:
        if kind != Kind.PRACTICE:
            continue
        assert any(row["title_de"] == title and row["year"] == str(year) for row in by_url[url]), (
            slug
        )


def test_every_date_in_a_comment_is_in_the_reference_data():
    """Law dates ("Gesetz vom 22.03.2018 (GV. NRW. S. 172)") and source dates are copied."""
    for slug, *_fields, comment in demo.ENTRIES:
        for day, month, year in re.findall(r"(\d{2})\.(\d{2})\.(\d{4})", comment):
            german, iso = f"{day}.{month}.{year}", f"{year}-{month}-{day}"
            assert german in SOURCES or iso in SOURCES, (slug, german)
        for gazette in re.findall(r"\(GV[^)]*\)", comment):
            assert gazette.strip("()") in SOURCES, (slug, gazette)
