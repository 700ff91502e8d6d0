"""Public practice-example pages, CSV, feed and API: personas, content, bad input."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile

from beschaffungsallianz.core.tests.spreadsheets import assert_same_rows, csv_dicts, xlsx_rows
from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.knowledge.models import TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    build_site,
)
from conftest import assert_contains

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_data():
    pages = build_site()
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    label = LabelFactory(slug="fair-wear", name="Fair Wear Foundation")
    ilo = CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen")
    example = PracticeExampleFactory(
        slug="kleidung",
        title="Dienstkleidung für den Bauhof",
        state="TH",
        product_groups=[textiles],
        labels=[label],
        criteria=[(ilo, TenderStage.PERFORMANCE)],
        notice_number="123456-2024",
        contact_name="Erika Muster",
        contact_email="erika@example.org",
        contact_consent=False,
        what_worked="Marktdialog vorab.",
    )
    PracticeExampleFactory(
        slug="kleidung-by",
        title="Arbeitskleidung in Bayern",
        state="BY",
        product_groups=[textiles],
        is_demo=False,
    )
    PracticeExampleFactory(slug="entwurf", title="Entwurf", live=False)
    return pages, example


URLS = [
    "/praxisbeispiele/",
    "/praxisbeispiele/?land=TH&produktgruppe=textilien",
    "/praxisbeispiele/kleidung/",
    "/praxisbeispiele/csv/",
    "/praxisbeispiele/xlsx/",
    "/praxisbeispiele/feed/",
    "/api/v1/examples",
    "/api/v1/examples/kleidung",
    "/api/v1/product-groups",
    "/api/v1/labels",
    "/api/v1/criteria",
    "/api/v1/state-laws",
    "/api/v1/licence",
    "/en/praxisbeispiele/",
]


@pytest.mark.parametrize("url", URLS)
def test_public_views_are_open_to_every_persona(site_data, persona, url):
    _name, client = persona
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/praxisbeispiele/entwurf/", "/api/v1/examples/entwurf"])
def test_drafts_are_not_public_for_any_persona(site_data, persona, url):
    _name, client = persona
    assert client.get(url).status_code == 404


def test_index_filters_and_shows_counts(site_data, client):
    html = client.get("/praxisbeispiele/?land=TH&produktgruppe=textilien").content.decode()
    assert "Dienstkleidung für den Bauhof" in html
    assert "Arbeitskleidung in Bayern" not in html
    # live counts: the state select counts with the product group filter applied
    assert "Bayern (1)" in html and "Thüringen (1)" in html
    assert 'name="land" data-autosubmit' in html and 'type="submit"' in html


def test_index_searches_with_stemming_and_compound_heads(site_data, client):
    html = client.get("/praxisbeispiele/?q=Dienstkleidungen").content.decode()
    unrelated = client.get("/praxisbeispiele/?q=Bauhof").content.decode()

    assert "Dienstkleidung für den Bauhof" in html  # stemming
    assert "Arbeitskleidung in Bayern" in html  # the compound head "Kleidung" (issue 11)
    assert "Arbeitskleidung in Bayern" not in unrelated


def test_zero_results_give_guidance(site_data, client):
    html = client.get("/praxisbeispiele/?land=BY&q=Bauhof").content.decode()
    assert "/praxisbeispiele/?q=Bauhof" in html  # link that drops the state filter


def test_demo_examples_carry_the_sample_badge(site_data, client):
    html = client.get("/praxisbeispiele/kleidung/").content.decode()
    assert "kern-badge--warning" in html


def test_detail_shows_everything(site_data, client):
    _pages, example = site_data
    html = client.get("/praxisbeispiele/kleidung/").content.decode()
    assert "Musterstadt" in html and "ILO-Kernarbeitsnormen" in html
    assert_contains(
        html,
        "§ 128 Abs. 2 GWB, § 61 VgV",  # legal basis of the stage
        "https://ted.europa.eu/de/notice/-/detail/123456-2024",
        'href="/guetezeichen/fair-wear/"',  # label links to its page
        "Marktdialog vorab.",
        "/praxisbeispiele/kleidung-by/",  # related: same group, other state
    )


def _links_to(html: bytes, href: str, scope: str = "main") -> list[str]:
    """Texts of the links to ``href`` inside the element ``scope`` (a CSS selector)."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        link.get_text(" ", strip=True)
        for area in soup.select(scope)
        for link in area.select(f'a[href="{href}"]')
    ]


