"""GDPR hooks of the accounts app (accounts/signals.py) for the answers to invitations: a
deleted account takes its answers along; the data download lists them."""

from django.dispatch import receiver

from beschaffungsallianz.accounts.signals import account_deleting, personal_data_export
from beschaffungsallianz.meetings.models import Rsvp


@receiver(account_deleting, dispatch_uid="meetings.account_deleting")
def _delete_answers(sender, user, **kwargs):
    Rsvp.objects.filter(user=user).delete()


@receiver(personal_data_export, dispatch_uid="meetings.personal_data_export")
def _export_answers(sender, user, **kwargs):
    answers = Rsvp.objects.filter(user=user).select_related("meeting").order_by("meeting__start")
    return {
        "meeting_answers": [
            {
                "meeting": rsvp.meeting.title,
                "date": rsvp.meeting.start.isoformat(),
                "answer": rsvp.answer,
                "note": rsvp.note,
                "answered_at": rsvp.answered_at.isoformat(),
            }
            for rsvp in answers
        ]
    }
