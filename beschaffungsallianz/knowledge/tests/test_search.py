"""Full-text search with German stemming and facets, as the page and the API serve it.

Runs on SQLite and PostgreSQL. Every test reads what /api/v1/examples or /praxisbeispiele/
answers; the stemming itself is a unit test of ``search.text`` at the end.
"""

import re

import pytest

from beschaffungsallianz.knowledge.models import PracticeExample, TenderStage
from beschaffungsallianz.knowledge.search import text
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db


def api(client, **params) -> dict:
    response = client.get("/api/v1/examples", params)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(client, **params) -> list[str]:
    return [item["slug"] for item in api(client, page_size=100, **params)["results"]]


def counts(data: dict) -> dict[str, dict[str, int]]:
    return {key: {o["value"]: o["count"] for o in opts} for key, opts in data["facets"].items()}


def page_slugs(client, query: str) -> list[str]:
    html = client.get(f"/praxisbeispiele/?{query}").content.decode()
    return re.findall(r'<h3 class="kern-title"><a [^>]*href="/praxisbeispiele/([-\w]+)/"', html)


@pytest.fixture
def data(knowledge_site):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    paper = ProductGroupFactory(slug="papier", name="Papier")
    fairtrade = LabelFactory(slug="fairtrade", name="Fairtrade")
    ilo = CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen", kind="social")
    eco = CriterionFactory(
        slug="eco", title="Recyclingpapier", kind="ecological", stage=TenderStage.SPECIFICATION
    )
    PracticeExampleFactory(
        slug="kleidung-th",
        title="Neue Dienstkleidung für den Bauhof",
        state="TH",
        year=2024,
        product_groups=[textiles],
        labels=[fairtrade],
        criteria=[(ilo, TenderStage.PERFORMANCE)],
    )
    PracticeExampleFactory(
        slug="kleidung-by",
        title="Arbeitsschuhe",
        summary="Schuhe für die Müllabfuhr",
        state="BY",
        year=2023,
        product_groups=[textiles],
        criteria=[(ilo, TenderStage.AWARD)],
    )
    PracticeExampleFactory(
        slug="papier-th",
        title="Kopierpapier",
        state="TH",
        year=2022,
        product_groups=[paper],
        criteria=[(eco, TenderStage.SPECIFICATION)],
    )
    PracticeExampleFactory(
        slug="entwurf", title="Dienstkleidung (Entwurf)", live=False, product_groups=[textiles]
    )


def test_plural_finds_singular_through_german_stemming(data, client):
    assert slugs(client, q="Dienstkleidungen") == ["kleidung-th"]
    assert page_slugs(client, "q=Dienstkleidungen") == ["kleidung-th"]


def test_umlauts_and_case_are_folded(data, client):
    assert slugs(client, q="MÜLLABFUHR") == ["kleidung-by"]
    assert slugs(client, q="mullabfuhr") == ["kleidung-by"]


def test_every_word_must_match(data, client):
    assert slugs(client, q="Dienstkleidung Bauhof") == ["kleidung-th"]
    assert slugs(client, q="Dienstkleidung Kopierpapier") == []


def test_related_names_are_searchable(data, client):
    # product group name, label name and criterion title are indexed with the example
    assert slugs(client, q="Fairtrade") == ["kleidung-th"]
    assert set(slugs(client, q="Kernarbeitsnormen")) == {"kleidung-th", "kleidung-by"}


def test_drafts_are_never_found(data, client):
    assert slugs(client, q="Entwurf") == []
    assert "entwurf" not in slugs(client)
    assert api(client)["count"] == 3


def test_search_text_follows_edits(data, client):
    example = PracticeExample.objects.get(slug="papier-th")
    example.title = "Schulmöbel"
    example.save()
    assert slugs(client, q="Schulmöbel") == ["papier-th"]
    assert slugs(client, q="Kopierpapier") == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "NEAR",
        "-",
        ":",
        "a\x00b",
        "OR AND NOT",
        "(",
        "^",
        "'; DROP TABLE x; --",
        "Dienst*kleidung",
        '"Dienstkleidung',
        "∑∂ƒ",
        "x" * 200,
    ],
)
def test_odd_characters_never_break_the_search(data, client, q):
    assert isinstance(api(client, q=q)["count"], int)
    assert client.get("/praxisbeispiele/", {"q": q}).status_code == 200


