"""E-mails about registrations, run by django_tasks (immediately, or by a worker):

- ``confirm_registration``: the confirmation (place or waiting list) with the event's .ics
  attached and the personal link (status, online link, cancellation).
- ``announce_moved_up``: a person on the waiting list got a place (with the .ics).
- ``mail_participants``: a coordinator's message to everyone registered for an event, one mail
  per person (nobody sees the others' addresses).

Mails are written in the language of the page used to register; the caller passes the links
(event page, personal page), so this module needs no page model.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.events import calendar
from beschaffungsallianz.events.dates import event_date
from beschaffungsallianz.events.models.registrations import Registration

ICS_CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"


def _registration(registration_id: int) -> Registration | None:
    return Registration.objects.select_related("event").filter(pk=registration_id).first()


def _details(registration: Registration, event_url: str, personal_url: str) -> str:
    event = registration.event
    lines = [
        _("Event: %(title)s") % {"title": event.title},
        _("When: %(date)s") % {"date": event_date(event)},
    ]
    if event.address_lines:
        lines.append(_("Where: %(place)s") % {"place": ", ".join(event.address_lines)})
    if registration.is_confirmed and event.online_url and event.has_online_part:
        lines.append(_("Online link (for you only): %(url)s") % {"url": event.online_url})
    lines += [
        _("Event page: %(url)s") % {"url": event_url},
        "",
        _("Your registration, the calendar entry and cancellation:\n%(url)s")
        % {"url": personal_url},
    ]
    return "\n".join(lines)


def _mail_with_calendar(registration: Registration, subject: str, body: str, event_url: str):
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    ics = calendar.event_calendar(
        [registration.event],
        name=registration.event.title,
        url_for=lambda _event: event_url,
        with_online_link=registration.is_confirmed,
    )
    if registration.event.has_calendar_file:
        message.attach(f"{registration.event.slug}.ics", ics.to_ical(), ICS_CONTENT_TYPE)
    message.send()


@task()
def confirm_registration(registration_id: int, event_url: str, personal_url: str) -> int:
    """Mail the confirmation (with the .ics). Returns the number of mails sent."""
    registration = _registration(registration_id)
    if registration is None:
        return 0
    with translation.override(registration.language):
        if registration.is_confirmed:
            subject = _("Registration confirmed: %(title)s")
            intro = _("thank you for registering. Your place is reserved.")
        else:
            subject = _("On the waiting list: %(title)s")
            intro = _(
                "thank you for registering. The event is fully booked; you are number "
                "%(position)d on the waiting list. If a place becomes free, you move up "
                "automatically and we tell you by e-mail."
            ) % {"position": registration.waiting_position()}
        body = _(
            "Hello %(name)s,\n\n%(intro)s\n\n%(details)s\n\n"
            "We use your details only to organise this event and delete them %(days)d days "
            "after it.\n\nKind regards\n%(signature)s\n"
        ) % {
            "name": registration.name,
            "intro": intro,
            "details": _details(registration, event_url, personal_url),
            "days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
            "signature": alliance_name(),
        }
        subject = subject % {"title": registration.event.title}
    _mail_with_calendar(registration, subject, body, event_url)
    return 1


@task()
def announce_moved_up(registration_id: int, event_url: str, personal_url: str) -> int:
    """Mail the person who moved up from the waiting list (with the .ics)."""
    registration = _registration(registration_id)
    if registration is None or not registration.is_confirmed:
        return 0
    with translation.override(registration.language):
        subject = _("You have a place: %(title)s") % {"title": registration.event.title}
        body = _(
            "Hello %(name)s,\n\na place has become free and you have moved up from the waiting "
            "list: your registration is confirmed.\n\n%(details)s\n\n"
            "Kind regards\n%(signature)s\n"
        ) % {
            "name": registration.name,
            "details": _details(registration, event_url, personal_url),
            "signature": alliance_name(),
        }
    _mail_with_calendar(registration, subject, body, event_url)
    return 1


@task()
def mail_participants(
    event_id: int, subject: str, body: str, include_waiting_list: bool, reply_to: str = ""
) -> int:
    """One mail per registered person of the event. Returns the number sent."""
    registrations = Registration.objects.filter(event_id=event_id).in_order()
    if not include_waiting_list:
        registrations = registrations.confirmed()
    sent = 0
    for registration in registrations:
        message = EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.email],
            reply_to=[reply_to] if reply_to else None,
        )
        sent += message.send()
    return sent
