"""Admin viewsets of the knowledge base per persona; moderation workflow; model behaviour."""

import pytest
from django.urls import reverse

from beschaffungsallianz.knowledge.models import PracticeExample
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)
from conftest import STAFF_ONLY, admin_outcome

pytestmark = pytest.mark.django_db

MODELS = ["practiceexample", "productgroup", "label", "criterion", "statelaw"]


@pytest.mark.parametrize("view", ["list", "add"])
@pytest.mark.parametrize("model", MODELS)
def test_admin_views_per_persona(persona, model, view):
    name, client = persona
    response = client.get(reverse(f"wagtailsnippets_knowledge_{model}:{view}"))
    assert admin_outcome(response) == STAFF_ONLY[name]


def test_editor_can_edit_an_example_with_criteria_and_documents_panels(client_as):
    example = PracticeExampleFactory(criteria=[(CriterionFactory(), "award")])
    client = client_as("editor")
    response = client.get(
        reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "criteria_used-TOTAL_FORMS" in html and "documents-TOTAL_FORMS" in html


def test_editor_may_publish_every_knowledge_model(editor):
    for model in ("practiceexample", "label", "criterion", "statelaw"):
        assert editor.has_perm(f"knowledge.publish_{model}")
    assert editor.has_perm("knowledge.change_productgroup")


def test_ted_link_only_for_ted_numbers():
    example = PracticeExample(notice_number="123456-2024")
    assert example.ted_url == "https://ted.europa.eu/de/notice/-/detail/123456-2024"
    assert PracticeExample(notice_number="a1b2c3-ab12-cd34").ted_url == ""
    assert PracticeExample(notice_number="").ted_url == ""


def test_label_and_example_urls_follow_the_index_pages(knowledge_site):
    assert LabelFactory(slug="fsc").get_absolute_url() == "/guetezeichen/fsc/"
    assert PracticeExampleFactory(slug="x").get_absolute_url() == "/praxisbeispiele/x/"


def test_search_text_includes_related_names():
    group = ProductGroupFactory(name="Natursteine")
    example = PracticeExampleFactory(product_groups=[group])
    assert "naturstein" in example.search_text.split()