def test_query_without_words_is_ignored_with_a_notice(data, client):
    assert api(client, q='"*:-')["count"] == 3
    html = client.get("/praxisbeispiele/", {"q": '"*:-'}).content.decode()
    assert "3 Praxisbeispiele" in html


def test_overlong_query_is_an_error(data, client):
    response = client.get("/api/v1/examples", {"q": "x" * 201})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
    assert client.get("/praxisbeispiele/", {"q": "x" * 201}).status_code == 400


def test_facet_counts_apply_every_other_filter(data, client):
    result = api(client, state="TH")
    assert result["count"] == 2
    found = counts(result)
    assert found["state"] == {"TH": 2, "BY": 1}  # the state facet ignores the state filter
    assert found["product_group"] == {"textilien": 1, "papier": 1}  # within Thüringen
    assert found["kind"] == {"social": 1, "ecological": 1}
    assert found["year"] == {"2024": 1, "2022": 1}
    html = client.get("/praxisbeispiele/?land=TH").content.decode()
    assert "Bayern (1)" in html and "Thüringen (2)" in html and "Textilien (1)" in html


def test_facet_counts_count_examples_not_criteria(data, client):
    found = counts(api(client, kind="social"))
    assert found["stage"] == {"performance": 1, "award": 1}
    assert found["state"] == {"TH": 1, "BY": 1}


def test_filters_combine_with_and_and_values_with_or(data, client):
    assert slugs(client, state="TH", product_group="textilien") == ["kleidung-th"]
    assert slugs(client, stage="award") == ["kleidung-by"]
    assert slugs(client, label="fairtrade", year="2024") == ["kleidung-th"]
    assert set(slugs(client, state=["TH", "BY"], product_group="textilien")) == {
        "kleidung-th",
        "kleidung-by",
    }
    assert page_slugs(client, "land=TH&produktgruppe=textilien") == ["kleidung-th"]


def test_zero_results_suggest_which_filter_to_drop(data, client):
    assert api(client, state="BY", product_group="papier")["count"] == 0
    html = client.get("/praxisbeispiele/?land=BY&produktgruppe=papier").content.decode()
    assert 'href="/praxisbeispiele/?produktgruppe=papier"' in html  # without the state: 1
    assert 'href="/praxisbeispiele/?land=BY"' in html  # without the product group: 1
    html = client.get("/praxisbeispiele/?land=BY&q=Kopierpapier").content.decode()
    assert 'href="/praxisbeispiele/?land=BY"' in html  # without the text: 1


@pytest.mark.parametrize(
    "query,param",
    [
        ("land=XX", "land"),
        ("produktgruppe=gibtsnicht", "produktgruppe"),
        ("jahr=abc", "jahr"),
        ("jahr=99999", "jahr"),
        ("art=sozial", "art"),
        ("sortierung=zufall", "sortierung"),
        ("land=T%00H", "land"),
        ("guetezeichen=%00", "guetezeichen"),
        ("guetezeichen=entwurf-label", "guetezeichen"),  # a draft label is no filter value
    ],
)
def test_unknown_filter_values_are_errors_on_the_page(data, client, query, param):
    LabelFactory(slug="entwurf-label", live=False)
    response = client.get(f"/praxisbeispiele/?{query}")
    assert response.status_code == 400
    assert param in response.context["errors"]


@pytest.mark.parametrize(
    "params,name",
    [
        ({"state": "XX"}, "state"),
        ({"state": ""}, "state"),
        ({"year": "1989"}, "year"),
        ({"sort": "zufall"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"land": "TH"}, "land"),  # the page's German names are unknown to the API
    ],
)
def test_the_api_refuses_what_its_schema_does_not_allow(data, client, params, name):
    response = client.get("/api/v1/examples", params)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [name]


