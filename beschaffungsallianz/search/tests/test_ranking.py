"""Broad queries: a kind lists at most ``RANKED_AT_MOST`` results — its most recently indexed
matches, ranked by relevance — and counts up to that number, then says "more than"; pages stay
consistent. With the limit set to 4 here."""

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


def test_broad_kind_lists_its_newest_matches_ranked_and_counts_more_than_the_limit(client, broad):
    data, urls = _all_pages(client, kind="example")

    examples = broad["examples"]
    assert data["count"] == 4 and data["more"] is True
    assert {"kind": "example", "label": "Praxisbeispiele", "count": 4, "more": True} in (
        data["kinds"]
    )
    newest_first = [f"http://testserver{e.url}" for e in reversed(examples)]
    assert urls[0] == newest_first[1]  # the strong one among the newest four comes first
    assert sorted(urls) == sorted(newest_first[:4])  # no hit twice, none older


def test_mixed_list_of_a_broad_query_lists_the_newest_matches_of_all_kinds(client, broad):
    data, urls = _all_pages(client)

    # 4 examples counted ("more") + 2 criteria; the mixed list: the 4 newest of them all
    assert data["total"] == 6 and data["total_more"] is True
    assert data["count"] == 4 and data["more"] is True
    assert len(urls) == len(set(urls)) == 4
    assert {c.url for c in broad["criteria"]} <= {u.removeprefix("http://testserver") for u in urls}


def test_overview_shows_the_best_of_the_newest_and_the_counts(client, broad):
    response = client.get("/suche/", {"q": "Lieferkette"})

    results = response.context["results"]
    assert {c.kind: (c.count, c.more) for c in results.counts} == {
        "example": (4, True),
        "criterion": (2, False),
    }
    groups = {count.kind: [hit.url for hit in hits] for count, hits in results.groups()}
    assert groups["example"][0] == broad["examples"][9].url
    assert broad["examples"][0].url not in groups["example"]  # older than the newest four
    assert sorted(groups["criterion"]) == sorted(c.url for c in broad["criteria"])
    html = response.content.decode()
    assert "Mehr als 6 Ergebnisse für „Lieferkette“" in html
    assert "Praxisbeispiele (mehr als 4)" in html and "Kriterien (2)" in html
    assert "Gezeigt werden die 4 zuletzt aufgenommenen" in html
    assert "Mehr als 4 Ergebnisse in „Praxisbeispiele“" in html


def test_a_query_with_few_matches_counts_and_ranks_all_of_them(client, broad, monkeypatch):
    monkeypatch.setattr(query, "RANKED_AT_MOST", 20)

    data, urls = _all_pages(client, kind="example")

    assert data["count"] == 11 and data["more"] is False and data["total_more"] is False
    assert len(set(urls)) == 11
    assert urls[0] == f"http://testserver{broad['examples'][0].url}"  # the oldest, strongest


def test_a_kind_counted_exactly_is_still_capped(client, broad, monkeypatch):
    """A kind that had few entries when the sizes were read (once per generation) and has more
    matches now is capped like the others."""
    monkeypatch.setattr(query, "entries_per_kind", lambda: {})

    data, _urls = _all_pages(client, kind="example")

    assert data["count"] == 4 and data["more"] is True


def test_counts_of_a_thousand_and_more_are_grouped_as_german_readers_expect(client, home):
    """ "mehr als 1.000", not "1000": the counts, the tabs and the note of a broad query."""
    for n in range(query.RANKED_AT_MOST + 1):
        SearchEntryFactory(title=f"Bericht {n}", text=WEAK_TEXT)

    overview = client.get("/suche/", {"q": "Lieferkette"}).content.decode()
    one_kind = client.get("/suche/", {"q": "Lieferkette", "art": "example"}).content.decode()

    assert "Mehr als 1.000 Ergebnisse für" in overview
    assert "Praxisbeispiele (mehr als 1.000)" in overview
    assert "Mehr als 1.000 Ergebnisse in „Praxisbeispiele“" in overview
    assert "Gezeigt werden die 1.000 zuletzt aufgenommenen" in one_kind
    assert "Alle (mehr als 1.000)" in one_kind


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
