"""The newsletter in the admin: an editor previews an issue (web page and mail), sends a test
mail to herself, then sends it and sees the progress; coordinators export the subscribers;
editors never see them."""

import csv
import io

import pytest
from django.core import mail

from beschaffungsallianz.core.tests.spreadsheets import body, xlsx_rows
from beschaffungsallianz.newsletter.models import Delivery
from beschaffungsallianz.newsletter.tests.factories import SubscriberFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/newsletter/subscriber/"


def test_the_preview_shows_the_issue_as_a_mail(issue):
    preview = issue.make_preview_request(preview_mode="mail")

    assert preview.status_code == 200
    assert_contains(preview.content.decode(), '<html lang="de">', "Newsletter März", "Herausgeber:")


def test_editor_sends_a_test_mail_to_herself_and_no_subscriber_gets_it(client, editor, issue):
    SubscriberFactory(email="leserin@example.org")
    client.force_login(editor)
    issue.title = "Newsletter März (Entwurf)"
    issue.save_revision()  # a draft: the test mail shows it

    response = client.post(f"/admin/newsletter/issue/{issue.pk}/test/")

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == "[Test] Newsletter März (Entwurf)"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Delivery.objects.exists()


def test_editor_sends_the_issue_and_sees_the_progress(client, editor, issue):
    SubscriberFactory(email="a@example.org")
    SubscriberFactory(email="b@example.org")
    client.force_login(editor)
    send = f"/admin/newsletter/issue/{issue.pk}/send/"
    assert "0 von 2 versandt" in client.get(send).content.decode()

    response = client.post(send)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    page = client.get(send).content.decode()
    assert "2 von 2 versandt" in page and "Versand abgeschlossen" in page
    assert 'type="submit"' not in page  # nothing left to send
    assert "Newsletter März" in client.get("/newsletter/archiv/").content.decode()


def test_an_issue_with_unpublished_changes_is_not_sent(client, editor, issue):
    SubscriberFactory()
    issue.title = "Noch nicht fertig"
    issue.save_revision()
    client.force_login(editor)

    client.post(f"/admin/newsletter/issue/{issue.pk}/send/")

    assert mail.outbox == [] and not Delivery.objects.exists()


def test_the_issue_page_offers_test_mail_and_send(client, editor, issue):
    client.force_login(editor)

    html = client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()

    assert_contains(
        html,
        f"/admin/newsletter/issue/{issue.pk}/test/",
        f"/admin/newsletter/issue/{issue.pk}/send/",
    )


def test_coordinator_exports_subscribers_with_consent_proof(client, coordinator):
    SubscriberFactory(email="erika@example.org", topic_events=True)
    client.force_login(coordinator)

    header, csv_row = csv.reader(io.StringIO(body(client.get(LIST, {"export": "csv"})).decode()))
    row = dict(zip(header, csv_row, strict=True))
    xlsx_header, xlsx_row = xlsx_rows(client.get(LIST, {"export": "xlsx"}))

    assert row["E-Mail-Adresse"] == "erika@example.org" and row["Themen"] == "Termine"
    assert row["Einwilligungstext (wie angezeigt)"].startswith("Ich möchte den Newsletter")
    assert row["Einwilligung erteilt am"] and row["Bestätigt am"]
    assert dict(zip(xlsx_header, xlsx_row, strict=True))["E-Mail-Adresse"] == "erika@example.org"


def test_editor_sees_no_subscriber_anywhere(client, editor):
    SubscriberFactory(email="erika.geheim@example.org")
    client.force_login(editor)

    for url in (LIST, f"{LIST}?export=csv"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "geheim" not in response.content.decode()
