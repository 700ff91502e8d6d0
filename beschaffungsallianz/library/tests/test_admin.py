"""The library in the admin: every URL Wagtail registers for its models, per persona (from the
URL resolver); an upload that is not a PDF is refused and nothing is stored; a document or a
link, not both; dead and moved links listed for editors with where they are used, and the
dashboard panel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from beschaffungsallianz.library.models import LibraryEntry, LinkCheck
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory, LinkCheckFactory
from beschaffungsallianz.publications.tests.factories import DocumentFactory, pdf_bytes
from conftest import LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

ENTRIES = "/admin/library/entry/"
CHECKS = "/admin/library/link-check/"
PUBLIC = ("anonymous", "unverified", "member", "arbeitskreis")


def _entry_expected(persona, admin_url):
    """Staff maintain entries; everybody else is sent to the login."""
    if persona in PUBLIC:
        return LOGIN
    return ENTRY_STAFF.get(admin_url.view, 200)


# Views that answer staff with something other than 200, and why.
ENTRY_STAFF = {
    "workflow_action": 404,  # no workflow on library entries
    "collect_workflow_action_data": 404,
    "confirm_workflow_cancellation": 404,
    "workflow_history_detail": 404,
    "preview_revision": 404,  # library entries have no preview
}


def _check_expected(persona, admin_url):
    """Editors and coordinators may only look at link checks (the command writes them):
    Wagtail sends them back to the dashboard from every other view."""
    if persona in PUBLIC:
        return LOGIN
    if persona == "admin_user":
        return 200
    if admin_url.view == "ping":  # the editing-session ping of an object they may not edit
        return 404
    if admin_url.view in CHECK_VIEWS_FOR_EDITORS:
        return 200
    return "302 /admin/"


# bulk:delete answers GET with the confirmation page, which lists what they may not delete
# (test_editors_cannot_delete_link_checks); chosen_multiple is the chooser's JSON.
CHECK_VIEWS_FOR_EDITORS = {
    "list",
    "list_results",
    "inspect",
    "choose",
    "choose_results",
    "chosen",
    "chosen_multiple",
    "bulk:delete",
}


def test_entry_admin_urls_per_persona(any_persona, index):
    name, client = any_persona
    entry = LibraryEntryFactory()
    entry.save_revision()
    assert_admin_matrix(client, name, admin_urls_for(LibraryEntry, entry), _entry_expected)


def test_link_check_admin_urls_per_persona(any_persona):
    name, client = any_persona
    check = LinkCheckFactory()
    assert_admin_matrix(client, name, admin_urls_for(LinkCheck, check), _check_expected)


def test_editors_cannot_delete_link_checks(client, editor):
    check = LinkCheckFactory()
    client.force_login(editor)

    client.post(f"/admin/bulk/library/linkcheck/delete/?id={check.pk}")
    client.post(f"{CHECKS}delete/{check.pk}/")

    assert LinkCheck.objects.filter(pk=check.pk).exists()


def _form(**fields):
    data = {
        "title": "Leitfaden",
        "slug": "leitfaden",
        "kind": "leitfaden",
        "publisher": "Umweltbundesamt",
        "year": "2020",
        "language": "de",
        "comment": "",
        "url": "",
        "source_url": "",
        "stages": ["award"],
    }
    data.update(fields)
    return data


def test_an_upload_that_is_not_a_pdf_is_refused_and_nothing_is_stored(client, editor, settings):
    client.force_login(editor)
    fake = SimpleUploadedFile("leitfaden.pdf", b"<html><script>alert(1)</script></html>")

    response = client.post(
        "/admin/documents/multiple/add/", {"files[]": fake}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_document_model().objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_entry_with_a_document_that_is_no_pdf_is_refused(client, editor):
    client.force_login(editor)
    word = DocumentFactory(content=b"PK\x03\x04 not really", content__name="text.docx")

    response = client.post(f"{ENTRIES}add/", _form(document=word.pk))

    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert LibraryEntry.objects.count() == 0


def test_an_entry_with_a_pdf_stores_pages_and_size_read_from_it(client, editor):
    client.force_login(editor)
    document = DocumentFactory(content=pdf_bytes(4))

    response = client.post(f"{ENTRIES}add/", _form(document=document.pk))

    assert response.status_code == 302, response.context["form"].errors
    entry = LibraryEntry.objects.get()
    assert (entry.page_count, entry.file_size) == (4, document.file.size)
    assert entry.stages == ["award"]
    assert not entry.live  # saved as a draft


@pytest.mark.parametrize("fields", [{}, {"url": "https://example.org/x", "document": "DOC"}])
def test_an_entry_needs_either_a_document_or_a_link(client, editor, fields):
    client.force_login(editor)
    if fields.get("document") == "DOC":
        fields["document"] = DocumentFactory().pk

    response = client.post(f"{ENTRIES}add/", _form(**fields))

    assert response.status_code == 200
    assert "nicht beides und nicht keines" in response.content.decode()
    assert LibraryEntry.objects.count() == 0


def test_editors_see_dead_links_with_where_they_are_used(client, editor, index):
    entry = LibraryEntryFactory(title="Alter Leitfaden", url="https://example.org/tot")
    LinkCheckFactory(url="https://example.org/tot", outcome="broken", status_code=404)
    LinkCheckFactory(url="https://example.org/alt", outcome="moved", status_code=301)
    LinkCheckFactory(url="https://example.org/gut", outcome="ok", status_code=200)
    client.force_login(editor)

    response = client.get(CHECKS, {"attention": "1"})

    html = response.content.decode()
    assert "https://example.org/tot" in html and "https://example.org/alt" in html
    assert "https://example.org/gut" not in html
    assert f"{ENTRIES}edit/{entry.pk}/" in html
    assert "Alter Leitfaden" in html


def test_the_dashboard_counts_dead_or_moved_links_for_editors(client, editor, member):
    LinkCheckFactory(url="https://example.org/tot", outcome="broken")
    LinkCheckFactory(url="https://example.org/alt", outcome="moved", status_code=301)
    LinkCheckFactory(url="https://example.org/gut", outcome="ok")
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "Tote oder umgezogene Links" in html
    assert "2 tote oder umgezogene Links" in html
    assert "https://example.org/gut" not in html
