import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from beschaffungsallianz.network.models import JoinRequest
from beschaffungsallianz.network.tests.factories import JoinRequestFactory

pytestmark = pytest.mark.django_db


def _aged(status, days, touched_days=None):
    """A request whose status changed ``days`` ago and that was last saved ``touched_days`` ago."""
    join_request = JoinRequestFactory(status=status)
    changed = timezone.now() - datetime.timedelta(days=days)
    touched_days = days if touched_days is None else touched_days
    touched = timezone.now() - datetime.timedelta(days=touched_days)
    # update() bypasses auto_now, so the timestamps can be set into the past.
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status_changed_at=changed, updated_at=touched, created_at=changed
    )
    return join_request


def _purge(*args):
    out = StringIO()
    call_command("purge_join_requests", *args, stdout=out)
    return out.getvalue()


def test_rejected_join_request_is_deleted_after_retention(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    old = _aged(JoinRequest.Status.DECLINED, 181)
    recent = _aged(JoinRequest.Status.DECLINED, 179)

    output = _purge()

    assert not JoinRequest.objects.filter(pk=old.pk).exists()
    assert JoinRequest.objects.filter(pk=recent.pk).exists()
    assert "Deleted 1 declined and 0 stale" in output


@pytest.mark.parametrize("status", [JoinRequest.Status.NEW, JoinRequest.Status.IN_CONTACT])
def test_stale_open_request_is_deleted_after_retention(settings, status):
    settings.JOIN_REQUEST_RETENTION_DAYS = 30
    stale = _aged(status, 31)
    _purge()
    assert not JoinRequest.objects.filter(pk=stale.pk).exists()


def test_open_request_with_recent_change_is_kept(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 30
    # Status unchanged for long, but a coordinator edited the notes last week.
    touched = _aged(JoinRequest.Status.IN_CONTACT, 100, touched_days=7)
    _purge()
    assert JoinRequest.objects.filter(pk=touched.pk).exists()


def test_accepted_requests_are_kept(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 1
    accepted = _aged(JoinRequest.Status.ACCEPTED, 1000)
    _purge()
    assert JoinRequest.objects.filter(pk=accepted.pk).exists()


def test_dry_run_counts_and_deletes_nothing(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    _aged(JoinRequest.Status.DECLINED, 200)
    _aged(JoinRequest.Status.NEW, 200)
    _aged(JoinRequest.Status.NEW, 2)

    output = _purge("--dry-run")

    assert "Would delete 1 declined and 1 stale join requests (older than 180 days)." in output
    assert JoinRequest.objects.count() == 3


def test_days_option_overrides_the_setting(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    _aged(JoinRequest.Status.DECLINED, 10)
    assert "Deleted 1 declined" in _purge("--days", "5")
    assert not JoinRequest.objects.exists()


def test_negative_days_are_refused():
    with pytest.raises(CommandError):
        _purge("--days", "-1")
