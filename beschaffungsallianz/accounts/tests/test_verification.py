"""Coordinators confirm or decline accounts in the admin, with a reason; the person gets a
mail in their language; groups follow the decision; the working group is a separate step."""

import pytest
from django.conf import settings
from django.core import mail
from wagtail.models import ModelLogEntry

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.tests.factories import ProfileFactory
from beschaffungsallianz.core.roles import MEMBER_GROUP, UNVERIFIED_GROUP, WORKING_GROUP_GROUP

pytestmark = pytest.mark.django_db

URL = "/admin/snippets/accounts/profile/action/{pk}/{action}/"


def _groups(profile):
    return set(profile.user.groups.values_list("name", flat=True))


def test_coordinator_confirms_an_account_and_the_person_gets_a_mail(
    client, coordinator, django_capture_on_commit_callbacks
):
    profile = ProfileFactory(name="Erika Muster")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL.format(pk=profile.pk, action="approve"), {"reason": ""})

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Profile.Status.VERIFIED
    assert profile.decided_by == coordinator and profile.decided_at is not None
    assert _groups(profile) == {MEMBER_GROUP}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [profile.user.email]
    assert mail.outbox[0].subject == "Ihr Konto wurde bestätigt"
    assert mail.outbox[0].body.startswith(
        "Hallo Erika Muster,\n\ndie Koordination hat Ihr Konto bestätigt. Sie können jetzt den "
        f"Mitgliederbereich nutzen:\n{settings.BASE_URL}/konto/\n\nFreundliche Grüße\n"
    )
    assert f"{settings.BASE_URL}/konto/\n" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="accounts.verified").count() == 1


def test_declining_needs_a_reason_and_stores_nothing_without_one(
    client, coordinator, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL.format(pk=profile.pk, action="decline"), {"reason": "  "})

    assert response.status_code == 200
    assert "error" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == Profile.Status.PENDING and profile.decided_by is None
    assert mail.outbox == []


def test_declined_person_gets_the_reason_in_english(
    client, coordinator, django_capture_on_commit_callbacks
):
    profile = ProfileFactory(language="en")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL.format(pk=profile.pk, action="decline"), {"reason": "Private company"})

    profile.refresh_from_db()
    assert profile.status == Profile.Status.DECLINED
    assert profile.status_reason == "Private company"
    assert _groups(profile) == {UNVERIFIED_GROUP}
    assert mail.outbox[0].subject == "Your account has not been confirmed"
    assert "Reason: Private company" in mail.outbox[0].body


def test_working_group_membership_for_confirmed_members_only(client, coordinator):
    pending = ProfileFactory()
    verified = ProfileFactory(status=Profile.Status.VERIFIED)
    client.force_login(coordinator)

    refused = client.post(URL.format(pk=pending.pk, action="join-working-group"))
    client.post(URL.format(pk=verified.pk, action="join-working-group"))

    assert refused["Location"].endswith(f"/edit/{pending.pk}/")
    assert WORKING_GROUP_GROUP not in _groups(pending)
    assert _groups(verified) == {MEMBER_GROUP, WORKING_GROUP_GROUP}
    client.post(URL.format(pk=verified.pk, action="leave-working-group"))
    assert _groups(verified) == {MEMBER_GROUP}


def test_declining_a_member_takes_member_and_working_group_away(client, coordinator):
    profile = ProfileFactory(status=Profile.Status.VERIFIED)
    client.force_login(coordinator)
    client.post(URL.format(pk=profile.pk, action="join-working-group"))

    client.post(URL.format(pk=profile.pk, action="decline"), {"reason": "Left the city"})

    assert _groups(profile) == {UNVERIFIED_GROUP}


def test_editor_cannot_decide(client, editor):
    profile = ProfileFactory()
    client.force_login(editor)

    response = client.post(URL.format(pk=profile.pk, action="approve"), {"reason": ""})

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.status == Profile.Status.PENDING
    assert mail.outbox == []


def test_pending_accounts_are_listed_for_coordinators(client, coordinator):
    ProfileFactory(name="Erika Wartend")
    ProfileFactory(name="Max Bestaetigt", status=Profile.Status.VERIFIED)
    client.force_login(coordinator)

    content = client.get("/admin/snippets/accounts/profile/?status=pending").content.decode()

    assert "Erika Wartend" in content and "Max Bestaetigt" not in content
