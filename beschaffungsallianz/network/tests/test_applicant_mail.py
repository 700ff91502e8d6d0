"""Applicants hear from the site: a confirmation when they send the join form, a welcome when
a coordinator accepts them, each in the language of the page they used."""

import datetime

import pytest
from django.core import mail

from beschaffungsallianz.core.tests.factories import translate
from beschaffungsallianz.network.models import JoinRequest, MemberListPage
from beschaffungsallianz.network.services import accept_join_request, decline_join_request
from beschaffungsallianz.network.tasks import confirm_join_request, welcome_new_member
from beschaffungsallianz.network.tests.factories import JoinRequestFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Erika Mustermann",
    "organisation_name": "Gemeinde Neudorf",
    "sector": "municipality",
    "email": "erika@neudorf.example.org",
    "phone": "",
    "message": "Wir möchten mitmachen.",
    "consent": "on",
    "homepage": "",
}


def _applicant_mails():
    return [m for m in mail.outbox if m.to == ["erika@neudorf.example.org"]]


@pytest.fixture
def english_join_page(network_site):
    translate(network_site["home"], title="Start")
    wg_en = translate(network_site["working_group"], title="Working group")
    members_en = translate(network_site["members"], title="Members")
    join_en = translate(network_site["join"], title="Join us")
    return {"working_group": wg_en, "members": members_en, "join": join_en}


def test_german_form_sends_the_applicant_a_german_confirmation(
    network_site, client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mitmachen/", FORM)
    assert response.status_code == 302

    assert JoinRequest.objects.get().language == "de"
    [message] = _applicant_mails()
    assert message.subject == "Ihre Anfrage zum Mitmachen ist eingegangen"
    assert_contains(
        message.body,
        "Hallo Erika Mustermann,",
        "„Gemeinde Neudorf“",
        "Faire und nachhaltige Beschaffung in Thüringen",
        "http://testserver/datenschutz/",
        "180 Tagen",
    )
    # The coordinators' mail is separate and still carries no personal data.
    [staff] = [m for m in mail.outbox if m.to == ["coordinator@example.org"]]
    assert "Erika" not in staff.body


def test_english_form_sends_an_english_confirmation(
    english_join_page, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/mitmachen/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/en/mitmachen/?gesendet=1"

    assert JoinRequest.objects.get().language == "en"
    [message] = _applicant_mails()
    assert message.subject == "We have received your request to join"
    assert "Hello Erika Mustermann," in message.body
    assert "http://testserver/en/" in message.body


def test_invalid_or_rate_limited_form_sends_no_mail(network_site, client):
    client.post("/mitmachen/", {**FORM, "email": "kaputt"})
    assert not mail.outbox


def _welcome_mail(join_request, coordinator, capture_on_commit):
    """Accept the request (a member since 1 March 2025); the one mail the applicant gets."""
    with capture_on_commit(execute=True):
        accept_join_request(
            join_request,
            user=coordinator,
            since=datetime.date(2025, 3, 1),
            members_url=MemberListPage.absolute_url_in(join_request.language),
        )
    [message] = _applicant_mails()
    return message


def test_accepting_sends_a_german_welcome(
    network_site, coordinator, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(
        name="Erika Mustermann",
        organisation_name="Gemeinde Neudorf",
        email="erika@neudorf.example.org",
        language="de",
    )
    message = _welcome_mail(join_request, coordinator, django_capture_on_commit_callbacks)
    assert (
        message.subject
        == "Willkommen im Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“"
    )
    assert "Hallo Erika Mustermann," in message.body
    assert "Gemeinde Neudorf ist seit dem 1. März 2025 Mitglied" in message.body
    assert "http://testserver/arbeitskreis/mitglieder/" in message.body


def test_accepting_an_english_request_sends_an_english_welcome(
    english_join_page, coordinator, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(email="erika@neudorf.example.org", language="en")
    message = _welcome_mail(join_request, coordinator, django_capture_on_commit_callbacks)
    assert message.subject.startswith("Welcome to the working group")
    assert "since March 1, 2025" in message.body
    assert "http://testserver/en/arbeitskreis/mitglieder/" in message.body


def test_accepting_in_the_admin_welcomes_with_the_member_list_of_the_request_language(
    english_join_page, client, coordinator, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(email="erika@neudorf.example.org", language="en")
    client.force_login(coordinator)
    url = f"/admin/snippets/network/joinrequest/action/{join_request.pk}/accept/"
    group = english_join_page["working_group"].working_group
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"working_group": group.pk, "since": "2025-03-01"})
    assert response.status_code == 302
    [message] = _applicant_mails()
    assert "http://testserver/en/arbeitskreis/mitglieder/" in message.body


def test_member_list_link_is_empty_without_a_member_list_page(db):
    assert MemberListPage.absolute_url_in("de") == ""


def test_declining_or_a_failed_accept_sends_no_welcome(
    network_site, coordinator, django_capture_on_commit_callbacks
):
    declined = JoinRequestFactory(email="erika@neudorf.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        decline_join_request(declined, user=coordinator)
    assert not mail.outbox


def test_mail_tasks_skip_requests_that_are_gone_or_anonymised(network_site):
    assert confirm_join_request.enqueue(999_999, "http://testserver/").return_value == 0
    anonymised = JoinRequestFactory(email="", status=JoinRequest.Status.ACCEPTED)
    assert welcome_new_member.enqueue(anonymised.pk, "").return_value == 0
    assert not mail.outbox
