"""Public pages: /publikationen/ and /arbeitskreis/geschaeftsordnung/ with versions and diff."""

import pytest
from django.utils import translation

from beschaffungsallianz.publications.tests.factories import DocumentFactory, PublicationFactory

pytestmark = pytest.mark.django_db

INDEX = "/publikationen/"
RULES = "/arbeitskreis/geschaeftsordnung/"


@pytest.fixture
def publications(publications_site):
    flyer = PublicationFactory(
        title="Projektflyer",
        kind="flyer",
        year=2016,
        document=DocumentFactory(content__pages=6),
        is_sample=True,
    )
    brochure = PublicationFactory(
        title="Broschüre", kind="brochure", document=DocumentFactory(content__pages=8)
    )
    draft = PublicationFactory(title="Entwurf", kind="flyer", live=False)
    return {"flyer": flyer, "brochure": brochure, "draft": draft}


def test_index_lists_live_publications_with_facts_read_from_the_pdf(persona, publications):
    _name, client = persona
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    flyer = publications["flyer"]
    assert "Projektflyer" in html and "Broschüre" in html
    assert "Entwurf" not in html
    with translation.override("de"):
        facts = flyer.pdf_facts
    assert facts.startswith("6 Seiten, PDF, ") and facts.endswith(" KB")
    assert facts in html
    assert "8 Seiten, PDF" in html
    assert f'href="{flyer.document.url}"' in html
    assert 'alt="Titelseite von „Projektflyer“"' in html
    assert "Faltblatt" in html and "Beispiel" in html


def test_index_filters_by_kind(client, publications):
    html = client.get(INDEX, {"art": "flyer"}).content.decode()
    assert "Projektflyer" in html
    assert '<h3 class="kern-title">Broschüre</h3>' not in html


@pytest.mark.parametrize(
    "query",
    [
        {"art": "nonsense"},
        {"art": "<script>"},
        {"art": ""},
        {"art": ["flyer", "brochure"]},
        {"seite": "abc"},
    ],
)
def test_index_ignores_odd_query_strings(client, publications, query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert "Broschüre" in response.content.decode()


def test_download_link_serves_the_pdf_through_django(client, publications):
    response = client.get(publications["flyer"].document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_rules_page_shows_current_version_with_date_and_pdf(persona, publications_site):
    _name, client = persona
    new = publications_site["new"]
    new.document = DocumentFactory(content__pages=2)
    new.save()
    response = client.get(RULES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fassung 2019" in html
    assert "dreimal im Jahr" in html and "zweimal im Jahr" not in html
    assert "Gültige Fassung" in html
    assert "8. Mai 2019" in html
    assert f'href="{new.document.url}"' in html
    # the earlier version is listed with its own URL
    assert f"{RULES}version/{publications_site['old'].pk}/" in html


def test_earlier_version_stays_reachable_and_is_marked(persona, publications_site):
    _name, client = persona
    old = publications_site["old"]
    response = client.get(f"{RULES}version/{old.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "zweimal im Jahr" in html
    assert "Dies ist eine frühere Fassung" in html


@pytest.mark.parametrize("path", ["version/999999/", "version/abc/", "version/-1/"])
def test_unknown_version_is_404_not_500(client, publications_site, path):
    assert client.get(RULES + path).status_code == 404


def test_unpublished_version_is_not_reachable(client, publications_site):
    draft = publications_site["new"]
    draft.live = False
    draft.save()
    assert client.get(f"{RULES}version/{draft.pk}/").status_code == 404
    html = client.get(RULES).content.decode()
    assert "Fassung 2016" in html and "dreimal" not in html


def test_compare_page_without_parameters_shows_the_form(persona, publications_site):
    _name, client = persona
    response = client.get(RULES + "vergleich/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="kern-label" for="id_von">Ältere Fassung</label>' in html
    assert "<ins>" not in html


def test_compare_shows_a_readable_diff(persona, publications_site):
    _name, client = persona
    old, new = publications_site["old"], publications_site["new"]
    response = client.get(RULES + "vergleich/", {"von": old.pk, "zu": new.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "geändert:" in html
    assert "hinzugefügt:</span> <ins>Neuer Absatz über das Umlaufverfahren.</ins>" in html
    assert "entfernt:</span> <del>Alter Absatz, der entfällt.</del>" in html
    assert "zweimal" in html and "dreimal" in html
    assert "1 Absatz geändert, 1 hinzugefügt, 1 entfernt" in " ".join(html.split())


@pytest.mark.parametrize(
    "query",
    [
        {"von": "abc", "zu": "1"},
        {"von": "999999", "zu": "999998"},
        {"von": "1"},
        {"von": "", "zu": ""},
        {"von": "1.5", "zu": "2"},
        {"von": "<script>", "zu": "%00"},
    ],
)
def test_compare_with_invalid_ids_is_400_with_a_message(client, publications_site, query):
    response = client.get(RULES + "vergleich/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "<script>" not in html


def test_compare_same_version_twice_is_400(client, publications_site):
    old = publications_site["old"]
    response = client.get(RULES + "vergleich/", {"von": old.pk, "zu": old.pk})
    assert response.status_code == 400
    assert "zwei verschiedene Fassungen" in response.content.decode()


def test_compare_does_not_reveal_unpublished_versions(client, publications_site):
    old, new = publications_site["old"], publications_site["new"]
    new.live = False
    new.save()
    assert client.get(RULES + "vergleich/", {"von": old.pk, "zu": new.pk}).status_code == 400
