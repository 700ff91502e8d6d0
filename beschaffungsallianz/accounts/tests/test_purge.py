"""purge_accounts: warn first, delete after the grace period, never staff, safe to re-run."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.services import purge_accounts
from beschaffungsallianz.accounts.tests.factories import ProfileFactory
from beschaffungsallianz.core.roles import EDITOR_GROUP

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 3, 0))


def _days_ago(days):
    return NOW - datetime.timedelta(days=days)


def _account(joined_days_ago, status=Profile.Status.PENDING, last_login_days_ago=None, **kw):
    profile = ProfileFactory(status=status, **kw)
    user = profile.user
    user.date_joined = _days_ago(joined_days_ago)
    user.last_login = _days_ago(last_login_days_ago) if last_login_days_ago is not None else None
    user.save()
    return profile


def _purge(now=NOW):
    return purge_accounts(now, login_url="https://example.org/konto/anmelden/")


def _exists(profile):
    return get_user_model().objects.filter(pk=profile.user_id).exists()


def test_unverified_account_is_warned_after_30_days_then_deleted_after_the_grace(settings):
    settings.ACCOUNT_PURGE_GRACE_DAYS = 14
    young = _account(29)
    old = _account(31, language="en")

    first = _purge()

    assert (first.warned, first.deleted) == (1, 0)
    assert [m.to for m in mail.outbox] == [[old.user.email]]
    assert mail.outbox[0].subject == "Your account will be deleted on June 15, 2026"
    assert "not been confirmed by a coordinator within 30 days" in mail.outbox[0].body
    assert _exists(old) and _exists(young)

    assert _purge(NOW + datetime.timedelta(days=13)).deleted == 0
    result = _purge(NOW + datetime.timedelta(days=14))

    assert result.deleted == 1
    assert not _exists(old)
    assert _exists(young)


def test_a_second_run_changes_nothing(settings):
    _account(31)
    _purge()

    again = _purge()

    assert (again.warned, again.deleted, again.cleared) == (0, 0, 0)
    assert len(mail.outbox) == 1


def test_inactive_member_is_warned_and_kept_after_logging_in(settings):
    settings.ACCOUNT_INACTIVE_DAYS = 365
    profile = _account(800, Profile.Status.VERIFIED, last_login_days_ago=400)
    active = _account(800, Profile.Status.VERIFIED, last_login_days_ago=10)

    assert _purge().warned == 1
    assert "Sie haben sich seit 365 Tagen nicht angemeldet." in mail.outbox[0].body
    assert "https://example.org/konto/anmelden/" in mail.outbox[0].body
    profile.user.last_login = NOW + datetime.timedelta(days=1)
    profile.user.save()

    result = _purge(NOW + datetime.timedelta(days=30))

    assert (result.deleted, result.cleared) == (0, 1)
    profile.refresh_from_db()
    assert profile.purge_warned_at is None
    assert _exists(profile) and _exists(active)


def test_confirmed_in_the_grace_period_is_not_deleted():
    profile = _account(31)
    _purge()
    Profile.objects.filter(pk=profile.pk).update(status=Profile.Status.VERIFIED)

    assert _purge(NOW + datetime.timedelta(days=30)).deleted == 0
    assert _exists(profile)


def test_staff_accounts_are_never_purged(settings):
    settings.ACCOUNT_INACTIVE_DAYS = 10
    from django.contrib.auth.models import Group

    profile = _account(1000, last_login_days_ago=900)
    profile.user.groups.add(Group.objects.get(name=EDITOR_GROUP))

    assert _purge().warned == 0
    assert mail.outbox == []


def test_command_reports_its_counts(capsys):
    _account(31)

    call_command("purge_accounts")

    assert "1 warned, 0 deleted" in capsys.readouterr().out
