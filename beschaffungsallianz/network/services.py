"""Writes that touch several network models: handling join requests.

Every status change goes through one of these functions, so ``status_changed_at`` and
``handled_by`` stay right (the retention command relies on them).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beschaffungsallianz.network.models import (
    JoinRequest,
    Membership,
    Organisation,
    WorkingGroup,
)

logger = logging.getLogger(__name__)


class JoinRequestError(Exception):
    """The requested change is not possible in the request's current state."""


def submit_join_request(join_request: JoinRequest) -> JoinRequest:
    """Store a validated join request and notify staff once it is committed."""
    from beschaffungsallianz.network.tasks import notify_staff_of_join_request

    now = timezone.now()
    join_request.status = JoinRequest.Status.NEW
    join_request.consented_at = now
    join_request.status_changed_at = now
    join_request.save()
    pk = join_request.pk
    transaction.on_commit(lambda: notify_staff_of_join_request.enqueue(pk))
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
) -> Membership:
    """Accept a join request in one step.

    Links ``organisation`` or the existing one with the same name (case-insensitive), or creates
    and publishes a new one from the request; then opens its membership in ``working_group``
    (default: ``WorkingGroup.default()``) from ``since`` (default: today) and marks the request
    accepted. Either all of it happens or nothing does.
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
    request_obj.refresh_from_db()
    logger.info("Join request %s accepted by %s", locked.pk, getattr(user, "pk", None))
    return membership
