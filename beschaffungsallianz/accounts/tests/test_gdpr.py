"""The person's own data: profile, JSON download, deleting the account (with the posts hook)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.dispatch import receiver

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.signals import account_deleting, personal_data_export
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_member_saves_the_profile(client, member):
    group = ProductGroupFactory()
    client.force_login(member)

    response = client.post(
        "/konto/",
        {
            "name": "Erika Neu",
            "organisation_name": "Landkreis Gotha",
            "function": "Vergabestelle",
            "state": "TH",
            "product_groups": [group.pk],
            "tender_stages": ["award"],
            "notifications": "daily",
            "language": "en",
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.name, profile.state, profile.tender_stages) == ("Erika Neu", "TH", ["award"])
    assert list(profile.product_groups.all()) == [group]
    assert profile.show_contact is False  # opt-in, off unless ticked
    assert profile.notifications == "daily" and profile.language == "en"


def test_bad_profile_input_is_shown_and_stores_nothing(client, member):
    client.force_login(member)

    response = client.post(
        "/konto/",
        {"name": "", "state": "XX", "tender_stages": ["nope"], "notifications": "daily"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-summary"' in content
    for field in ("name", "state", "tender_stages_0", "language_0"):
        assert f'href="#id_{field}"' in content, field
    assert Profile.objects.get(user=member).name == "Member"


def test_profile_shows_the_verification_status(client, unverified, member, arbeitskreis):
    texts = {
        unverified: "wartet auf die Bestätigung",
        member: "Mitgliederbereich nutzen",
        arbeitskreis: "Mitglied des Arbeitskreises",
    }
    for user, text in texts.items():
        client.force_login(user)
        assert text in client.get("/konto/").content.decode(), user


def test_data_download_holds_the_profile_and_other_apps_sections(client, member):
    @receiver(personal_data_export, weak=False, dispatch_uid="test.export")
    def _export(sender, user, **kwargs):
        return {"posts": [{"text": f"Beitrag von {user.username}"}]}

    try:
        client.force_login(member)
        response = client.get("/konto/daten/")
    finally:
        personal_data_export.disconnect(dispatch_uid="test.export")

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="konto-')
    data = json.loads(response.content)
    assert data["account"]["username"] == "member"
    assert data["account"]["groups"] == ["Mitglied"]
    assert data["email_addresses"] == [
        {"email": "member@example.org", "verified": True, "primary": True}
    ]
    assert data["profile"]["status"] == "verified"
    assert data["profile"]["show_contact"] is False
    assert data["posts"] == [{"text": "Beitrag von member"}]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(("choice", "keep"), [("keep", True), ("delete", False)])
def test_deleting_the_account_removes_everything_and_tells_other_apps(client, member, choice, keep):
    calls = []

    @receiver(account_deleting, weak=False, dispatch_uid="test.deleting")
    def _posts(sender, user, keep_posts, **kwargs):
        calls.append((user.username, keep_posts))

    try:
        client.force_login(member)
        response = client.post("/konto/loeschen/", {"posts": choice, "password": PASSWORD})
    finally:
        account_deleting.disconnect(dispatch_uid="test.deleting")

    assert response.status_code == 302 and response["Location"] == "/"
    assert calls == [("member", keep)]
    assert not get_user_model().objects.filter(username="member").exists()
    assert not Profile.objects.exists()
    assert not EmailAddress.objects.filter(email="member@example.org").exists()
    assert "_auth_user_id" not in client.session


def test_wrong_password_deletes_nothing(client, member):
    client.force_login(member)

    response = client.post("/konto/loeschen/", {"posts": "keep", "password": "falsch"})

    assert response.status_code == 200
    assert 'href="#id_password"' in response.content.decode()
    assert get_user_model().objects.filter(username="member").exists()


def test_a_failing_receiver_rolls_the_deletion_back(client, member):
    @receiver(account_deleting, weak=False, dispatch_uid="test.failing")
    def _fail(sender, user, keep_posts, **kwargs):
        raise RuntimeError("posts could not be anonymised")

    client.force_login(member)
    client.raise_request_exception = True
    try:
        with pytest.raises(RuntimeError):
            client.post("/konto/loeschen/", {"posts": "keep", "password": PASSWORD})
    finally:
        account_deleting.disconnect(dispatch_uid="test.failing")

    assert get_user_model().objects.filter(username="member").exists()
    assert Profile.objects.filter(user=member).exists()