def test_empty_select_values_of_the_page_mean_all(data, client):
    assert page_slugs(client, "land=&produktgruppe=&sortierung=") == [
        "kleidung-th",
        "kleidung-by",
        "papier-th",
    ]


def test_sorting(data, client):
    assert slugs(client, sort="newest") == ["kleidung-th", "kleidung-by", "papier-th"]
    assert slugs(client, sort="title") == ["kleidung-by", "papier-th", "kleidung-th"]
    relevance = api(client, q="Dienstkleidung")
    assert relevance["sort"] == "relevance"
    assert api(client, sort="relevance")["sort"] == "newest"  # no text: nothing to rank


def test_relevance_ranks_title_matches_first(knowledge_site, client):
    PracticeExampleFactory(slug="nebenbei", title="Beschaffung", summary="Auch Kaffee.")
    PracticeExampleFactory(slug="titel", title="Kaffee für das Rathaus", summary="Kaffee.")
    assert slugs(client, q="Kaffee") == ["titel", "nebenbei"]


def test_pages_of_results(knowledge_site, client):
    for i in range(25):
        PracticeExampleFactory(slug=f"b-{i:02}", title=f"Beispiel {i:02}")
    first = api(client, sort="title", page_size=10)
    assert first["count"] == 25 and first["pages"] == 3
    third = api(client, sort="title", page_size=10, page=3)
    assert [r["slug"] for r in third["results"]] == [f"b-{i}" for i in range(20, 25)]
    assert api(client, page=4, page_size=10)["results"] == []
    html = client.get("/praxisbeispiele/?sortierung=title&seite=2").content.decode()
    assert "Beispiel 20" in html and "Beispiel 19" not in html  # 20 per page


def test_stemming_is_the_same_for_text_and_query():
    assert text.stems("Dienstkleidungen") == text.stems("Dienstkleidung")
    assert text.stem_text("Gütezeichen") == text.stem_text("gutezeichen")
    # the compound head widens the query (search.german, issue 11)
    assert text.query_terms("Dienstkleidungen und Dienstkleidung") == [
        ["dienstkleid", "kleidung"],
        ["und"],
    ]


def test_matching_is_a_subquery_of_the_rows_whose_search_text_matches(data):
    """The engine's one function for other tables (exchange/search.py uses it for threads)."""

    def found(q):
        ids = text.matching(text.EXAMPLES, q)
        return set(PracticeExample.objects.filter(pk__in=ids).values_list("slug", flat=True))

    assert found("Dienstkleidungen") == {"kleidung-th", "entwurf"}  # live or not
    assert found("dienstkleid BAUHOF") == {"kleidung-th"}
    assert found("Dienstkleidung Papier") == set()
    assert text.matching(text.EXAMPLES, " ,;* ") is None


@pytest.mark.parametrize(
    "params", [{"product_group": "gibtsnicht"}, {"label": "entwurf-label"}, {"label": "nie"}]
)
def test_the_api_answers_404_for_a_product_group_or_label_that_does_not_exist(data, client, params):
    LabelFactory(slug="entwurf-label", live=False)
    response = client.get("/api/v1/examples", params)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_unfiltered_list_is_read_once_per_generation_with_its_pages(
    knowledge_site, client, settings
):
    # /praxisbeispiele/ without a query string comes from a per-generation memo (its page
    # links must survive the second rendering); a new example shows at once.
    settings.PAGE_CACHE_SECONDS = 0
    for i in range(25):
        PracticeExampleFactory(slug=f"b-{i:02}", title=f"Beispiel {i:02}")
    client.get("/")  # the site settings are created on the first request (a change)
    for _ in range(2):
        html = client.get("/praxisbeispiele/").content.decode()
        assert "25 Praxisbeispiele" in html and "?seite=2" in html
    PracticeExampleFactory(slug="neu", title="Ganz neues Beispiel")
    html = client.get("/praxisbeispiele/").content.decode()
    assert "26 Praxisbeispiele" in html and "Ganz neues Beispiel" in html
