import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from beschaffungsallianz.network.models import JoinRequest, Membership, Organisation
from beschaffungsallianz.network.services import accept_join_request
from beschaffungsallianz.network.tests.factories import JoinRequestFactory, WorkingGroupFactory

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


def log_join_request_edit(join_request, user):
    """What the admin's edit view records when a coordinator saves a note."""
    log(instance=join_request, action="wagtail.edit", user=user)


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


def test_accepted_request_loses_its_personal_data_after_retention_membership_stays(
    settings, coordinator
):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    WorkingGroupFactory()
    join_request = JoinRequestFactory(
        name="Erika Mustermann",
        organisation_name="Gemeinde Neudorf",
        email="erika@example.org",
        phone="0361 123456",
        message="Wir möchten mitmachen.",
        staff_notes="Angerufen am Montag",
    )
    membership = accept_join_request(join_request, user=coordinator)
    log_join_request_edit(join_request, coordinator)
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=181)
    )
    recent = JoinRequestFactory(name="Max Neu", email="max@example.org")
    accept_join_request(recent, user=coordinator)

    output = _purge()

    join_request.refresh_from_db()
    assert (join_request.name, join_request.email, join_request.phone) == ("", "", "")
    assert (join_request.message, join_request.staff_notes) == ("", "")
    assert join_request.personal_data_deleted_at is not None
    # What documents the membership stays: organisation, status, dates, who accepted it.
    assert join_request.organisation_name == "Gemeinde Neudorf"
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.handled_by == coordinator
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Organisation.objects.filter(name="Gemeinde Neudorf").exists()
    # Nothing of the person is left in the admin history either.
    assert not ModelLogEntry.objects.filter(label__contains="Erika").exists()
    recent.refresh_from_db()
    assert recent.name == "Max Neu" and recent.email == "max@example.org"
    assert "personal data of 1 accepted" in output
    _purge()  # idempotent
    assert JoinRequest.objects.filter(pk=join_request.pk).exists()


def test_deleted_declined_request_leaves_no_history_with_the_name(settings, coordinator):
    settings.JOIN_REQUEST_RETENTION_DAYS = 30
    declined = _aged(JoinRequest.Status.DECLINED, 31)
    log_join_request_edit(declined, coordinator)
    _purge()
    assert not ModelLogEntry.objects.filter(object_id=str(declined.pk)).exists()


def test_dry_run_counts_and_deletes_nothing(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    _aged(JoinRequest.Status.DECLINED, 200)
    _aged(JoinRequest.Status.NEW, 200)
    _aged(JoinRequest.Status.NEW, 2)

    _aged(JoinRequest.Status.ACCEPTED, 200)
    output = _purge("--dry-run")

    assert (
        "Would delete 1 declined and 1 stale join requests, and the personal data of 1 accepted "
        "(older than 180 days)." in output
    )
    assert JoinRequest.objects.count() == 4
    assert JoinRequest.objects.filter(name="").count() == 0


def test_days_option_overrides_the_setting(settings):
    settings.JOIN_REQUEST_RETENTION_DAYS = 180
    _aged(JoinRequest.Status.DECLINED, 10)
    assert "Deleted 1 declined" in _purge("--days", "5")
    assert not JoinRequest.objects.exists()


def test_negative_days_are_refused():
    with pytest.raises(CommandError):
        _purge("--days", "-1")
