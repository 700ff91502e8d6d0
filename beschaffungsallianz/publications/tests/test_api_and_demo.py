"""Open-data API of publications, and the idempotent demo content."""

import io

import pytest
from wagtail.documents import get_document_model

from beschaffungsallianz.publications.models import (
    Publication,
    PublicationIndexPage,
    RulesOfProcedurePage,
    RulesOfProcedureVersion,
)
from beschaffungsallianz.publications.tests.factories import DocumentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_api_lists_live_publications_with_facts(client):
    PublicationFactory(title="Flyer", kind="flyer", document=DocumentFactory(content__pages=6))
    PublicationFactory(title="Entwurf", live=False)
    data = client.get("/api/v1/publications/").json()
    assert [item["title"] for item in data] == ["Flyer"]
    assert data[0]["page_count"] == 6
    assert data[0]["download_url"].startswith("http://testserver/documents/")
    assert data[0]["cover_url"]


def test_api_kind_filter_is_strict(client):
    PublicationFactory(kind="flyer")
    assert len(client.get("/api/v1/publications/", {"kind": "flyer"}).json()) == 1
    assert client.get("/api/v1/publications/", {"kind": "nonsense"}).status_code == 422


def test_api_rules_of_procedure_mark_the_current_version(client, publications_site):
    data = client.get("/api/v1/publications/rules-of-procedure/").json()
    versions = data[0]["versions"]
    assert [(v["label"], v["is_current"]) for v in versions] == [
        ("Fassung 2019", True),
        ("Fassung 2016", False),
    ]
    assert client.get("/api/v1/publications/rules-of-procedure/999999/").status_code == 404
    assert client.get("/api/v1/publications/rules-of-procedure/abc/").status_code == 422


def test_demo_content_is_read_from_real_pdfs_and_idempotent(home, client):
    from beschaffungsallianz.publications.demo import load_demo

    out = io.StringIO()
    load_demo(out)
    counts = (
        get_document_model().objects.count(),
        Publication.objects.count(),
        RulesOfProcedureVersion.objects.count(),
        PublicationIndexPage.objects.count(),
        RulesOfProcedurePage.objects.count(),
    )
    load_demo(out)
    assert counts == (
        get_document_model().objects.count(),
        Publication.objects.count(),
        RulesOfProcedureVersion.objects.count(),
        PublicationIndexPage.objects.count(),
        RulesOfProcedurePage.objects.count(),
    )
    assert "created 0 documents, 0 publications" in out.getvalue()

    pages = dict(Publication.objects.values_list("kind", "page_count"))
    assert pages == {"flyer": 6, "brochure": 8, "booklet": 12}
    assert all(p.is_sample and p.live and p.cover_image for p in Publication.objects.all())

    html = client.get("/publikationen/").content.decode()
    assert "6 Seiten, PDF" in html and "8 Seiten, PDF" in html and "Kleine Kniffe" in html
    rules_html = client.get("/arbeitskreis/geschaeftsordnung/").content.decode()
    assert "Fassung 2019 (Beispiel)" in rules_html and "Beispieltext" in rules_html
    assert "§ 6 Inkrafttreten" in rules_html
