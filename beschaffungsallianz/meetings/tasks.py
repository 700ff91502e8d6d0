"""The invitation mail of a meeting (django_tasks, after a coordinator's admin action): one
mail per member of the group "Arbeitskreis" (nobody sees the other addresses), with place,
online link, agenda, the link to answer on the site and the meeting as an .ics attachment
(``events.calendar``, the same writer as the events' calendar files). Written in the language
of each member's profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.core.roles import WORKING_GROUP_GROUP
from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.events import calendar
from beschaffungsallianz.meetings.models.meetings import Meeting

ICS_CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"


def invitees():
    """Active accounts in the group "Arbeitskreis" with an e-mail address."""
    return (
        get_user_model()
        .objects.filter(groups__name=WORKING_GROUP_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def _title(meeting: Meeting) -> str:
    return f"{_('Example')}: {meeting.title}" if meeting.is_sample else meeting.title


def meeting_calendar(meeting: Meeting, meeting_url: str):
    """The meeting as a VCALENDAR for the invited (place and online link included)."""
    location = " / ".join(part for part in (meeting.place, meeting.online_url) if part)
    agenda = "\n".join(
        f"{number}. {item.title}" for number, item in enumerate(meeting.agenda_items.all(), 1)
    )
    entry = calendar.CalendarEntry(
        uid=calendar.uid_for(meeting, "meeting"),
        summary=_title(meeting),
        start=meeting.local_start,
        end=meeting.local_end,
        description="\n\n".join(part for part in (agenda, meeting_url) if part),
        url=meeting_url,
        location=location,
        tentative=meeting.is_sample,
    )
    return calendar.entries_calendar([entry], name=_title(meeting))


def invitation_text(meeting: Meeting, name: str, meeting_url: str, answer_url: str) -> str:
    when = formats.date_format(meeting.local_start, "DATETIME_FORMAT")
    lines = [_("Hello %(name)s,") % {"name": name}, ""]
    if meeting.invitation:
        lines += [meeting.invitation, ""]
    lines.append(_("When: %(when)s") % {"when": when})
    if meeting.place:
        lines.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    items = list(meeting.agenda_items.all())
    if items:
        lines += ["", _("Agenda:")]
        lines += [f"{number}. {item.title}" for number, item in enumerate(items, 1)]
    lines += [
        "",
        _("Please tell us whether you will attend:\n%(url)s") % {"url": answer_url},
        _("Meeting page (login required): %(url)s") % {"url": meeting_url},
        "",
        _("The calendar entry is attached."),
        "",
        _("Kind regards\n%(signature)s") % {"signature": alliance_name()},
    ]
    return "\n".join(lines) + "\n"


@task()
def mail_invitation(meeting_id: int, meeting_url: str, answer_url: str) -> int:
    """Mail the invitation to every active member of "Arbeitskreis". Returns how many."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    sent = 0
    for user in invitees().select_related("profile"):
        profile = getattr(user, "profile", None)
        language = getattr(profile, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            name = (profile.name if profile else "") or user.get_full_name() or user.username
            subject = _("Invitation: %(title)s on %(date)s") % {
                "title": _title(meeting),
                "date": formats.date_format(meeting.local_start, "DATE_FORMAT"),
            }
            body = invitation_text(meeting, name, meeting_url, answer_url)
            ics = meeting_calendar(meeting, meeting_url).to_ical()
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach(f"sitzung-{meeting.slug}.ics", ics, ICS_CONTENT_TYPE)
        sent += message.send()
    return sent
