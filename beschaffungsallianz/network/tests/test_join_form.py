import pytest
from django.core import mail

from beschaffungsallianz.network.models import JoinRequest
from beschaffungsallianz.network.tasks import notify_staff_of_join_request
from conftest import assert_contains

pytestmark = pytest.mark.django_db

URL = "/mitmachen/"

GOOD = {
    "name": "Erika Mustermann",
    "organisation_name": "Gemeinde Neudorf",
    "sector": "municipality",
    "email": "erika@neudorf.example.org",
    "phone": "+49 361 123456",
    "message": "Wir möchten im Arbeitskreis mitarbeiten.",
    "consent": "on",
    "homepage": "",
}


def _post(client, data, **extra):
    return client.post(URL, data, REMOTE_ADDR=extra.pop("ip", "198.51.100.10"), **extra)


def test_join_page_is_public_for_every_persona(network_site, persona):
    _name, client = persona
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="organisation_name"' in content
    assert 'aria-hidden="true"' in content and 'name="homepage"' in content
    assert 'href="/datenschutz/"' in content


def test_join_form_labels_are_german(network_site, client):
    content = client.get(URL).content.decode()
    for text in ("Ihr Name", "E-Mail-Adresse", "Bereich", "optional", "Anfrage senden"):
        assert text in content


def test_privacy_link_follows_the_chosen_privacy_page(network_site, client):
    from beschaffungsallianz.core.models import StandardPage

    privacy = network_site["home"].add_child(
        instance=StandardPage(title="Datenschutzerklärung", slug="privacy-policy")
    )
    join = network_site["join"]
    join.privacy_page = privacy
    join.save()
    assert 'href="/privacy-policy/"' in client.get(URL).content.decode()


def test_empty_submission_redisplays_with_german_messages_and_stores_nothing(network_site, client):
    response = _post(client, {})
    assert response.status_code == 200
    content = response.content.decode()
    assert_contains(
        content,
        'id="error-summary"',
        "Bitte korrigieren Sie 5 Angaben",
        "Geben Sie Ihren Namen ein.",
        "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu.",
        'aria-invalid="true"',
        'href="#id_email"',
        "<title>Fehler:",
    )
    assert not JoinRequest.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Geben Sie eine E-Mail-Adresse wie name@example.org ein."),
        ("phone", "call me maybe", "Telefonnummer"),
        ("sector", "pirates", "Auswahl"),
        ("name", "   ", "Geben Sie Ihren Namen ein."),
        ("message", "x" * 3001, "3000"),
        ("consent", "", "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu."),
    ],
)
def test_one_bad_field_keeps_the_other_input_and_stores_nothing(
    network_site, client, field, value, message
):
    data = {**GOOD, field: value}
    response = _post(client, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Gemeinde Neudorf"' in content or field == "organisation_name"
    assert not JoinRequest.objects.exists()


def test_filled_honeypot_is_refused_with_a_message_and_stores_nothing(network_site, client):
    response = _post(client, {**GOOD, "homepage": "http://spam.example"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "automatisiert" in content
    assert "http://spam.example" not in content
    assert not JoinRequest.objects.exists()
    assert not mail.outbox


def test_sixth_submission_per_hour_from_one_ip_gets_429(
    network_site, client, settings, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMIT_PER_HOUR = 5
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            response = _post(client, {**GOOD, "organisation_name": f"Org {n}"})
            assert response.status_code == 302
    response = _post(client, {**GOOD, "organisation_name": "Org 6"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Zu viele Einsendungen" in content
    assert 'value="Org 6"' in content  # the entry is kept so the person can copy it
    assert JoinRequest.objects.count() == 5
    # Another address is not affected.
    other = _post(client, {**GOOD, "organisation_name": "Org 7"}, ip="198.51.100.11")
    assert other.status_code == 302


def test_good_submission_is_stored_redirects_and_notifies_coordinators(
    network_site, client, coordinator, admin_user, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/mitmachen/?gesendet=1"

    join_request = JoinRequest.objects.get()
    assert join_request.status == JoinRequest.Status.NEW
    assert join_request.email == "erika@neudorf.example.org"
    assert join_request.consent and join_request.consented_at is not None

    # One mail to the coordinators, one confirmation to the applicant (test_applicant_mail.py).
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@example.org",
        "erika@neudorf.example.org",
    ]
    [message] = [m for m in mail.outbox if m.to != ["erika@neudorf.example.org"]]
    assert sorted(message.to) == ["admin@example.org", "coordinator@example.org"]
    assert "Gemeinde Neudorf" in message.subject
    assert f"/admin/snippets/network/joinrequest/edit/{join_request.pk}/" in message.body
    # No more personal data than needed: no name, e-mail, phone or message in the mail.
    for private in ("Erika", "erika@", "123456", "mitarbeiten"):
        assert private not in message.body and private not in message.subject

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Vielen Dank" in thanks.content.decode()
    assert 'name="organisation_name"' not in thanks.content.decode()


def test_notification_for_deleted_request_sends_nothing(network_site, coordinator):
    result = notify_staff_of_join_request.enqueue(999_999)
    assert result.return_value == 0
    assert not mail.outbox


@pytest.mark.parametrize(
    "query",
    [
        "?gesendet=1",
        "?gesendet=<script>",
        "?gesendet=1&gesendet=2",
        "?page=%00",
        "?x=" + "y" * 2000,
    ],
)
def test_odd_query_strings_never_fail(network_site, client, query):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert "Vielen Dank" not in response.content.decode() or query == "?gesendet=1"


def test_unsupported_method_is_refused(network_site, client):
    assert client.put(URL).status_code == 405
