"""/suche/: one search over all public content, grouped by kind, with highlighted snippets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate
from beschaffungsallianz.exchange.tests.factories import ThreadFactory
from beschaffungsallianz.knowledge.tests.factories import PracticeExampleFactory
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory, LibraryIndexPageFactory
from beschaffungsallianz.meetings.tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
)
from beschaffungsallianz.search import indexing
from beschaffungsallianz.search.models import SearchEntry
from beschaffungsallianz.search.query import MAX_QUERY_LENGTH
from beschaffungsallianz.search.tests.factories import SearchSynonymFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db


def _kinds(response):
    return {c.kind: c.count for c in response.context["results"].counts}


def _titles(response):
    return [hit.plain_title for hit in response.context["page_obj"]]


def test_overview_groups_hits_by_kind_with_counts(client, world):
    response = client.get("/suche/", {"q": "Kleidung"})

    assert response.status_code == 200
    assert _kinds(response) == {"example": 1, "criterion": 1, "event": 1, "notice": 1}
    html = response.content.decode()
    assert_contains(
        html,
        "4 Ergebnisse für „Kleidung“",
        "Praxisbeispiele (1)",
        "Kriterien (1)",
        "Termine (1)",
        "Bekanntmachungen (1)",
        'href="/praxisbeispiele/dienstkleidung-bauhof/"',
        'href="/monitor/bekanntmachungen/4a1b2c3d-0000-4000-8000-000000000001/"',
    )


def test_the_overview_costs_the_same_queries_for_one_kind_or_four(client, world, settings):
    # a query per kind with hits made a search over every kind the slowest uncached page
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/suche/", {"q": "Quellenhausen"})  # the frame's per-generation values

    def queries(q):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/suche/", {"q": q})
        return len(_kinds(response)), len(captured)

    assert queries("Quellenhausen")[0] == 1 and queries("Kleidung")[0] == 4
    assert queries("Kleidung")[1] == queries("Quellenhausen")[1]


@pytest.mark.django_db(transaction=True)
def test_a_search_on_sqlite_takes_no_write_lock(client, world, settings):
    # SQLite opens every transaction with BEGIN IMMEDIATE (settings: transaction_mode), which
    # takes the database's one write lock: two searches in two workers waited for each other
    # and for every write. Only PostgreSQL needs the transaction (its planner settings).
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking")
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/suche/", {"q": "Quellenhausen"})  # the frame's per-generation values
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/suche/", {"q": "Kleidung"})
    assert response.status_code == 200 and len(_kinds(response)) == 4
    assert [q["sql"] for q in captured if q["sql"].startswith("BEGIN")] == []


def test_filter_by_kind_lists_only_that_kind(client, world):
    response = client.get("/suche/", {"q": "Kleidung", "art": "notice"})

    assert _titles(response) == ["Lieferung von Berufskleidung für die Feuerwehr"]
    html = response.content.decode()
    assert '<span aria-current="page">Bekanntmachungen (1)</span>' in html
    assert 'href="?q=Kleidung"' in html  # back to all kinds


def test_unknown_kind_shows_all_kinds(client, world):
    response = client.get("/suche/", {"q": "Kleidung", "art": "geheim"})

    assert response.status_code == 200
    assert response.context["results"].kind == ""


def test_every_kind_is_found(client, world):
    queries = {
        "page": "Bündnis",
        "example": "Rathaus",
        "criterion": "Kinderarbeit",
        "label": "Umweltzeichen",
        "state_law": "Tariftreue",
        "event": "Fachtag",
        "news": "beschlossen",
        "notice": "Quellenhausen",  # the buyer
    }
    for kind, q in queries.items():
        assert kind in _kinds(client.get("/suche/", {"q": q})), q


def test_notice_is_found_by_its_cpv_label(client, world):
    # 18110000 is "Berufskleidung" in the CPV; the notice text does not name it otherwise
    response = client.get("/suche/", {"q": "Jacken", "art": "notice"})

    assert _titles(response) == ["Lieferung von Berufskleidung für die Feuerwehr"]


def test_snippet_marks_the_hits_and_escapes_everything_else(client, world):
    PracticeExampleFactory(
        title="<script>alert('x')</script> Handtücher",
        slug="xss",
        summary='Handtücher <img src=x onerror="alert(1)"> & Bettwäsche',
    )
    response = client.get("/suche/", {"q": "Handtücher", "art": "example"})

    html = response.content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert_contains(
        html,
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Handtücher</mark>",
        "<mark>Handtücher</mark> &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Bettwäsche",
    )


def test_each_hit_shows_its_date(client, world):
    response = client.get("/suche/", {"q": "Geschäftsordnung", "art": "news"})

    assert '<time datetime="2026-05-04">4. Mai 2026</time>' in response.content.decode()


def test_private_pages_drafts_and_participant_links_are_never_found(client, world):
    for q in ("Pflaumenkuchenrunde", "Zwetschgenröster", "Mirabellen", "geheimraumzugang"):
        response = client.get("/suche/", {"q": q})
        assert response.context["results"].total == 0, q
    assert not SearchEntry.objects.filter(title__contains="Pflaumenkuchen").exists()


def test_a_page_made_private_disappears_at_once(client, world):
    assert _kinds(client.get("/suche/", {"q": "Bündnis"})) == {"page": 1}

    PageViewRestriction.objects.create(
        page=world["page"], restriction_type=PageViewRestriction.LOGIN
    )

    assert _kinds(client.get("/suche/", {"q": "Bündnis"})) == {}


def test_unpublished_page_and_example_disappear_published_appear(client, world):
    world["page"].unpublish()
    world["kaffee"].live = False
    world["kaffee"].save()
    assert client.get("/suche/", {"q": "Bündnis"}).context["results"].total == 0
    assert client.get("/suche/", {"q": "Kaffee"}).context["results"].total == 0

    world["page"].save_revision().publish()
    assert client.get("/suche/", {"q": "Bündnis"}).context["results"].total == 1


def test_a_draft_of_a_live_page_is_not_searchable(client, world):
    page = world["page"]
    page.intro = "Entwurfstext Holunderblüte"
    page.save_revision()

    assert client.get("/suche/", {"q": "Holunderblüte"}).context["results"].total == 0


def test_deleted_items_disappear(client, world):
    world["kaffee"].delete()
    world["notice"].delete()

    assert client.get("/suche/", {"q": "Kaffee"}).context["results"].total == 0
    assert client.get("/suche/", {"q": "Quellenhausen"}).context["results"].total == 0


def test_synonym_saved_in_the_admin_takes_effect_at_once(client, admin_user, world):
    assert client.get("/suche/", {"q": "Mokka"}).context["results"].total == 0
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/",
        {"terms": "Mokka, Kaffee", "note": ""},
    )
    assert response.status_code == 302
    client.logout()

    response = client.get("/suche/", {"q": "Mokka"})

    assert _kinds(response) == {"example": 1}


def test_saving_a_synonym_renews_the_page_cache(client, world):
    first = client.get("/suche/", {"q": "Mokka"})
    assert first.context["results"].total == 0
    SearchSynonymFactory(terms="Mokka ~ Kaffee")

    again = client.get("/suche/", {"q": "Mokka"})

    assert again.context is not None and again.context["results"].total == 1


def test_zero_results_suggest_a_spelling_a_broader_term_and_the_product_group(client, world):
    typo = client.get("/suche/", {"q": "Dienstkleidnug"})
    broader = client.get("/suche/", {"q": "Kaffee Raumfahrt"})
    group = client.get("/suche/", {"q": "Textilien Raumfahrt"})

    assert typo.context["suggestions"].did_you_mean == "Dienstkleidung"
    assert broader.context["suggestions"].broader == "kaffee"
    assert ("Textilien", "/praxisbeispiele/?produktgruppe=textilien") in group.context[
        "suggestions"
    ].product_groups
    assert_contains(
        typo.content.decode(),
        "Nichts auf dieser Website passt zu Ihrer Suche.",
        'Meinten Sie <a class="kern-link" href="?q=Dienstkleidung">Dienstkleidung</a>?',
    )
    assert_contains(
        group.content.decode(),
        'Produktgruppe: <a class="kern-link" href="/praxisbeispiele/?produktgruppe=textilien">',
    )


def test_a_compound_finds_items_about_its_head(client, world):
    response = client.get("/suche/", {"q": "Raumfahrtkleidung", "art": "example"})

    assert _titles(response) == ["Faire Dienstkleidung für den Bauhof"]


def test_empty_search_shows_form_only(client, coffee):
    response = client.get("/suche/", {"q": "   "})

    assert response.status_code == 200
    assert "Geben Sie einen Suchbegriff ein" in response.content.decode()


def test_overlong_query_is_rejected_with_a_clear_message(client, coffee):
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
        "Kaffee'",
        '"Kaffee',
        "Kaffee*",
        "(Kaffee",
        "AND",
        "OR NOT",
        "a:b",
        "\x00Kaffee",
        "%",
        "Kaf-fee",
        "NEAR(a b)",
        "<script>alert(1)</script>",
        "😀",
        "^-~",
        "kaffee:*",
        "'kaffee' | 'x'",
    ],
)
def test_query_syntax_never_causes_a_server_error(client, coffee, query):
    response = client.get("/suche/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_query_syntax_around_a_word_is_stripped(client, coffee):
    response = client.get("/suche/", {"q": '"Kaffee*) AND'})

    assert _kinds(response) == {}  # "and" is a word too: every word must match
    response = client.get("/suche/", {"q": '"Kaffee*'})
    assert _kinds(response) == {"example": 1}


def test_results_are_paginated_ten_per_page(client, world):
    for n in range(12):
        StandardPageFactory(parent=world["home"], slug=f"seite-{n}", title=f"Holzspielzeug {n}")

    first = client.get("/suche/", {"q": "Holzspielzeug", "art": "page"})
    second = client.get("/suche/", {"q": "Holzspielzeug", "art": "page", "seite": "2"})
    overview = client.get("/suche/", {"q": "Holzspielzeug"})

    assert first.context["page_obj"].paginator.count == 12
    assert len(_titles(first)) == 10 and len(_titles(second)) == 2
    assert 'href="?q=Holzspielzeug&amp;art=page&amp;seite=2"' in first.content.decode()
    assert "Alle 12 Ergebnisse in „Seiten“" in overview.content.decode()


@pytest.mark.parametrize("seite", ["2", "0", "-1", "abc", "999999", "1.5", ""])
def test_malformed_page_numbers_fall_back_to_a_valid_page(client, coffee, seite):
    response = client.get("/suche/", {"q": "Kaffee", "art": "example", "seite": seite})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_search_stays_in_the_active_language_for_pages(client, world):
    translate(world["home"], title="Alliance")
    translate(world["page"], title="About the project", intro="An alliance for conferences")

    german = client.get("/suche/", {"q": "conferences"})
    english = client.get("/en/suche/", {"q": "conferences"})

    assert german.context["results"].total == 0
    assert _kinds(english) == {"page": 1}


def test_header_search_box_sends_to_the_site_search(client, world):
    html = client.get("/").content.decode()

    assert_contains(html, 'action="/suche/"', 'name="q"')


def test_members_exchange_and_internal_meeting_parts_are_never_found(client, world, member):
    ThreadFactory(title="Frage zur Kornblumenwiese", author=member, body="Kornblumenwiese?")
    meeting = MeetingFactory(public_summary="Öffentlich.")
    AgendaItemFactory(meeting=meeting, title="Interne Haselnussernte", notes="Haselnussernte")
    MinutesFactory(meeting=meeting, body="<p>Protokoll Haselnussernte.</p>")
    DecisionFactory(meeting=meeting, text="Beschluss Haselnussernte.")
    indexing.rebuild()

    for q in ("Kornblumenwiese", "Haselnussernte", "raum-geheim"):
        assert client.get("/suche/", {"q": q}).context["results"].total == 0, q
        assert client.get("/api/v1/search", {"q": q}).json()["total"] == 0, q


def test_library_entries_are_found_and_drafts_are_not(client, world):
    LibraryIndexPageFactory(parent=world["home"])
    LibraryEntryFactory(
        title="Leitfaden faire Dienstkleidung",
        slug="leitfaden-dienstkleidung",
        comment="Worauf Kommunen beim Einkauf achten.",
    )
    LibraryEntryFactory(title="Entwurf Zwiebelschalenleitfaden", slug="entwurf", live=False)

    found = client.get("/suche/", {"q": "Leitfaden", "art": "library"})
    draft = client.get("/suche/", {"q": "Zwiebelschalenleitfaden"})

    assert _kinds(found).get("library") == 1
    assert "/informationsangebote/leitfaden-dienstkleidung/" in found.content.decode()
    assert _kinds(draft) == {}
