"""Full-text search with German stemming and facets (runs on SQLite and PostgreSQL)."""

import pytest
from django.http import QueryDict

from beschaffungsallianz.knowledge import search
from beschaffungsallianz.knowledge.models import PracticeExample, TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db


def run(query: str) -> search.SearchResult:
    return search.search(search.page_filters(QueryDict(query)))


def slugs(result) -> set[str]:
    return set(result.queryset.values_list("slug", flat=True))


@pytest.fixture
def data():
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


def test_plural_finds_singular_through_german_stemming(data):
    assert slugs(run("q=Dienstkleidungen")) == {"kleidung-th"}


def test_umlauts_and_case_are_folded(data):
    assert slugs(run("q=M%C3%9CLLABFUHR")) == {"kleidung-by"}
    assert slugs(run("q=mullabfuhr")) == {"kleidung-by"}


def test_every_word_must_match(data):
    assert slugs(run("q=Dienstkleidung+Bauhof")) == {"kleidung-th"}
    assert slugs(run("q=Dienstkleidung+Kopierpapier")) == set()


def test_related_names_are_searchable(data):
    # product group name, label name and criterion title are indexed with the example
    assert slugs(run("q=Fairtrade")) == {"kleidung-th"}
    assert slugs(run("q=Kernarbeitsnormen")) == {"kleidung-th", "kleidung-by"}


def test_drafts_are_never_found(data):
    assert "entwurf" not in slugs(run("q=Entwurf"))
    assert "entwurf" not in slugs(run(""))


def test_search_text_follows_edits(data):
    example = PracticeExample.objects.get(slug="papier-th")
    example.title = "Schulmöbel"
    example.save()
    assert slugs(run("q=Schulm%C3%B6bel")) == {"papier-th"}
    assert slugs(run("q=Kopierpapier")) == set()


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
def test_odd_characters_never_break_the_search(data, q):
    params = QueryDict(mutable=True)
    params["q"] = q
    result = search.search(search.page_filters(params))
    assert result.total >= 0  # evaluated without a database error


def test_query_without_words_is_ignored():
    filters = search.page_filters(QueryDict("q=%22*%3A-"))
    assert filters.terms == []


def test_overlong_query_is_an_error():
    with pytest.raises(search.SearchError) as exc:
        search.page_filters(QueryDict("q=" + "x" * 201))
    assert "q" in exc.value.errors


def test_facet_counts_apply_every_other_filter(data):
    result = run("land=TH")
    counts = {f.facet.key: {o.value: o.count for o in f.options} for f in result.facets}
    # the state facet ignores the state filter itself
    assert counts["state"] == {"TH": 2, "BY": 1}
    # the other facets count within Thüringen
    assert counts["product_group"] == {"textilien": 1, "papier": 1}
    assert counts["kind"] == {"social": 1, "ecological": 1}
    assert counts["year"] == {"2024": 1, "2022": 1}
    assert result.total == 2


def test_facet_counts_count_examples_not_criteria(data):
    result = run("art=social")
    counts = {f.facet.key: {o.value: o.count for o in f.options} for f in result.facets}
    assert counts["stage"] == {"performance": 1, "award": 1}
    assert counts["state"] == {"TH": 1, "BY": 1}


def test_filters_combine_with_and(data):
    assert slugs(run("land=TH&produktgruppe=textilien")) == {"kleidung-th"}
    assert slugs(run("stufe=award")) == {"kleidung-by"}
    assert slugs(run("guetezeichen=fairtrade&jahr=2024")) == {"kleidung-th"}


def test_zero_results_suggest_which_filter_to_drop(data):
    result = run("land=BY&produktgruppe=papier")
    assert result.total == 0
    suggestions = {r.facet.key: r.count for r in result.relaxations}
    assert suggestions == {"state": 1, "product_group": 1}


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
    ],
)
def test_unknown_filter_values_are_errors(data, query, param):
    with pytest.raises(search.SearchError) as exc:
        search.page_filters(QueryDict(query))
    assert param in exc.value.errors


def test_draft_label_is_not_a_valid_filter(data):
    LabelFactory(slug="entwurf-label", live=False)
    with pytest.raises(search.SearchError):
        search.page_filters(QueryDict("guetezeichen=entwurf-label"))


def test_sorting(data):
    newest = list(run("sortierung=newest").queryset.values_list("slug", flat=True))
    assert newest == ["kleidung-th", "kleidung-by", "papier-th"]
    by_title = list(run("sortierung=title").queryset.values_list("title", flat=True))
    assert by_title == sorted(by_title)
    relevance = run("q=Dienstkleidung")
    assert relevance.filters.effective_sort == "relevance"
    assert list(relevance.queryset.values_list("slug", flat=True)) == ["kleidung-th"]


def test_relevance_ranks_title_matches_first():
    PracticeExampleFactory(slug="nebenbei", title="Beschaffung", summary="Auch Kaffee.")
    PracticeExampleFactory(slug="titel", title="Kaffee für das Rathaus", summary="Kaffee.")
    ranked = list(run("q=Kaffee").queryset.values_list("slug", flat=True))
    assert ranked == ["titel", "nebenbei"]


def test_stemming_is_the_same_for_text_and_query():
    assert search.stems("Dienstkleidungen") == search.stems("Dienstkleidung")
    assert search.stem_text("Gütezeichen") == search.stem_text("gutezeichen")
