"""Sign-up, e-mail confirmation, login and password reset under /konto/: stored data, mails,
bad input, honeypot, rate limit and login lockout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.roles import UNVERIFIED_GROUP
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/registrieren/"
LOGIN = "/konto/anmelden/"
GOOD = {
    "name": "Erika Muster",
    "email": "erika@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def _signup(client, data=None, ip="203.0.113.30", prefix=""):
    return client.post(prefix + SIGNUP, data or GOOD, REMOTE_ADDR=ip)


def test_signup_creates_an_unverified_account_and_sends_the_confirmation(client):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/konto/e-mail/bestaetigen/"
    user = get_user_model().objects.get(email="erika@example.org")
    assert user.profile.name == "Erika Muster"
    assert user.profile.status == Profile.Status.PENDING
    assert user.profile.language == "de"
    assert list(user.groups.values_list("name", flat=True)) == [UNVERIFIED_GROUP]
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erika@example.org"]
    assert "/konto/e-mail/bestaetigen/" in mail.outbox[0].body


def test_english_signup_confirms_in_english_and_the_profile_mails_in_english(client):
    response = _signup(client, prefix="/en")

    assert response["Location"] == "/en/konto/e-mail/bestaetigen/"
    assert get_user_model().objects.get(email="erika@example.org").profile.language == "en"
    assert "/en/konto/e-mail/bestaetigen/" in mail.outbox[0].body
    assert "Please confirm" in mail.outbox[0].subject or "Confirm" in mail.outbox[0].subject


def test_confirming_the_address_allows_login(client):
    _signup(client)
    link = re.search(r"(/konto/e-mail/bestaetigen/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)
    client.logout()

    response = client.post(LOGIN, {"login": "erika@example.org", "password": PASSWORD})

    assert EmailAddress.objects.get(email="erika@example.org").verified
    assert response.status_code == 302 and response["Location"] == "/konto/"


def test_login_before_confirming_the_address_sends_to_the_confirmation_page(client):
    _signup(client)
    client.logout()

    response = client.post(LOGIN, {"login": "erika@example.org", "password": PASSWORD})

    assert response["Location"] == "/konto/e-mail/bestaetigen/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "keine-adresse"}, "email"),
        ({"password2": "etwas-anderes-123"}, "password2"),
        ({"password1": "1234", "password2": "1234"}, "password1"),
    ],
)
def test_bad_input_is_shown_with_a_message_and_stores_nothing(client, change, field):
    response = _signup(client, {**GOOD, **change})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-summary"' in content
    assert f'href="#id_{field}"' in content
    assert "<title>Fehler:" in content
    assert not get_user_model().objects.exists()
    assert not Profile.objects.exists()
    assert mail.outbox == []


def test_bad_input_keeps_what_was_typed(client):
    response = _signup(client, {**GOOD, "password2": "anders-als-vorher-9"})

    assert 'value="Erika Muster"' in response.content.decode()
    assert 'value="erika@example.org"' in response.content.decode()


def test_filled_honeypot_stores_nothing(client):
    response = _signup(client, {**GOOD, "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert "automatisiert" in response.content.decode()
    assert not get_user_model().objects.exists()
    assert mail.outbox == []


def test_signup_page_says_once_what_the_account_is_for(client):
    content = client.get(SIGNUP).content.decode()

    assert content.count("Mit einem Konto können Sie den Mitgliederbereich nutzen") == 1


def test_signup_form_has_the_hidden_honeypot(client):
    content = client.get(SIGNUP).content.decode()

    assert 'name="homepage"' in content and 'tabindex="-1"' in content


def test_too_many_signups_from_one_address_get_429_and_store_nothing(client, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        _signup(client, {**GOOD, "email": f"person{n}@example.org"})
        client.logout()

    response = _signup(client, {**GOOD, "email": "third@example.org"})

    assert response.status_code == 429
    assert "Zu viele Einsendungen aus Ihrem Netzwerk" in response.content.decode()
    assert not get_user_model().objects.filter(email="third@example.org").exists()
    # Another network is not affected.
    assert (
        _signup(client, {**GOOD, "email": "other@example.org"}, ip="198.51.100.7").status_code
        == 302
    )


def test_login_lockout_covers_the_account_login(client, member, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        response = client.post(LOGIN, {"login": "member", "password": "falsch"})
        assert response.status_code == 200

    response = client.post(LOGIN, {"login": "member", "password": PASSWORD})

    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lockout_counts_e_mail_logins_too(client, member, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post("/en" + LOGIN, {"login": "member@example.org", "password": "falsch"})

    response = client.post("/en" + LOGIN, {"login": "MEMBER@example.org", "password": PASSWORD})

    assert response.status_code == 429


def test_successful_login_clears_the_failures(client, member, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        client.post(LOGIN, {"login": "member", "password": "falsch"})
    assert client.post(LOGIN, {"login": "member", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"login": "member", "password": "falsch"})

    assert client.post(LOGIN, {"login": "member", "password": PASSWORD}).status_code == 302


def test_password_reset_mails_are_throttled_per_address(client, member, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 2
    url = "/konto/passwort/zuruecksetzen/"
    for _ in range(2):
        assert client.post(url, {"email": "member@example.org"}).status_code == 302

    response = client.post(url, {"email": "member@example.org"})

    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_password_reset_mail_links_to_the_german_reset_page(client, member):
    client.post("/konto/passwort/zuruecksetzen/", {"email": "member@example.org"})

    assert "/konto/passwort/zuruecksetzen/schluessel/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "url",
    [
        "/konto/passwort/zuruecksetzen/",
        "/konto/e-mail/bestaetigen/",
        "/konto/anmelden/",
        "/konto/registrieren/",
    ],
)
def test_account_pages_address_people_formally(client, url):
    """allauth's German says "du" and "Email"; the site says "Sie" and "E-Mail"
    (accounts/locale overrides them)."""
    content = client.get(url).content.decode()

    for informal in (" du ", " dein", " dir ", "Gib ", "kontaktiere", "Email"):
        assert informal not in content, informal