PROPOSE = "/praxisbeispiele/vorschlagen/"


def test_examples_list_links_to_the_proposal_form(site_data, client):
    html = client.get("/praxisbeispiele/").content
    assert _links_to(html, PROPOSE) == ["Praxisbeispiel vorschlagen"]


@pytest.mark.parametrize("slug", ["kleidung", "kleidung-by"])
def test_every_example_page_links_to_the_proposal_form(site_data, client, slug):
    html = client.get(f"/praxisbeispiele/{slug}/").content
    assert _links_to(html, PROPOSE) == ["Praxisbeispiel vorschlagen"]


@pytest.mark.parametrize(
    "query",
    [
        "?q=Zauberw%C3%BCrfel",  # no relaxation brings anything back
        "?land=BE&produktgruppe=textilien",  # dropping a filter would
    ],
)
def test_zero_result_guidance_links_to_the_proposal_form(site_data, client, query):
    html = client.get(f"/praxisbeispiele/{query}").content
    assert "Kein Praxisbeispiel passt zu allen Ihren Filtern." in html.decode()
    assert _links_to(html, PROPOSE, "#no-results") == ["Schlagen Sie es vor"]


def test_english_page_offers_the_proposal_form_in_english(site_data, client):
    """No English translation of the index page here: the link goes to the page's own route."""
    html = client.get("/en/praxisbeispiele/kleidung/").content
    assert _links_to(html, PROPOSE) == ["Propose a practice example"]


def test_contact_is_shown_only_with_consent(site_data, client):
    _pages, example = site_data
    assert "erika@example.org" not in client.get("/praxisbeispiele/kleidung/").content.decode()
    assert client.get("/api/v1/examples/kleidung").json()["contact"] is None
    example.contact_consent = True
    example.save()
    assert "erika@example.org" in client.get("/praxisbeispiele/kleidung/").content.decode()
    assert client.get("/api/v1/examples/kleidung").json()["contact"]["name"] == "Erika Muster"


def test_documents_are_downloaded_through_django(site_data, client):
    from beschaffungsallianz.core.models import CustomDocument
    from beschaffungsallianz.knowledge.models import PracticeDocument

    _pages, example = site_data
    document = CustomDocument(title="Leistungsbeschreibung")
    document.file.save("lb.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    PracticeDocument.objects.create(example=example, document=document)
    html = client.get("/praxisbeispiele/kleidung/").content.decode()
    assert f"/documents/{document.pk}/lb" in html


def test_csv_has_the_same_filters(site_data, client):
    rows = csv_dicts(client.get("/praxisbeispiele/csv/?land=TH"))
    assert [r["slug"] for r in rows] == ["kleidung"]
    assert rows[0]["criteria"] == "ilo@performance" and rows[0]["demo"] == "ja"


def test_csv_neutralises_formulas(site_data, client):
    PracticeExampleFactory(slug="formel", title="=HYPERLINK(1)", state="HB")
    response = client.get("/praxisbeispiele/csv/?land=HB")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_xlsx_holds_the_rows_of_the_csv_escaped_and_typed(site_data, client):
    PracticeExampleFactory(
        slug="formel", title="=cmd", buyer_name="Stadt Mühlhausen", state="HB", year=2024
    )
    header, row = assert_same_rows(
        client, "/praxisbeispiele/csv/", "/praxisbeispiele/xlsx/", land="HB"
    )
    assert dict(zip(header, row, strict=True))["title"] == "'=cmd"
    response = client.get("/praxisbeispiele/xlsx/", {"land": "HB"})
    assert 'filename="praxisbeispiele-' in response["Content-Disposition"]
    _header, cells = xlsx_rows(response)
    typed = dict(zip(header, cells, strict=True))
    assert typed["title"] == "'=cmd" and typed["buyer"] == "Stadt Mühlhausen"
    assert typed["year"] == 2024


def test_listing_links_both_downloads_with_its_filters(site_data, client):
    html = client.get("/praxisbeispiele/?land=TH&seite=1").content.decode()
    assert 'href="/praxisbeispiele/csv/?land=TH"' in html
    assert 'href="/praxisbeispiele/xlsx/?land=TH"' in html
    assert "Als Tabelle herunterladen (Excel, XLSX)" in html
    english = client.get("/en/praxisbeispiele/").content.decode()
    assert "Download as a spreadsheet (Excel, XLSX)" in english


def test_feed_lists_published_examples(site_data, client):
    body = client.get("/praxisbeispiele/feed/").content.decode()
    assert "<feed" in body and "Dienstkleidung für den Bauhof" in body and "Entwurf" not in body
    assert "CC BY 4.0" in body


@pytest.mark.parametrize(
    "query",
    [
        "land=XX",
        "produktgruppe=nix",
        "jahr=zwanzig",
        "art=%00",
        "sortierung=zufall",
        "q=" + "x" * 201,
        "stufe=award%00",
    ],
)
def test_bad_filters_on_page_and_csv_give_400_with_message(site_data, client, query):
    for url in ("/praxisbeispiele/", "/praxisbeispiele/csv/", "/praxisbeispiele/xlsx/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert 'id="error-summary"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "seite=abc",
        "seite=-1",
        "seite=999999",
        "seite=%00",
        "q=%22*NEAR-:",
        "q=%00",
        "q=a+OR+b",
        "unbekannt=1",
    ],
)
def test_odd_but_harmless_input_gives_a_page(site_data, client, query):
    assert client.get(f"/praxisbeispiele/?{query}").status_code == 200


