"""Writes that touch several network models: handling join requests.

Every status change goes through one of these functions, so ``status_changed_at`` and
``handled_by`` stay right (the retention rules rely on them).
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from beschaffungsallianz.network.models.join_requests import JoinRequest
from beschaffungsallianz.network.models.organisations import Membership, Organisation, WorkingGroup
from beschaffungsallianz.network.tasks import (
    confirm_join_request,
    notify_staff_of_join_request,
    welcome_new_member,
)

logger = logging.getLogger(__name__)


class JoinRequestError(Exception):
    """The requested change is not possible in the request's current state."""


def submit_join_request(
    join_request: JoinRequest, *, language: str, privacy_url: str
) -> JoinRequest:
    """Store a validated join request sent from a page in ``language``; once it is committed,
    notify staff and confirm it to the applicant (with the absolute ``privacy_url``)."""
    now = timezone.now()
    join_request.status = JoinRequest.Status.NEW
    join_request.consented_at = now
    join_request.status_changed_at = now
    join_request.language = language
    join_request.save()
    pk = join_request.pk
    transaction.on_commit(lambda: notify_staff_of_join_request.enqueue(pk))
    transaction.on_commit(lambda: confirm_join_request.enqueue(pk, privacy_url))
    return join_request


def _set_status(join_request: JoinRequest, status: str, user) -> None:
    join_request.status = status
    join_request.status_changed_at = timezone.now()
    join_request.handled_by = user
    join_request.save(
        update_fields=["status", "status_changed_at", "handled_by", "organisation", "updated_at"]
    )


def _lock_open(join_request: JoinRequest) -> JoinRequest:
    """Re-read the request under a row lock; refuse if someone else already closed it."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not locked.is_open:
        raise JoinRequestError(
            _("This request has already been handled (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def mark_in_contact(join_request: JoinRequest, *, user) -> JoinRequest:
    locked = _lock_open(join_request)
    _set_status(locked, JoinRequest.Status.IN_CONTACT, user)
    return locked


@transaction.atomic
def decline_join_request(join_request: JoinRequest, *, user) -> JoinRequest:
    locked = _lock_open(join_request)
    _set_status(locked, JoinRequest.Status.DECLINED, user)
    return locked


@transaction.atomic
def accept_join_request(
    request_obj: JoinRequest,
    *,
    user,
    organisation: Organisation | None = None,
    working_group: WorkingGroup | None = None,
    since: datetime.date | None = None,
    members_url: str = "",
) -> Membership:
    """Accept a join request in one step.

    Links ``organisation`` or the existing one with the same name (case-insensitive), or creates
    and publishes a new one from the request; then opens its membership in ``working_group``
    (default: ``WorkingGroup.default()``) from ``since`` (default: today) and marks the request
    accepted. Either all of it happens or nothing does. Once committed, the applicant is
    welcomed by e-mail (with the absolute ``members_url`` of the member list, if given).
    """
    locked = _lock_open(request_obj)
    working_group = working_group or WorkingGroup.default()
    if working_group is None:
        raise JoinRequestError(_("Choose the working group the organisation joins."))

    if organisation is None:
        organisation = Organisation.objects.get_by_name(locked.organisation_name)
    if organisation is None:
        organisation = Organisation.objects.create(
            name=locked.organisation_name, sector=locked.sector, live=True
        )
        organisation.save_revision(user=user, log_action=True)

    membership = Membership.objects.filter(
        organisation=organisation, working_group=working_group, until__isnull=True
    ).first()
    if membership is None:
        membership = Membership.objects.create(
            organisation=organisation,
            working_group=working_group,
            since=since or timezone.localdate(),
        )

    locked.organisation = organisation
    _set_status(locked, JoinRequest.Status.ACCEPTED, user)
    transaction.on_commit(lambda: welcome_new_member.enqueue(locked.pk, members_url))
    request_obj.refresh_from_db()
    logger.info("Join request %s accepted by %s", locked.pk, getattr(user, "pk", None))
    return membership


# --- Retention ---------------------------------------------------------------------------


@dataclasses.dataclass
class PurgeCounts:
    declined: int = 0  # deleted
    stale: int = 0  # deleted: open, but unchanged for the whole period
    accepted: int = 0  # kept without the applicant's details


def purge_join_requests(
    *, days: int | None = None, now: datetime.datetime | None = None, dry_run: bool = False
) -> PurgeCounts:
    """Apply the retention period (``JOIN_REQUEST_RETENTION_DAYS``).

    Declined and stale open requests are deleted, with their admin history. Accepted requests
    lose the applicant's details (name, e-mail, phone, message, notes) but keep organisation,
    status, dates and handler: they document how the membership began. The organisation and
    the membership are separate records and stay. Idempotent.
    """
    days = settings.JOIN_REQUEST_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    expired = JoinRequest.objects.expired(cutoff)
    accepted = JoinRequest.objects.accepted_with_personal_data(cutoff)
    counts = PurgeCounts(
        declined=expired.filter(status=JoinRequest.Status.DECLINED).count(),
        stale=expired.exclude(status=JoinRequest.Status.DECLINED).count(),
        accepted=accepted.count(),
    )
    if dry_run:
        return counts
    content_type = ContentType.objects.get_for_model(JoinRequest)
    with transaction.atomic():
        deleted_ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
        ModelLogEntry.objects.filter(content_type=content_type, object_id__in=deleted_ids).delete()
        expired.delete()
        for join_request in accepted.select_for_update():
            for field in JoinRequest.PERSONAL_FIELDS:
                setattr(join_request, field, "")
            join_request.personal_data_deleted_at = now
            join_request.save()
            # Older history labels carried the person's name.
            ModelLogEntry.objects.filter(
                content_type=content_type, object_id=str(join_request.pk)
            ).update(label=str(join_request))
    return counts
