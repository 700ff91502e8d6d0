"""Writes on registrations: register, cancel (the waiting list moves up), purge after the event.

Capacity is counted and the new row written inside one transaction that first locks the
event's row (``select_for_update``; on PostgreSQL a second registration for the same event
waits until the first has committed, so the last place is never given twice). SQLite runs
write transactions one at a time (``transaction_mode = IMMEDIATE`` in the settings).

Functions take the event page as an argument and never import the page models. E-mails are
sent by the caller (the page's route), which knows the links they contain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.events.models.registrations import Registration


class RegistrationRefused(Exception):
    """The registration was not stored; the message says why, politely."""


FULL = _(
    "We are sorry: this event is fully booked. Your details were not stored. Please contact "
    "the organisers if you would like to hear about further dates."
)
CLOSED = _("Registration for this event has closed. Your details were not stored.")
DUPLICATE = _(
    "This e-mail address is already registered for this event. Your details were not stored "
    "again; the link in your confirmation mail shows your registration."
)


@dataclass(frozen=True)
class Places:
    """What the registration form shows: places taken and left, the waiting list."""

    capacity: int | None
    confirmed: int
    waitlisted: int
    waiting_list_places: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def waiting_list_left(self) -> int:
        return max(self.waiting_list_places - self.waitlisted, 0)

    @property
    def next_status(self) -> str | None:
        """The status a new registration would get, or None when the event is full."""
        if self.left is None or self.left > 0:
            return Registration.Status.CONFIRMED
        if self.waiting_list_left > 0:
            return Registration.Status.WAITLISTED
        return None

    @property
    def is_full(self) -> bool:
        return self.next_status is None


def places(event) -> Places:
    registrations = Registration.objects.filter(event_id=event.pk)
    return Places(
        capacity=event.capacity,
        confirmed=registrations.confirmed().count(),
        waitlisted=registrations.waitlisted().count(),
        waiting_list_places=event.waiting_list_places,
    )


def _lock(event):
    """Lock the event's own row until the transaction ends; returns the fresh event."""
    return type(event).objects.select_for_update(of=("self",)).get(pk=event.pk)


def register(event, data: dict, *, language: str) -> Registration:
    """Store a registration (confirmed, or on the waiting list) from the form's cleaned data.

    Raises ``RegistrationRefused`` (closed, full, address already registered); then nothing
    is stored.
    """
    try:
        with transaction.atomic():
            event = _lock(event)
            if not event.registration_is_open():
                raise RegistrationRefused(CLOSED)
            email = data["email"].strip()
            if Registration.objects.filter(event_id=event.pk, email__iexact=email).exists():
                raise RegistrationRefused(DUPLICATE)
            status = places(event).next_status
            if status is None:
                raise RegistrationRefused(FULL)
            now = timezone.now()
            return Registration.objects.create(
                event=event,
                name=data["name"],
                organisation=data.get("organisation", ""),
                email=email,
                needs=data.get("needs", ""),
                status=status,
                language=language,
                consented_at=now,
                status_changed_at=now,
            )
    except IntegrityError as error:  # the same address in a concurrent request
        raise RegistrationRefused(DUPLICATE) from error


def cancel(registration: Registration, *, delete=None) -> Registration | None:
    """Delete the registration (``delete``: a callable that does it instead, e.g. the admin's
    logged delete action). If it held a place, the first on the waiting list gets it; that
    registration is returned (the caller tells the person), else None."""
    with transaction.atomic():
        _lock(registration.event)
        rows = Registration.objects.filter(pk=registration.pk)
        held_place = rows.filter(status=Registration.Status.CONFIRMED).exists()
        existed = held_place or rows.exists()
        if delete is None:
            rows.delete()
        else:
            delete()
        if not existed or not held_place:
            return None
        return _move_up(registration.event)


def _move_up(event) -> Registration | None:
    if not places(event).next_status == Registration.Status.CONFIRMED:
        return None
    first = Registration.objects.filter(event_id=event.pk).waitlisted().in_order().first()
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.status_changed_at = timezone.now()
    first.save(update_fields=["status", "status_changed_at"])
    return first


def purge_registrations(*, days: int, now=None) -> int:
    """Delete the registrations of events that ended more than ``days`` days ago."""
    now = now or timezone.now()
    deleted, _rows = Registration.objects.past_retention(now, days).delete()
    return deleted
