"""Only publishing changes what the public finds (issue 7 item 1: draft text leaked into search).

An editor saves a *draft* of a live practice example (Wagtail "Entwurf speichern", i.e.
``save_revision()``) whose title, summary, product groups and labels differ from the live
version. Until the draft is published, no public channel may find the example by a word of the
draft, and the live words must still find it; publishing switches, unpublishing hides it.
"""

import re

import bs4
import pytest
from django.urls import reverse

from beschaffungsallianz.core.tests.spreadsheets import csv_dicts, xlsx_rows
from beschaffungsallianz.knowledge.models import PracticeExample, TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db

LIVE_WORD = "Bauhof"  # only in the live title
DRAFT_WORD = "Geheimprojekt"  # only in the draft's title and summary
DRAFT_GROUP_WORD = "Streusalz"  # name of a product group only the draft links
DRAFT_LABEL_WORD = "Entwurfssiegel"  # name of a label only the draft links


@pytest.fixture
def example(knowledge_site):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    ProductGroupFactory(slug="streusalz", name=DRAFT_GROUP_WORD)
    LabelFactory(slug="entwurfssiegel", name=DRAFT_LABEL_WORD)
    ilo = CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen")
    example = PracticeExampleFactory(
        slug="kleidung",
        title=f"Dienstkleidung für den {LIVE_WORD}",
        summary="Neue Arbeitskleidung.",
        state="TH",
        year=2024,
        product_groups=[textiles],
        criteria=[(ilo, TenderStage.PERFORMANCE)],
    )
    # a live example in the draft's product group, in a third state: "related" candidate
    PracticeExampleFactory(
        slug="streudienst",
        title="Winterdienst in Sachsen",
        state="SN",
        product_groups=[ProductGroupFactory(slug="streusalz")],
    )
    return example


def save_draft(example: PracticeExample) -> PracticeExample:
    """What the admin's "save draft" does to a live example: a revision, the row untouched."""
    draft = PracticeExample.objects.get(pk=example.pk)
    draft.title = f"{DRAFT_WORD}: Winterdienst"
    draft.summary = f"{DRAFT_WORD} im Entwurf."
    draft.state = "BY"
    draft.product_groups = [ProductGroupFactory(slug="streusalz")]
    draft.labels = [LabelFactory(slug="entwurfssiegel")]
    draft.save_revision()
    return draft


def publish(draft: PracticeExample) -> None:
    draft.get_latest_revision().publish()


# --- the search channels: page, API, CSV (XLSX joins when it exists) ------------------------


def page_slugs(client, q: str) -> set[str]:
    response = client.get("/praxisbeispiele/", {"q": q})
    assert response.status_code == 200
    return set(re.findall(r'href="/praxisbeispiele/([-\w]+)/"', response.content.decode()))


def api_slugs(client, q: str) -> set[str]:
    response = client.get("/api/v1/examples", {"q": q})
    assert response.status_code == 200
    return {item["slug"] for item in response.json()["results"]}


def csv_slugs(client, q: str) -> set[str]:
    return {row["slug"] for row in csv_dicts(client.get("/praxisbeispiele/csv/", {"q": q}))}


def xlsx_slugs(client, q: str) -> set[str]:
    _header, *rows = xlsx_rows(client.get("/praxisbeispiele/xlsx/", {"q": q}))
    return {row[0] for row in rows}


SEARCH_CHANNELS = {"page": page_slugs, "api": api_slugs, "csv": csv_slugs, "xlsx": xlsx_slugs}


@pytest.mark.parametrize("channel", SEARCH_CHANNELS)
def test_a_saved_draft_changes_nothing_that_search_finds(example, client, channel):
    found = SEARCH_CHANNELS[channel]
    assert "kleidung" in found(client, LIVE_WORD)
    save_draft(example)
    for word in (DRAFT_WORD, DRAFT_GROUP_WORD, DRAFT_LABEL_WORD):
        assert "kleidung" not in found(client, word), word
    assert "kleidung" in found(client, LIVE_WORD)
    assert "kleidung" in found(client, "Textilien")  # the live product group


