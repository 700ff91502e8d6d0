"""Registrations for an event (personal data: coordinators only, deleted after the event).

A registration is *confirmed* (it holds a place) or on the *waiting list*; a cancelled
registration is deleted at once. The personal link a participant gets by mail carries
the registration's random ``key`` and its ``signature`` (``django.core.signing.Signer`` with the
salt below; both fit Wagtail's URL segments), so that neither a guessed number nor an edited
link opens somebody else's registration.
"""

import uuid
from datetime import timedelta

from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "events.registration"


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def in_order(self):
        """First come, first served (the waiting list moves up in this order)."""
        return self.order_by("created_at", "pk")

    def past_retention(self, now, days: int):
        """Registrations for events that ended more than ``days`` days before ``now``
        (an event without an end counts as ending on the day it starts)."""
        cutoff = now - timedelta(days=days)
        return self.filter(
            Q(event__end__lt=cutoff)
            | Q(event__end__isnull=True, event__start__lt=cutoff - timedelta(days=1))
        )

    def by_link(self, key: uuid.UUID, signature: str):
        """The registration a personal link names, or None (bad or forged signature)."""
        try:
            signing.Signer(salt=TOKEN_SALT).unsign(f"{key}:{signature}")
        except signing.BadSignature:
            return None
        return self.select_related("event").filter(key=key).first()


class Registration(models.Model):
    """One person's registration for one event (Anmeldung)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waiting list")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail address"))
    needs = models.TextField(
        _("dietary or accessibility needs"),
        blank=True,
        max_length=2000,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="events_registration_one_per_address"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.event.title})"

    @property
    def signature(self) -> str:
        return signing.Signer(salt=TOKEN_SALT).signature(str(self.key))

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list; None for a confirmed registration."""
        if self.is_confirmed:
            return None
        earlier = Registration.objects.waitlisted().filter(event_id=self.event_id)
        earlier = earlier.filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return earlier.count() + 1
