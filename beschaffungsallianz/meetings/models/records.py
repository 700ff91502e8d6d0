"""What a meeting leaves behind: decisions (Beschlüsse) and minutes (Protokoll).

**Decisions** form a register with a number, a date, the meeting, the text and a status. The
register is searched with the knowledge base's German full text (``knowledge.search.text``):
``search_text`` holds the stems, its index is ``meetings.decisions.DECISIONS``.

**Minutes** are versioned like the rules of procedure: each row is one version of a meeting's
minutes. A draft may be edited; ``approve`` records the meeting that approved it (usually the
next one) and the date. An approved version is never changed: ``save()`` refuses, and the
admin's edit form makes a new draft version with a mandatory change note instead
(``services.revise_minutes``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from beschaffungsallianz.knowledge.search.text import stem_text
from beschaffungsallianz.meetings.models.meetings import Meeting

MINUTES_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class Decision(models.Model):
    """One decision of the working group (Beschluss)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    number = models.CharField(
        _("number"), max_length=32, unique=True, help_text=_("E.g. “2025/03”.")
    )
    decided_on = models.DateField(_("decided on"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("text of the decision"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-number"]

    def __str__(self):
        return f"{self.number}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.search_text = stem_text(self.number, self.text)
        super().save(*args, **kwargs)


class MinutesLocked(ValidationError):
    """An approved version of the minutes was about to change."""


class Minutes(models.Model):
    """One version of a meeting's minutes (Protokoll)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    LOCKED_FIELDS = ("meeting_id", "version", "body", "status", "approved_at_id", "approved_on")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    body = RichTextField(_("text"), features=MINUTES_FEATURES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    approved_at = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at the meeting"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_("What changed compared with the previous version (required for a new one)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="meetings_one_minutes_version"
            )
        ]

    def __str__(self):
        return f"{self.meeting}: {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Minutes.objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS).first()
            if stored and stored["status"] == self.Status.APPROVED:
                if any(stored[name] != getattr(self, name) for name in self.LOCKED_FIELDS):
                    raise MinutesLocked(
                        _("Approved minutes cannot be changed; save a new version instead.")
                    )
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return _("Version %(number)d") % {"number": self.version}

    @property
    def adopted_on(self):
        """The date shown beside the label when versions are compared (as for the rules of
        procedure, publications.compare): approval, else creation."""
        return self.approved_on or self.created_at.date()

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
