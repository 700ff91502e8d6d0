"""``JoinRequest``: the /mitmachen/ form's submissions (personal data: coordinators only).

Every status change goes through services.py; the retention rules (``JoinRequestQuerySet``)
rely on ``status_changed_at``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.network.models.organisations import Organisation, Sector


class JoinRequestQuerySet(models.QuerySet):
    def expired(self, cutoff: datetime.datetime):
        """To delete: declined before ``cutoff``, or open (new / in contact) with neither the
        status nor anything else changed since."""
        declined = Q(status=JoinRequest.Status.DECLINED, status_changed_at__lt=cutoff)
        stale = Q(
            status__in=JoinRequest.OPEN_STATUSES,
            status_changed_at__lt=cutoff,
            updated_at__lt=cutoff,
        )
        return self.filter(declined | stale)

    def accepted_with_personal_data(self, cutoff: datetime.datetime):
        """Accepted before ``cutoff`` and still holding the applicant's details."""
        return self.filter(
            status=JoinRequest.Status.ACCEPTED,
            status_changed_at__lt=cutoff,
            personal_data_deleted_at__isnull=True,
        )


class JoinRequest(models.Model):
    """A request to join the working group, sent through the /mitmachen/ form."""

    # No public page reads it: a write does not renew the page cache (core/pagecache.py).
    shown_on_public_pages = False

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_CONTACT = "in_contact", _("in contact")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    OPEN_STATUSES = (Status.NEW, Status.IN_CONTACT)

    name = models.CharField(_("name"), max_length=120)
    organisation_name = models.CharField(_("organisation"), max_length=255)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=3000, blank=True)
    consent = models.BooleanField(_("consent to data processing"), default=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="de",
        help_text=_("The language of the page the request came from; mails use it."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    handled_by = optional_link(settings.AUTH_USER_MODEL, _("handled by"))
    staff_notes = models.TextField(_("internal notes"), blank=True)
    organisation = optional_link(
        Organisation, _("linked organisation"), related_name="join_requests"
    )
    personal_data_deleted_at = models.DateTimeField(
        _("personal data deleted"), null=True, blank=True
    )

    PERSONAL_FIELDS = ("name", "email", "phone", "message", "staff_notes")

    objects = JoinRequestQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("organisation_name", read_only=True),
                FieldPanel("sector", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("consented_at", read_only=True),
                FieldPanel("language", read_only=True),
            ],
            heading=_("Request"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status", read_only=True),
                FieldPanel("handled_by", read_only=True),
                FieldPanel("organisation", read_only=True),
                FieldPanel("personal_data_deleted_at", read_only=True),
                FieldPanel("staff_notes"),
            ],
            heading=_("Handling"),
        ),
    ]

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]

    def __str__(self):
        # No person's name: this label is stored in the admin history (log entries).
        return self.organisation_name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
