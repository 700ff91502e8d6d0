"""Editors never type a slug: it follows the title as they type (Wagtail's slug sync, as on
pages) and is made from the title on save when left empty (core/admin_ui.py)."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from beschaffungsallianz.knowledge.models import Criterion, Label, PracticeExample, ProductGroup
from beschaffungsallianz.knowledge.tests.factories import LabelFactory

pytestmark = pytest.mark.django_db

SLUGGED = [
    (ProductGroup, "name"),
    (Label, "name"),
    (Criterion, "title"),
    (PracticeExample, "title"),
]


@pytest.mark.parametrize(("model", "title_field"), SLUGGED)
def test_add_form_fills_the_slug_from_the_title_while_typing(client, editor, model, title_field):
    client.force_login(editor)
    content = client.get(reverse(model.snippet_viewset.get_url_name("add"))).content.decode()
    title = re.search(rf'<input[^>]*name="{title_field}"[^>]*>', content).group(0)
    assert "w-sync" in title and 'data-w-sync-target-value="#id_slug"' in title
    slug = re.search(r'<input[^>]*name="slug"[^>]*>', content).group(0)
    assert 'data-controller="w-slug"' in slug
    assert 'data-w-slug-allow-unicode-value="false"' in slug
    assert "required" not in slug


def _label_form(**fields):
    return {
        "name": "Grüner Knopf",
        "slug": "",
        "covers": "sozial",
        "description": rich_text(""),
        "notes": "",
        "website": "",
        "sources": "",
        **fields,
    }


def test_empty_slug_is_made_from_the_title_on_save(client, editor):
    LabelFactory(name="Grüner Knopf alt", slug="gruener-knopf")
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_knowledge_label:add"), _label_form())
    assert response.status_code == 302, response.context["form"].errors
    assert Label.objects.get(name="Grüner Knopf").slug == "gruener-knopf-2"


def test_a_typed_slug_is_kept_and_still_checked(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippets_knowledge_label:add")
    response = client.post(url, _label_form(slug="gk"))
    assert response.status_code == 302
    assert Label.objects.get().slug == "gk"
    again = client.post(url, _label_form(name="Anderes Zeichen", slug="gk"))
    assert again.status_code == 200  # re-displayed: the slug is taken
    assert Label.objects.count() == 1
