"""Publication facts from the PDF, covers, and which version of the rules is current."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from beschaffungsallianz.publications.models import Publication
from beschaffungsallianz.publications.tests.factories import (
    DocumentFactory,
    PublicationFactory,
    RulesOfProcedureFactory,
    RulesOfProcedureVersionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def test_page_count_and_size_are_read_from_the_document_on_save():
    document = DocumentFactory(content__pages=6)
    publication = PublicationFactory(document=document)
    publication.refresh_from_db()
    assert publication.page_count == 6
    assert publication.file_size == document.file.size
    assert publication.pdf_error == ""


def test_cover_is_generated_from_page_one_with_german_alt_text():
    with translation.override("en"):
        publication = PublicationFactory(title="Projektflyer", language="de")
    cover = publication.cover_image
    assert cover is not None and cover == publication.generated_cover
    assert cover.alt_text == "Titelseite von „Projektflyer“"
    assert cover.width == 480 and cover.height > 480
    assert cover.file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_replacing_the_document_file_rereads_facts_and_cover():
    document = DocumentFactory(content__pages=2)
    publication = PublicationFactory(document=document)
    first_cover = publication.cover_image
    document.file.save("neu.pdf", ContentFile(pdf_bytes(8)), save=False)
    document._set_document_file_metadata()
    document.save()  # the signal refreshes every publication that uses the document
    publication.refresh_from_db()
    assert publication.page_count == 8
    assert publication.cover_image != first_cover


def test_editor_chosen_cover_is_kept_when_the_document_changes():
    publication = PublicationFactory()
    own_cover = PublicationFactory(title="Anderes").cover_image
    publication.cover_image = own_cover
    publication.save()
    publication.document = DocumentFactory(content__pages=3)
    publication.save()
    assert publication.page_count == 3
    assert publication.cover_image == own_cover


def test_unchanged_document_is_not_read_again(django_assert_num_queries):
    publication = PublicationFactory()
    cover = publication.cover_image
    publication.title = "Neuer Titel"
    assert publication.refresh_from_document() is False
    publication.save()
    assert publication.cover_image == cover


def test_broken_pdf_does_not_crash_and_records_the_problem():
    document = DocumentFactory(content=b"%PDF-1.4\n garbage without objects", content__name="x.pdf")
    publication = PublicationFactory(document=document)
    assert publication.page_count is None
    assert publication.file_size is None
    assert publication.pdf_error
    assert publication.cover_image is None


def test_publication_without_document_has_no_facts():
    publication = PublicationFactory(document=None)
    assert (publication.page_count, publication.file_size) == (None, None)
    assert publication.pdf_facts == "PDF"


def test_live_queryset_and_kind_filter_ignore_unknown_kinds():
    flyer = PublicationFactory(kind="flyer")
    PublicationFactory(kind="brochure")
    PublicationFactory(kind="flyer", live=False)
    assert list(Publication.objects.live().of_kind("flyer")) == [flyer]
    assert Publication.objects.live().of_kind("<script>").count() == 2


def test_current_version_is_the_published_one_adopted_last():
    rules = RulesOfProcedureFactory()
    old = RulesOfProcedureVersionFactory(rules=rules, adopted_on=datetime.date(2016, 6, 15))
    new = RulesOfProcedureVersionFactory(rules=rules, adopted_on=datetime.date(2019, 5, 8))
    assert rules.current_version == new
    assert new.is_current and not old.is_current
    assert list(rules.published_versions()) == [new, old]


def test_unpublished_newer_version_does_not_become_current():
    rules = RulesOfProcedureFactory()
    old = RulesOfProcedureVersionFactory(rules=rules, adopted_on=datetime.date(2016, 6, 15))
    draft = RulesOfProcedureVersionFactory(
        rules=rules, adopted_on=datetime.date(2022, 1, 1), live=False
    )
    assert rules.current_version == old
    draft.save_revision().publish()
    assert rules.current_version == draft


def test_version_entered_later_with_an_earlier_date_does_not_become_current():
    rules = RulesOfProcedureFactory()
    newest = RulesOfProcedureVersionFactory(rules=rules, adopted_on=datetime.date(2019, 5, 8))
    RulesOfProcedureVersionFactory(rules=rules, adopted_on=datetime.date(2012, 1, 1))
    assert rules.current_version == newest


def test_rules_without_versions_have_no_current_version():
    assert RulesOfProcedureFactory().current_version is None
