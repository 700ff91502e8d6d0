"""German that people type: compounds (compound-split) and the editors' synonyms, in the site
search and in the knowledge base's own example search (/praxisbeispiele/?q=)."""

import re

import pytest

from beschaffungsallianz.knowledge.search import text
from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory, build_site
from beschaffungsallianz.search import german
from beschaffungsallianz.search.demo import SYNONYMS
from beschaffungsallianz.search.tests.factories import SearchSynonymFactory


def _example_slugs(client, q):
    response = client.get("/praxisbeispiele/", {"q": q})
    assert response.status_code == 200
    slugs = set(re.findall(r'href="/praxisbeispiele/([-\w]+)/"', response.content.decode()))
    return slugs - {"vorschlagen", "feed"}


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("dienstkleidung", ("dienst", "kleidung")),
        ("arbeitskleidung", ("arbeits", "kleidung")),
        ("recyclingpapier", ("recycling", "papier")),
        ("informationstechnik", ("informations", "technik")),
        ("arbeitsplatzrechner", ("arbeits", "platz", "rechner")),
        ("kleidung", ()),  # not a compound
        ("kaffee", ()),  # too short
        ("praxisbeispiel", ("praxis", "beispiel")),  # "bei|spiel": parts of 4+ letters only
    ],
)
def test_compounds_are_split_by_compound_split(word, parts):
    assert german.compound_parts(word) == parts


def test_stored_text_holds_the_stems_of_the_parts():
    assert german.stem_text("Dienstkleidungen") == "dienstkleid dien kleidung"
    assert german.stem_text("Kleidung") == "kleidung"


@pytest.mark.django_db
def test_query_words_expand_to_their_head_and_their_synonyms():
    for terms, _note in SYNONYMS:
        SearchSynonymFactory(terms=terms)

    assert text.query_terms("Arbeitskleidung") == [
        ["arbeitskleid", "kleidung", "dienstkleid", "berufskleid"]
    ]
    assert text.query_terms("IT") == [["it", "informationstechn"]]
    assert text.query_terms("Quellenhausen") == [["quellenhaus"]]  # head "haus": too short


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Kleidung", "Berufskleidung", "Arbeitskleidung", "Dienstkleidungen"])
def test_example_search_finds_dienstkleidung(client, q):
    """Issue 11: the example search found "Dienstkleidungen" but not these."""
    build_site()
    for terms, _note in SYNONYMS:
        SearchSynonymFactory(terms=terms)
    PracticeExampleFactory(title="Faire Dienstkleidung für den Bauhof", slug="dienstkleidung")
    PracticeExampleFactory(title="Fairer Kaffee im Rathaus", slug="kaffee")

    assert _example_slugs(client, q) == {"dienstkleidung"}


@pytest.mark.django_db
def test_short_words_match_whole_words_only(client):
    build_site()
    PracticeExampleFactory(title="IT-Beschaffung im Landratsamt", slug="it")
    PracticeExampleFactory(title="Italienische Fliesen", slug="italien")

    assert _example_slugs(client, "IT") == {"it"}