@pytest.mark.parametrize("channel", SEARCH_CHANNELS)
def test_publishing_the_draft_switches_search_and_unpublishing_hides_it(example, client, channel):
    found = SEARCH_CHANNELS[channel]
    publish(save_draft(example))
    for word in (DRAFT_WORD, DRAFT_GROUP_WORD, DRAFT_LABEL_WORD):
        assert "kleidung" in found(client, word), word
    assert "kleidung" not in found(client, LIVE_WORD)
    PracticeExample.objects.get(pk=example.pk).unpublish()
    assert "kleidung" not in found(client, DRAFT_WORD)


def test_facet_counts_do_not_change_with_a_draft(example, client):
    def facets():
        data = client.get("/api/v1/examples").json()["facets"]
        return {key: {o["value"]: o["count"] for o in options} for key, options in data.items()}

    before = facets()
    assert before["state"] == {"TH": 1, "SN": 1}
    assert before["product_group"] == {"textilien": 1, "streusalz": 1}
    save_draft(example)
    assert facets() == before
    html = client.get("/praxisbeispiele/").content.decode()
    assert DRAFT_LABEL_WORD not in html and "Thüringen (1)" in html and "Bayern (" not in html
    publish(PracticeExample.objects.get(pk=example.pk))
    after = facets()
    assert after["state"] == {"BY": 1, "SN": 1}
    assert after["product_group"] == {"streusalz": 2}
    assert after["label"] == {"entwurfssiegel": 1}


def test_related_examples_follow_the_live_product_groups(example, client):
    def related_to_streudienst() -> bool:
        html = client.get("/praxisbeispiele/streudienst/").content.decode()
        return 'href="/praxisbeispiele/kleidung/"' in html

    save_draft(example)  # only the draft shares the product group of "streudienst"
    assert not related_to_streudienst()
    publish(PracticeExample.objects.get(pk=example.pk))
    assert related_to_streudienst()


def test_a_draft_saved_in_the_admin_is_not_found(example, client, editor):
    """The same through the admin's edit form, "save draft" (no publish action)."""
    client.force_login(editor)
    url = reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk])
    form = bs4.BeautifulSoup(client.get(url).content, "html.parser").find(id="w-editor-form")
    data = form_values(form)
    data["title"] = f"{DRAFT_WORD} Winterdienst"
    data["summary"] = f"{DRAFT_WORD} im Entwurf."
    response = client.post(url, data)
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.has_unpublished_changes and example.live
    client.logout()
    assert "kleidung" not in api_slugs(client, DRAFT_WORD)
    assert "kleidung" in api_slugs(client, LIVE_WORD)
    assert "kleidung" in page_slugs(client, LIVE_WORD)


def form_values(form) -> dict:
    """The values a browser would submit for ``form`` (without pressing any named button)."""
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "select":
            values = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
        elif field.name == "textarea":
            values = [field.text]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        elif field.get("type") in ("submit", "button", "file"):
            continue
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


# --- the other public channels: feed, sitemap, site search ----------------------------------


def test_feed_shows_the_live_title_until_the_draft_is_published(example, client):
    save_draft(example)
    feed = client.get("/praxisbeispiele/feed/").content.decode()
    assert f"Dienstkleidung für den {LIVE_WORD}" in feed and DRAFT_WORD not in feed
    publish(PracticeExample.objects.get(pk=example.pk))
    feed = client.get("/praxisbeispiele/feed/").content.decode()
    assert DRAFT_WORD in feed and LIVE_WORD not in feed


def test_sitemap_never_shows_draft_text(example, client):
    save_draft(example)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/praxisbeispiele/" in sitemap
    assert DRAFT_WORD.lower() not in sitemap.lower()


def test_site_search_never_finds_draft_text(example, client):
    save_draft(example)
    html = client.get("/suche/", {"q": DRAFT_WORD}).content.decode()
    assert DRAFT_WORD in html  # the query is echoed …
    assert "Winterdienst" not in html  # … but no result carries the draft's text
