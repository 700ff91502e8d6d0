"""Broad queries: above ``RANKED_AT_MOST`` matches of a kind, only the most recently indexed
ones are ranked by relevance, the older ones follow; counts stay exact, pages stay consistent."""

import pytest

from beschaffungsallianz.search import query
from beschaffungsallianz.search.tests.factories import SearchEntryFactory, SearchSynonymFactory

pytestmark = pytest.mark.django_db

WEAK_TEXT = "Ein langer Bericht über Einkauf, Verwaltung, Beschaffung und die Lieferkette im Amt."
STRONG = {"title": "Lieferkette", "text": "Lieferkette Lieferkette, die ganze Lieferkette."}


@pytest.fixture
def broad(monkeypatch):
    """11 examples and 2 criteria about supply chains (oldest first), 4 ranked per kind: the
    strongest example is the oldest entry, a strong one is among the 4 newest examples."""
    monkeypatch.setattr(query, "RANKED_AT_MOST", 4)
    old_strong = SearchEntryFactory(title="Lieferkette Lieferkette", text=STRONG["text"])
    examples = [old_strong]
    for n in range(10):
        if n == 8:
            examples.append(SearchEntryFactory(**STRONG))
        else:
            examples.append(SearchEntryFactory(title=f"Bericht {n}", text=WEAK_TEXT))
    criteria = [SearchEntryFactory(kind="criterion", text=WEAK_TEXT) for _ in range(2)]
    SearchEntryFactory(title="Kaffee", text="Kaffee und Tee.")  # matches nothing here
    return {"examples": examples, "criteria": criteria}


def _all_pages(client, **params):
    hits, page = [], 1
    while True:
        data = client.get("/api/v1/search", {"q": "Lieferkette", "page": page, **params}).json()
        hits += [hit["url"] for hit in data["results"]]
        if page >= data["pages"]:
            return data, hits
        page += 1


def test_broad_kind_ranks_its_newest_matches_then_lists_the_older_ones_newest_first(client, broad):
    data, urls = _all_pages(client, kind="example")

    examples = broad["examples"]
    assert data["count"] == 11 and data["ranked"] == 4  # the count stays exact
    assert len(urls) == len(set(urls)) == 11  # no hit twice, none lost, over both pages
    newest_first = [f"http://testserver{e.url}" for e in reversed(examples)]
    assert urls[0] == newest_first[1]  # the strong one among the newest four comes first
    assert set(urls[:4]) == set(newest_first[:4])
    assert urls[4:] == newest_first[4:]  # the rest: newest first, the old strong one too


def test_mixed_list_of_a_broad_query_is_consistent_across_pages(client, broad):
    data, urls = _all_pages(client)

    assert data["total"] == data["count"] == 13 and data["ranked"] == 4
    assert len(urls) == len(set(urls)) == 13


def test_overview_shows_the_best_ranked_hits_of_a_broad_kind_and_all_counts(client, broad):
    response = client.get("/suche/", {"q": "Lieferkette"})

    results = response.context["results"]
    assert {c.kind: c.count for c in results.counts} == {"example": 11, "criterion": 2}
    groups = {count.kind: [hit.url for hit in hits] for count, hits in results.groups()}
    assert groups["example"][0] == broad["examples"][9].url
    assert broad["examples"][0].url not in groups["example"]  # older than the ranked four
    assert sorted(groups["criterion"]) == sorted(c.url for c in broad["criteria"])
    assert "Die 4 zuletzt aufgenommenen Treffer sind nach Relevanz sortiert" in (
        response.content.decode()
    )


def test_a_query_with_few_matches_ranks_all_of_them(client, broad, monkeypatch):
    monkeypatch.setattr(query, "RANKED_AT_MOST", 20)

    data, urls = _all_pages(client, kind="example")

    assert data["ranked"] == 11
    assert urls[0] == f"http://testserver{broad['examples'][0].url}"  # the oldest, strongest


def test_counts_of_a_thousand_and_more_are_grouped_as_german_readers_expect(client, home):
    """ "1.001 Ergebnisse", not "1001": the counts, the tabs and the note of a broad query."""
    for n in range(query.RANKED_AT_MOST + 1):
        SearchEntryFactory(title=f"Bericht {n}", text=WEAK_TEXT)

    overview = client.get("/suche/", {"q": "Lieferkette"}).content.decode()
    one_kind = client.get("/suche/", {"q": "Lieferkette", "art": "example"}).content.decode()

    assert "1.001 Ergebnisse für" in overview and "Praxisbeispiele (1.001)" in overview
    assert "Alle 1.001 Ergebnisse" in overview
    assert "Die 1.000 zuletzt aufgenommenen Treffer" in one_kind and "Alle (1.001)" in one_kind


def test_a_compound_ranks_its_own_word_first_and_items_only_about_its_head_last(db):
    """ "Arbeitskleidung" finds items about "Kleidung" too (the compound's head) and, through the
    editors' synonyms, "Dienstkleidung": those that name the word come first, then the
    synonyms, then those only about the head; "Kleidung" ranks the plain word first."""
    SearchSynonymFactory(terms="Arbeitskleidung, Dienstkleidung, Berufskleidung")
    texts = {
        "head": "Kleidung aus fairem Handel",
        "other head": "Schutzkleidung für die Feuerwehr",
        "word": "Arbeitskleidung für den Bauhof",
        "synonym": "Dienstkleidung für das Ordnungsamt",
    }
    for title in texts.values():
        SearchEntryFactory(title=title, text=f"{title.split()[0]} für alle Ämter der Stadt.")

    def order(q):
        hits = query.search(q, kind="example").page(1)
        return [next(k for k, t in texts.items() if t == hit.plain_title) for hit in hits]

    assert order("Arbeitskleidung")[:2] == ["word", "synonym"]
    assert set(order("Arbeitskleidung")[2:]) == {"head", "other head"}
    assert order("Kleidung")[0] == "head"
