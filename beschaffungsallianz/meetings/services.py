"""Writes of the meetings app: answers to invitations, the invitation itself, and the
versions of the minutes (approve, revise). Mails are sent by ``tasks`` after commit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beschaffungsallianz.meetings import tasks
from beschaffungsallianz.meetings.models.meetings import Meeting, Rsvp
from beschaffungsallianz.meetings.models.records import Minutes


class NotPossible(Exception):
    """A write the object's state does not allow (shown as a message in the admin)."""


def invite(meeting: Meeting, *, meeting_url: str, answer_url: str) -> None:
    """Record the invitation and mail it (with the agenda and the .ics) after commit."""
    if meeting.has_taken_place:
        raise NotPossible(_("This meeting has already taken place."))
    meeting.invited_at = timezone.now()
    meeting.save(update_fields=["invited_at"])
    transaction.on_commit(
        lambda: tasks.mail_invitation.enqueue(
            meeting.pk, meeting_url=meeting_url, answer_url=answer_url
        )
    )


def answer(meeting: Meeting, user, data: dict) -> Rsvp:
    rsvp, _created = Rsvp.objects.update_or_create(
        meeting=meeting, user=user, defaults={"answer": data["answer"], "note": data["note"]}
    )
    return rsvp


def approve_minutes(minutes: Minutes, *, at: Meeting, on: datetime.date) -> Minutes:
    """Approve a draft version at a meeting (usually the next one)."""
    if minutes.is_approved:
        raise NotPossible(_("This version is approved already."))
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = at
    minutes.approved_on = on
    minutes.save()
    return minutes


@transaction.atomic
def revise_minutes(minutes: Minutes, *, body: str, change_note: str, user=None) -> Minutes:
    """A new draft version after ``minutes`` (an approved version stays as it is)."""
    latest = Minutes.objects.select_for_update().filter(meeting=minutes.meeting_id)
    number = max(latest.values_list("version", flat=True), default=0) + 1
    return Minutes.objects.create(
        meeting=minutes.meeting,
        version=number,
        body=body,
        change_note=change_note,
        created_by=user,
        is_sample=minutes.is_sample,
    )
