"""Browser tests: the public pages pass axe; an editor publishes a new version of the rules."""

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.publications.tests.factories import build_publications_site
from conftest import PASSWORD, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_publications_and_rules_pages_are_accessible(page):
    from beschaffungsallianz.publications.tests.factories import (
        DocumentFactory,
        PublicationFactory,
    )

    site = build_publications_site()
    PublicationFactory(
        title="Projektflyer",
        kind="flyer",
        is_sample=True,
        document=DocumentFactory(content__pages=6),
    )
    PublicationFactory(
        title="Broschüre", kind="brochure", document=DocumentFactory(content__pages=8)
    )

    page.goto(page.base_url + "/publikationen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publikationen")
    assert page.locator(".publication__facts", has_text="6 Seiten, PDF").count() == 1
    page.get_by_label("Art der Publikation").select_option("flyer")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**/publikationen/?art=flyer")
    assert page.get_by_role("heading", name="Broschüre").count() == 0
    assert_accessible(page)

    page.goto(page.base_url + "/arbeitskreis/geschaeftsordnung/")
    assert page.get_by_text("Gültige Fassung").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Mit vorheriger Fassung vergleichen").first.click()
    expect(page.get_by_text("hinzugefügt:").first).to_be_visible()
    assert_accessible(page)

    page.goto(page.base_url + f"/arbeitskreis/geschaeftsordnung/version/{site['old'].pk}/")
    assert page.get_by_text("Dies ist eine frühere Fassung").count() == 1
    assert_accessible(page)

    page.goto(page.base_url + "/arbeitskreis/geschaeftsordnung/vergleich/?von=abc&zu=1")
    assert page.locator("#error-summary").count() == 1
    assert_accessible(page)


def test_editor_uploads_and_publishes_a_new_version(page, tmp_path, django_user_model):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from beschaffungsallianz.core.roles import EDITOR_GROUP
    from beschaffungsallianz.publications.tests.factories import pdf_bytes

    site = build_publications_site()
    editor = django_user_model.objects.create_user("redakteurin", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    pdf_path = tmp_path / "geschaeftsordnung-2024.pdf"
    pdf_path.write_bytes(pdf_bytes(3, "Geschäftsordnung 2024"))

    # Real login form
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto(page.base_url + reverse("wagtailsnippets_publications_rulesofprocedureversion:add"))
    page.select_option("#id_rules", str(site["rules"].pk))
    page.fill("#id_label", "Fassung 2024")
    page.fill("#id_adopted_on", "2024-03-01")
    page.keyboard.press("Escape")
    page.fill("#id_adopted_by", "Sitzung des Arbeitskreises")
    page.fill("#id_change_summary", "Neue Regeln für Online-Sitzungen.")
    editor_area = page.locator("#panel-child-body-wrapper [contenteditable=true]").first
    editor_area.click()
    page.keyboard.type("Der Arbeitskreis tagt auch online.")

    # Upload the PDF through the document chooser
    page.locator("#panel-child-document-wrapper .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Hochladen").click()
    modal.locator("input[type=file]").set_input_files(str(pdf_path))
    modal.locator("input[name='document-chooser-upload-title']").fill("Geschäftsordnung 2024")
    modal.locator("form[action*='create'] button[type=submit]").click()
    chosen = page.locator("#panel-child-document-wrapper", has_text="Geschäftsordnung 2024")
    chosen.wait_for()

    # Publish from the action menu
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url("**" + reverse("wagtailsnippets_publications_rulesofprocedureversion:list"))

    page.goto(page.base_url + "/arbeitskreis/geschaeftsordnung/")
    assert page.get_by_role("heading", name="Fassung 2024").count() == 1
    assert page.get_by_text("Der Arbeitskreis tagt auch online.").count() == 1
    assert page.get_by_role("link", name="Als PDF herunterladen").count() == 1
    assert_accessible(page)

    page.goto(page.base_url + f"/arbeitskreis/geschaeftsordnung/version/{site['new'].pk}/")
    assert page.get_by_text("Dies ist eine frühere Fassung").count() == 1
    assert page.get_by_text("dreimal im Jahr").count() >= 1
