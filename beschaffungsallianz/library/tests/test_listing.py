"""/informationsangebote/: filters with counts per value, full text with German stemming,
sorting, pagination, the detail page, the Atom feed and the downloads (CSV, XLSX)."""

import csv
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.library.models import Kind, LibraryEntry
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory
from beschaffungsallianz.publications.tests.factories import DocumentFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db

URL = "/informationsangebote/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def entries(index):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    it = ProductGroupFactory(slug="it-hardware", name="IT-Hardware")
    return {
        "guide_textiles": LibraryEntryFactory(
            title="Leitfäden für faire Dienstkleidung",
            slug="leitfaden-kleidung",
            kind=Kind.GUIDE,
            year=2020,
            publisher="Umweltbundesamt",
            product_groups=[textiles],
            stages=["award"],
        ),
        "guide_it": LibraryEntryFactory(
            title="Nachhaltige IT beschaffen",
            slug="it",
            kind=Kind.GUIDE,
            year=2021,
            publisher="Land Berlin",
            product_groups=[it],
            stages=["specification"],
        ),
        "law": LibraryEntryFactory(
            title="Vergabegesetze der Länder",
            slug="gesetze",
            kind=Kind.LEGAL,
            year=2021,
            publisher="Land Berlin",
            product_groups=[textiles],
        ),
        "draft": LibraryEntryFactory(
            title="Entwurf eines Leitfadens", slug="entwurf", kind=Kind.LEGAL, live=False
        ),
    }


def _slugs(response):
    return [entry.slug for entry in response.context["page_obj"].object_list]


def test_a_filter_narrows_the_list_and_every_value_shows_its_count(client, entries):
    response = client.get(URL, {"art": "leitfaden"})

    assert response.status_code == 200
    assert sorted(_slugs(response)) == ["it", "leitfaden-kleidung"]
    counts = response.context["result"].counts
    # A facet's own filter is not applied to its counts; the others are.
    assert counts["kind"] == {"leitfaden": 2, "rechtsgrundlage": 1}
    assert counts["product_group"] == {"textilien": 1, "it-hardware": 1}
    assert counts["year"] == {2020: 1, 2021: 1}
    assert counts["publisher"] == {"Umweltbundesamt": 1, "Land Berlin": 1}
    assert counts["stage"] == {"award": 1, "specification": 1}
    assert_contains(
        response.content.decode(),
        '<option value="leitfaden" selected>Leitfaden (2)</option>',
        "Rechtsgrundlage (1)",
        "Textilien (1)",
        "2 Einträge",
    )


def test_filters_combine_and_drafts_are_never_counted(client, entries):
    response = client.get(
        URL, {"produktgruppe": "textilien", "jahr": "2021", "herausgeber": "Land Berlin"}
    )

    assert _slugs(response) == ["gesetze"]
    assert response.context["result"].counts["kind"] == {"rechtsgrundlage": 1}
    response = client.get(URL, {"stufe": "award"})
    assert _slugs(response) == ["leitfaden-kleidung"]
    assert "entwurf" not in _slugs(client.get(URL))


