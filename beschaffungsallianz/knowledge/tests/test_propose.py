"""/praxisbeispiele/vorschlagen/: the public proposes a practice example; it arrives as a draft."""

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from wagtail.documents import get_document_model

from beschaffungsallianz.knowledge import services
from beschaffungsallianz.knowledge.models import PracticeExample
from beschaffungsallianz.knowledge.tests.factories import (
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db

URL = "/praxisbeispiele/vorschlagen/"
Document = get_document_model()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(name="vergabeunterlagen.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def good_data(**overrides):
    data = {
        "title": "Dienstkleidung aus fairer Baumwolle",
        "buyer_name": "Musterstadt",
        "buyer_kind": "municipality",
        "state": "TH",
        "year": "2024",
        "product_groups": ["textilien"],
        "summary": "Ausschreibung von Dienstkleidung für die Feuerwehr.",
        "criteria": "ILO-Kernarbeitsnormen als Ausführungsbedingung; GOTS als Nachweis.",
        "experience": "Drei Angebote, alle mit Nachweis.",
        "source_url": "https://ted.europa.eu/de/notice/-/detail/123456-2024",
        "submitter_name": "Erika Mustermann",
        "submitter_email": "erika@musterstadt.example.org",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def proposal_site(knowledge_site, settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["redaktion@example.org"]
    ProductGroupFactory(slug="textilien", name="Textilien")
    return knowledge_site


def _post(client, data, ip="198.51.100.7"):
    return client.post(URL, data, REMOTE_ADDR=ip)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_stored(settings):
    assert PracticeExample.objects.count() == 0
    assert Document.objects.count() == 0
    assert _stored_files(settings) == []
    assert mail.outbox == []


def test_form_is_public_for_every_persona(proposal_site, persona):
    _name, client = persona
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content and 'name="attachments"' in content
    assert 'name="homepage"' in content and 'tabindex="-1"' in content
    assert "Praxisbeispiel vorschlagen" in content


def test_empty_submission_redisplays_with_german_messages_and_stores_nothing(
    proposal_site, client, settings
):
    response = _post(client, {})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Fehler: " in content and 'id="error-summary"' in content
    for message in (
        "Geben Sie einen Titel ein.",
        "Wählen Sie das Bundesland.",
        "Geben Sie Ihre E-Mail-Adresse ein.",
        "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu.",
    ):
        assert message in content
    assert 'href="#id_title"' in content
    assert 'aria-describedby="id_title_hint id_title_error"' in content
    assert 'aria-invalid="true"' in content
    _nothing_stored(settings)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"year": "1899"}, "Geben Sie ein Jahr ab 1990 ein."),
        ({"year": "2999"}, "Geben Sie ein Jahr bis"),
        ({"year": "zwanzig"}, "Geben Sie das Jahr vierstellig ein"),
        ({"state": "XX"}, "Wählen Sie das Bundesland aus der Liste."),
        ({"product_groups": ["gibtsnicht"]}, "Wählen Sie Produktgruppen aus der Liste."),
        (
            {"submitter_email": "kein-mail"},
            "Geben Sie eine E-Mail-Adresse wie name@example.org ein.",
        ),
        ({"source_url": "javascript:alert(1)"}, "Geben Sie eine Webadresse wie"),
        ({"title": "\x00"}, "Nullzeichen sind nicht erlaubt."),
    ],
)
def test_bad_values_are_rejected_and_nothing_is_stored(
    proposal_site, client, settings, overrides, message
):
    data = good_data(**overrides)
    data["attachments"] = [pdf()]
    response = _post(client, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-summary"' in content and message in content
    _nothing_stored(settings)


@pytest.mark.parametrize(
    "name, content",
    [
        ("angebot.pdf", b"<html><script>alert(1)</script></html>"),
        ("angebot.pdf", b"Dies ist nur Text, kein PDF."),
        ("angebot.pdf", b"%PDF-1.7\nkaputt"),
        ("angebot.exe", b"MZ\x90\x00"),
        ("angebot.docx", b"PK\x03\x04 kein Word"),
    ],
)
def test_fake_documents_are_rejected_and_nothing_is_stored(
    proposal_site, client, settings, name, content
):
    data = good_data(attachments=[pdf(), SimpleUploadedFile(name, content)])
    response = _post(client, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{name}:" in text and 'id="id_attachments_error"' in text
    _nothing_stored(settings)


def test_more_than_three_attachments_are_rejected(proposal_site, client, settings):
    data = good_data(attachments=[pdf(f"teil-{n}.pdf") for n in range(4)])
    content = _post(client, data).content.decode()
    assert "Hängen Sie höchstens 3 Dateien an; Sie haben 4 gewählt." in content
    _nothing_stored(settings)


def test_filled_honeypot_stores_nothing(proposal_site, client, settings):
    data = good_data(homepage="https://spam.example.com", attachments=[pdf()])
    response = _post(client, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-summary"' in content and "automatisiert" in content
    _nothing_stored(settings)


def test_rate_limit_answers_429_and_stores_nothing(proposal_site, client, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert _post(client, {}).status_code == 200
    response = _post(client, good_data(attachments=[pdf()]))
    assert response.status_code == 429
    assert 'id="error-summary"' in response.content.decode()
    _nothing_stored(settings)
    # Another network is not affected.
    assert _post(client, {}, ip="203.0.113.9").status_code == 200


def test_good_proposal_creates_a_draft_with_revision_and_private_documents(
    proposal_site, client, settings, django_capture_on_commit_callbacks
):
    data = good_data(attachments=[pdf("leistungsbeschreibung.pdf"), pdf("zuschlag.pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, data)
    assert response.status_code == 302 and response["Location"] == URL

    example = PracticeExample.objects.get()
    assert not example.live and example.has_unpublished_changes
    assert example.submitted_by_public and not example.is_demo
    assert example.submitter_email == "erika@musterstadt.example.org"
    assert example.contact_name == "Erika Mustermann" and not example.contact_consent
    assert example.state == "TH" and example.year == 2024
    assert list(example.product_groups.values_list("slug", flat=True)) == ["textilien"]
    assert "GOTS als Nachweis" in example.summary and example.outcome.startswith("Drei Angebote")
    assert example.latest_revision is not None and example.revisions.count() == 1

    documents = [d.document for d in example.documents.all()]
    assert sorted(d.title for d in documents) == ["leistungsbeschreibung.pdf", "zuschlag.pdf"]
    assert {d.collection.name for d in documents} == {services.SUBMISSIONS_COLLECTION}
    restriction = documents[0].collection.get_view_restrictions().get()
    assert set(restriction.groups.values_list("name", flat=True)) == {"Redaktion", "Koordination"}
    assert len(_stored_files(settings)) == 2

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redaktion@example.org"]
    assert "Dienstkleidung aus fairer Baumwolle" in message.subject
    assert "Entwurf" in message.body and "Dokumente: 2" in message.body
    assert "erika@" not in message.body  # no personal data in the e-mail

    thanks = client.get(URL).content.decode()
    assert "Vielen Dank, Ihr Vorschlag wurde gesendet." in thanks
    assert 'name="title"' not in thanks
    assert "Vielen Dank" not in client.get(URL).content.decode()  # shown once


def test_proposed_draft_is_not_public(
    proposal_site, client, settings, django_capture_on_commit_callbacks, editor
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, good_data(attachments=[pdf()]))
    example = PracticeExample.objects.get()
    assert client.get(f"/praxisbeispiele/{example.slug}/").status_code == 404
    assert "Dienstkleidung aus fairer" not in client.get("/laender/th/").content.decode()
    document = example.documents.get().document
    response = client.get(document.url)  # anonymous: login required
    assert response.status_code == 302 and response["Location"].startswith("/_util/login/")
    client.force_login(editor)
    assert client.get(document.url).status_code == 200


def test_second_proposal_with_the_same_title_gets_its_own_slug(proposal_site, client):
    _post(client, good_data())
    _post(client, good_data())
    assert sorted(PracticeExample.objects.values_list("slug", flat=True)) == [
        "dienstkleidung-aus-fairer-baumwolle",
        "dienstkleidung-aus-fairer-baumwolle-2",
    ]


def test_failure_while_saving_leaves_no_example_document_or_file(
    proposal_site, client, settings, monkeypatch
):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PracticeExample, "save_revision", boom)
    with pytest.raises(RuntimeError):
        _post(client, good_data(attachments=[pdf()]))
    _nothing_stored(settings)


def test_document_row_refused_by_the_database_leaves_no_file(proposal_site, client, settings):
    """A FileField stores its file while the INSERT is being built: when the database then
    refuses the second document's row, both stored files go with the rolled-back proposal."""
    insert = f'INSERT INTO "{Document._meta.db_table}"'
    inserts = []

    def refuse_second_document(execute, sql, params, many, context):
        if sql.startswith(insert):
            inserts.append(sql)
            if len(inserts) == 2:
                raise IntegrityError("the database refuses the row")
        return execute(sql, params, many, context)

    with pytest.raises(IntegrityError), connection.execute_wrapper(refuse_second_document):
        _post(client, good_data(attachments=[pdf("teil-1.pdf"), pdf("teil-2.pdf")]))
    assert len(inserts) == 2
    _nothing_stored(settings)


def test_notification_goes_to_coordinators_when_no_address_is_configured(
    proposal_site, client, settings, coordinator, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, good_data())
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
