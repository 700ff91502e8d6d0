import pytest
from wagtail.rich_text import RichText

from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate
from beschaffungsallianz.core.views import MAX_QUERY_LENGTH, search_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home):
    fair = StandardPageFactory(
        parent=home,
        slug="fachtage",
        title="Thüringer Fachtage",
        intro="Sechs Fachtage zur fairen Beschaffung.",
        body=[("paragraph", RichText("<p>Nachhaltiges Büro in Erfurt</p>"))],
    )
    StandardPageFactory(parent=home, slug="impressum", title="Impressum", intro="Anbieter")
    StandardPageFactory(
        parent=home,
        slug="entwurf",
        title="Entwurf Fachtage",
        live=False,
    )
    return home, fair


def test_search_finds_live_pages_by_title_and_body(client, pages):
    by_title = client.get("/suche/", {"q": "Fachtage"})
    by_body = client.get("/suche/", {"q": "Büro"})

    assert [p.title for p in by_title.context["results"]] == ["Thüringer Fachtage"]
    assert [p.title for p in by_body.context["results"]] == ["Thüringer Fachtage"]
    assert "1 Ergebnis für „Fachtage“" in by_title.content.decode()


def test_search_without_hits_gives_guidance(client, pages):
    response = client.get("/suche/", {"q": "Raumfahrt"})

    assert response.status_code == 200
    assert response.context["results"].paginator.count == 0
    assert "Keine Seite passt zu Ihrer Suche." in response.content.decode()


def test_empty_search_shows_form_only(client, pages):
    response = client.get("/suche/", {"q": "   "})

    assert response.status_code == 200
    assert response.context["results"].paginator.count == 0
    assert "Geben Sie einen Suchbegriff ein" in response.content.decode()


def test_overlong_query_is_rejected_with_a_clear_message(client, pages):
    response = client.get("/suche/", {"q": "x" * (MAX_QUERY_LENGTH + 1)})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Der Suchbegriff ist zu lang (201 Zeichen)" in html
    assert 'aria-invalid="true"' in html and 'id="error-summary"' in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "Fachtage'",
        '"Fachtage',
        "Fachtage*",
        "(Fachtage",
        "AND",
        "OR NOT",
        "a:b",
        "\x00Fachtage",
        "%",
        "Fach-tage",
        "NEAR(a b)",
        "<script>alert(1)</script>",
        "😀",
        "^-~",
    ],
)
def test_odd_characters_never_cause_a_server_error(client, pages, query):
    response = client.get("/suche/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_odd_characters_around_a_word_still_find_it(client, pages):
    response = client.get("/suche/", {"q": '"Fachtage*'})

    assert [p.title for p in response.context["results"]] == ["Thüringer Fachtage"]


@pytest.mark.parametrize("seite", ["2", "0", "-1", "abc", "999999", "1.5", ""])
def test_malformed_page_numbers_fall_back_to_a_valid_page(client, pages, seite):
    response = client.get("/suche/", {"q": "Fachtage", "seite": seite})

    assert response.status_code == 200
    assert response.context["results"].number == 1


def test_search_paginates_ten_results_per_page(client, home):
    for n in range(12):
        StandardPageFactory(parent=home, slug=f"seite-{n}", title=f"Beschaffung {n}")

    first = client.get("/suche/", {"q": "Beschaffung"})
    second = client.get("/suche/", {"q": "Beschaffung", "seite": "2"})

    assert first.context["results"].paginator.count == 12
    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 2
    assert 'href="?q=Beschaffung&amp;seite=2"' in first.content.decode()


def test_search_stays_in_the_active_language(client, pages):
    home, fair = pages
    translate(home, title="Alliance")
    translate(fair, title="Thuringian conferences", intro="Six conferences")

    german = client.get("/suche/", {"q": "conferences"})
    english = client.get("/en/suche/", {"q": "conferences"})

    assert german.context["results"].paginator.count == 0
    assert [p.title for p in english.context["results"]] == ["Thuringian conferences"]


def test_search_terms_keep_only_words():
    assert search_terms('"Dienst*kleidung" AND (Fair:trade)') == "dienst kleidung and fair trade"
    assert search_terms("\x00") == ""