@pytest.mark.parametrize(
    "query",
    [
        {"art": "broschuere"},
        {"produktgruppe": "gibt-es-nicht"},
        {"stufe": "angebot"},
        {"jahr": "1999"},
        {"herausgeber": "Niemand"},
        {"sortierung": "zufall"},
        {"q": "x" * 201},
    ],
)
def test_an_unknown_filter_value_is_a_400_with_the_error_summary_and_all_entries(
    client, entries, query
):
    response = client.get(URL, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "<title>Fehler:" in html
    assert len(_slugs(response)) == 3


@pytest.mark.parametrize(
    "q, found",
    [
        ("Leitfaden", ["it", "leitfaden-kleidung"]),  # kind "Leitfaden", title "Leitfäden"
        ("Vergabegesetz", ["gesetze"]),  # singular finds the plural
        ("Dienstkleidungen", ["leitfaden-kleidung"]),
        ("berlin it", ["it"]),  # every word must occur: publisher and title
        ("Textilien", ["gesetze", "leitfaden-kleidung"]),  # the product group's name
        ("Rechtsgrundlage", ["gesetze"]),  # the kind's German name
        ("Entwurf", []),  # drafts are not searched
        ('"*:()', ["it", "gesetze", "leitfaden-kleidung"]),  # no words: no text filter
    ],
)
def test_full_text_search_finds_every_grammatical_form(client, entries, q, found):
    response = client.get(URL, {"q": q, "sortierung": "titel"})

    assert response.status_code == 200
    assert sorted(_slugs(response)) == sorted(found)


def test_singular_and_plural_with_umlaut_find_each_other(index):
    LibraryEntryFactory(kind=Kind.LINK, title="Zwei Leitfäden", slug="plural")
    LibraryEntryFactory(kind=Kind.LINK, title="Ein Leitfaden", slug="singular")

    for q in ("Leitfaden", "leitfäden", "LEITFÄDEN"):
        found = LibraryEntry.objects.public().matching(q).values_list("slug", flat=True)
        assert sorted(found) == ["plural", "singular"], q


def test_a_draft_of_a_published_entry_is_not_searched_until_it_is_published(client, entries):
    entry = entries["guide_it"]
    entry.title = "Klimafreundliche Rechenzentren"
    entry.save_revision()  # a draft: the published title stays

    assert _slugs(client.get(URL, {"q": "Rechenzentren"})) == []
    assert _slugs(client.get(URL, {"q": "Nachhaltige"})) == ["it"]
    entry.get_latest_revision().publish()
    assert _slugs(client.get(URL, {"q": "Rechenzentren"})) == ["it"]


def test_sorting_by_title_year_and_newest(client, entries):
    by_title = _slugs(client.get(URL, {"sortierung": "titel"}))
    by_year = _slugs(client.get(URL, {"sortierung": "jahr"}))
    newest = _slugs(client.get(URL))

    assert by_title == ["leitfaden-kleidung", "it", "gesetze"]
    assert by_year == ["it", "gesetze", "leitfaden-kleidung"]  # 2021 (by title), then 2020
    assert newest == ["gesetze", "it", "leitfaden-kleidung"]  # published last first


def test_the_list_is_paginated_by_twenty(client, index):
    for number in range(21):
        LibraryEntryFactory(title=f"Eintrag {number:02d}")

    first = client.get(URL, {"sortierung": "titel"})
    second = client.get(URL, {"sortierung": "titel", "seite": "2"})

    assert len(_slugs(first)) == 20
    assert [e.title for e in second.context["page_obj"].object_list] == ["Eintrag 20"]
    assert "seite=2" in first.content.decode()


def test_detail_page_shows_the_facts_and_a_draft_is_404(client, entries):
    response = client.get(f"{URL}leitfaden-kleidung/")

    assert response.status_code == 200
    assert_contains(
        response.content.decode(),
        "Leitfäden für faire Dienstkleidung",
        "Umweltbundesamt",
        "2020",
        "Zuschlag",
        'href="https://example.org/',
        f'href="{URL}?produktgruppe=textilien"',
    )
    assert client.get(f"{URL}entwurf/").status_code == 404


def test_a_document_entry_offers_the_pdf_with_pages_and_size_read_from_the_file(client, index):
    document = DocumentFactory(content__pages=3)
    entry = LibraryEntryFactory(slug="dokument", url="", document=document)

    assert entry.page_count == 3
    assert entry.file_size == document.file.size
    html = client.get(f"{URL}dokument/").content.decode()
    assert_contains(html, "3 Seiten, PDF", document.url)


def test_atom_feed_lists_the_newest_published_entries(client, entries):
    LibraryEntryFactory(title="Musterleitfaden", slug="muster", is_sample=True)

    response = client.get(f"{URL}feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Beispiel: Musterleitfaden (Leitfaden)"
    assert len(titles) == 4 and not any("Entwurf" in t for t in titles)
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links[0].endswith("/informationsangebote/muster/")


def test_csv_download_has_every_filtered_entry(client, entries):
    response = client.get(f"{URL}csv/", {"art": "leitfaden"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["slug"] for row in rows) == ["it", "leitfaden-kleidung"]
    row = next(r for r in rows if r["slug"] == "leitfaden-kleidung")
    assert row["product_groups"] == "textilien"
    assert row["stages"] == "award"
    assert row["url"] == "http://testserver/informationsangebote/leitfaden-kleidung/"


def test_xlsx_download_opens_as_a_spreadsheet(client, entries):
    response = client.get(f"{URL}xlsx/")

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.cell(1, 1).value == "slug"
    assert sorted(sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)) == [
        "gesetze",
        "it",
        "leitfaden-kleidung",
    ]


def test_a_download_with_an_unknown_filter_is_a_400(client, entries):
    assert client.get(f"{URL}csv/", {"art": "quatsch"}).status_code == 400


def test_public_queryset_is_what_the_site_search_can_plug_in(entries):
    found = LibraryEntry.objects.public().matching("Vergabegesetz")
    assert list(found.values_list("slug", flat=True)) == ["gesetze"]
    assert LibraryEntry.objects.public().matching("Entwurf").count() == 0
