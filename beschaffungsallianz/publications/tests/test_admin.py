"""Admin: permission matrix for the publications viewsets, sniffed document uploads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from beschaffungsallianz.publications.models import Publication, RulesOfProcedureVersion
from beschaffungsallianz.publications.tests.factories import (
    DocumentFactory,
    PublicationFactory,
    RulesOfProcedureFactory,
    RulesOfProcedureVersionFactory,
    pdf_bytes,
)
from conftest import LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db


def _expected(persona, admin_url):
    """Editors and up manage publications and the rules of procedure; the others log in."""
    if persona in ("anonymous", "member"):
        return LOGIN
    return 200


def _with_revision(obj):
    if hasattr(obj, "save_revision"):
        obj.save_revision()
    return obj


@pytest.mark.parametrize(
    "factory", [PublicationFactory, RulesOfProcedureFactory, RulesOfProcedureVersionFactory]
)
def test_every_admin_url_per_persona(persona, factory):
    """Every URL Wagtail registers for the model (from the URL resolver), exact status."""
    name, client = persona
    obj = _with_revision(factory())
    assert_admin_matrix(client, name, admin_urls_for(type(obj), obj), _expected)


def test_editor_role_has_publish_permissions(editor):
    for perm in (
        "publications.publish_publication",
        "publications.publish_rulesofprocedureversion",
        "publications.add_rulesofprocedureversion",
        "publications.change_publication",
    ):
        assert editor.has_perm(perm), perm


def test_member_cannot_create_a_publication_by_post(client, member):
    client.force_login(member)
    document = DocumentFactory()
    client.post(
        reverse("wagtailsnippets_publications_publication:add"),
        {
            "title": "Heimlich",
            "kind": "flyer",
            "year": 2020,
            "language": "de",
            "document": document.pk,
            "sort_order": 0,
        },
    )
    assert not Publication.objects.exists()


def test_editor_publishes_a_new_version_that_becomes_current(client, editor, publications_site):
    client.force_login(editor)
    rules = publications_site["rules"]
    document = DocumentFactory(content__pages=2)
    response = client.post(
        reverse("wagtailsnippets_publications_rulesofprocedureversion:add"),
        {
            "rules": rules.pk,
            "label": "Fassung 2024",
            "adopted_on": "2024-03-01",
            "adopted_by": "Sitzung",
            "change_summary": "Neu.",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Neuer Text.", '
            '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "document": document.pk,
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = RulesOfProcedureVersion.objects.get(label="Fassung 2024")
    assert version.live
    assert rules.current_version == version
    html = client.get("/arbeitskreis/geschaeftsordnung/").content.decode()
    assert "Neuer Text." in html
    old = publications_site["old"]
    assert client.get(f"/arbeitskreis/geschaeftsordnung/version/{old.pk}/").status_code == 200


def test_publication_form_rejects_a_non_pdf_document(client, editor):
    client.force_login(editor)
    text_document = DocumentFactory(content=b"Name;Ort\nA;B\n", content__name="liste.csv")
    response = client.post(
        reverse("wagtailsnippets_publications_publication:add"),
        {
            "title": "Liste",
            "kind": "other",
            "year": 2020,
            "language": "de",
            "document": text_document.pk,
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie ein PDF-Dokument." in response.content.decode()
    assert not Publication.objects.exists()


def test_version_form_rejects_a_broken_pdf_document(client, editor, publications_site):
    client.force_login(editor)
    broken = DocumentFactory(content=b"%PDF-1.4 kaputt", content__name="kaputt.pdf")
    response = client.post(
        reverse("wagtailsnippets_publications_rulesofprocedureversion:add"),
        {
            "rules": publications_site["rules"].pk,
            "label": "Kaputt",
            "adopted_on": "2024-03-01",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "x", "depth": 0, '
            '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "document": broken.pk,
        },
    )
    assert response.status_code == 200
    assert "lässt sich nicht als PDF lesen" in response.content.decode()
    assert not RulesOfProcedureVersion.objects.filter(label="Kaputt").exists()


def _upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content),
            "collection": 1,
        },
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><script>alert(1)</script>", "enthält eine Webseite oder ein Skript"),
        (b"GIF89a....", "keine gültige PDF-Datei"),
    ],
    ids=["html-disguised-as-pdf", "fake-pdf"],
)
def test_admin_document_upload_rejects_what_is_no_pdf(client, editor, content, message):
    client.force_login(editor)
    response = _upload_document(client, "flyer.pdf", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_document_model().objects.exists()


def test_admin_document_upload_rejects_oversize(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 500
    client.force_login(editor)
    response = _upload_document(client, "flyer.pdf", pdf_bytes(3))
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_admin_document_upload_accepts_a_real_pdf(client, editor):
    client.force_login(editor)
    response = _upload_document(client, "flyer.pdf", pdf_bytes(2))
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.file_size > 0


def test_chooser_upload_applies_the_same_sniffing(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Fake",
            "document-chooser-upload-file": SimpleUploadedFile("f.pdf", b"<html></html>"),
            "document-chooser-upload-collection": 1,
        },
    )
    assert not get_document_model().objects.exists()
    assert "Webseite" in response.content.decode()


def test_version_list_in_admin_shows_versions(client, editor):
    client.force_login(editor)
    RulesOfProcedureVersionFactory(label="Fassung 2016")
    response = client.get(reverse("wagtailsnippets_publications_rulesofprocedureversion:list"))
    assert "Fassung 2016" in response.content.decode()


# --- Lists and forms for editors (issue 7 item 19) ----------------------------------------


def test_publication_list_shows_a_human_size_and_yes_no(client, editor):
    publication = PublicationFactory(is_sample=True, document=DocumentFactory(content__pages=3))
    client.force_login(editor)
    content = client.get(reverse("wagtailsnippets_publications_publication:list")).content
    content = content.decode()
    assert f">{publication.file_size}<" not in content
    assert "KB</td>" in content.replace("\n", "").replace(" ", "")
    assert "True" not in content and "False" not in content
    assert "w-sr-only" in content and "ja" in content


def test_version_list_shows_german_dates(client, editor):
    RulesOfProcedureVersionFactory(adopted_on=datetime.date(2019, 3, 12))
    client.force_login(editor)
    content = client.get(
        reverse("wagtailsnippets_publications_rulesofprocedureversion:list")
    ).content.decode()
    assert "12.03.2019" in content
    assert "2019-03-12" not in content


def test_new_version_starts_with_the_current_text(client, editor):
    current = RulesOfProcedureVersionFactory(
        adopted_on=datetime.date(2019, 3, 12), body="<p>Gültiger Text von 2019.</p>"
    )
    RulesOfProcedureVersionFactory(
        rules=current.rules, adopted_on=datetime.date(2016, 6, 15), body="<p>Alter Text.</p>"
    )
    RulesOfProcedureVersionFactory(
        rules=current.rules,
        adopted_on=datetime.date(2024, 1, 1),
        body="<p>Unveröffentlichter Entwurf.</p>",
        live=False,
    )
    client.force_login(editor)
    url = reverse("wagtailsnippets_publications_rulesofprocedureversion:add")
    response = client.get(url)
    body = response.context["form"]["body"].value()
    assert "Gültiger Text von 2019." in body
    assert "Alter Text" not in body and "Entwurf" not in body
    content = response.content.decode()
    assert "Text von 2019." in content  # in the editor's initial (JSON) content
    assert f'<option value="{current.rules.pk}" selected>' in content
    # The label, date and PDF stay empty: they belong to the new version.
    assert 'name="label" value=""' in content or 'name="label" maxlength="100"' in content


@pytest.mark.parametrize("query", ["", "?rules=abc", "?rules=999999"])
def test_new_version_form_without_rules_or_with_odd_query_opens(client, editor, query):
    client.force_login(editor)
    url = reverse("wagtailsnippets_publications_rulesofprocedureversion:add") + query
    assert client.get(url).status_code == 200