# --- API ---------------------------------------------------------------------------------


def test_api_filters_and_facets_match_the_page(site_data, client):
    data = client.get("/api/v1/examples?state=TH&product_group=textilien&q=Dienstkleidungen").json()
    assert data["count"] == 1 and data["results"][0]["slug"] == "kleidung"
    assert data["results"][0]["url"] == "http://testserver/praxisbeispiele/kleidung/"
    states = {f["value"]: f["count"] for f in data["facets"]["state"]}
    assert states == {"TH": 1, "BY": 1}  # BY: "Arbeitskleidung", found by its compound head
    assert data["licence"]["name"] == "CC BY 4.0"


def test_api_paginates(site_data, client):
    for i in range(5):
        PracticeExampleFactory(slug=f"extra-{i}", state="SN")
    data = client.get("/api/v1/examples?state=SN&page_size=2&page=3&sort=title").json()
    assert (data["count"], data["pages"], len(data["results"])) == (5, 3, 1)


@pytest.mark.parametrize(
    "query,loc",
    [
        ("state=XX", "state"),
        ("product_group=n%20x", "product_group"),  # not a slug (an unknown slug is a 404)
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=101", "page_size"),
        ("year=1", "year"),
        ("foo=1", "foo"),
        ("q=" + "x" * 201, "q"),
        ("sort=zufall", "sort"),
        ("kind=%00", "kind"),
    ],
)
def test_api_validates_strictly(site_data, client, query, loc):
    response = client.get(f"/api/v1/examples?{query}")
    assert response.status_code == 422
    assert loc in [d["loc"][-1] for d in response.json()["detail"]]


@pytest.mark.parametrize("q", ["%22", "*", "NEAR", "-", ":", "%00", "a%22b*c"])
def test_api_odd_queries_give_a_result(site_data, client, q):
    assert client.get(f"/api/v1/examples?q={q}").status_code == 200


def test_api_allows_cross_origin_get(site_data, client):
    response = client.get("/api/v1/labels", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/praxisbeispiele/")


def test_api_schema_and_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/examples",
        "/api/v1/examples/{slug}",
        "/api/v1/product-groups",
        "/api/v1/labels",
        "/api/v1/criteria",
        "/api/v1/state-laws",
        "/api/v1/licence",
    ):
        assert path in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/examples"]["get"]["parameters"]}
    assert {"q", "state", "product_group", "kind", "stage", "label", "year", "page"} <= params
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_api_lists_reference_data(client):
    load_reference_data()
    laws = client.get("/api/v1/state-laws").json()
    assert len(laws) == 16
    mv = next(s for s in laws if s["state"] == "MV")
    assert mv["ilo_core_labour_standards"] == "unbekannt"  # unknown stays unknown
    th = next(s for s in laws if s["state"] == "TH")
    assert th["primary_source"] == "unbekannt"
    assert any(section.startswith("§ 6 Tariftreue") for section in th["sections"])
    groups = client.get("/api/v1/product-groups").json()
    assert groups[0]["slug"] == "textilien" and "18100000" in groups[0]["cpv_codes"]
    labels = {label["slug"]: label for label in client.get("/api/v1/labels").json()}
    assert set(labels["fsc"]["product_groups"]) == {"papier", "moebel"}
