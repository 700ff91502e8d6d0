"""The working group's meetings (Sitzungen), their agenda and the members' answers.

What the public sees of a meeting is only its date, its title and, once it has taken place,
its ``public_summary``; everything else (place, online link, agenda, invitation, documents,
minutes) is for the group "Arbeitskreis" and staff (``meetings.access``). Meetings are not
pages: nothing of them reaches the sitemap, the site search or the API.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable


class MeetingQuerySet(models.QuerySet):
    def past(self, now: datetime | None = None):
        return self.filter(start__lt=now or timezone.now())

    def upcoming(self, now: datetime | None = None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")


class Meeting(ClusterableModel):
    """One meeting of the working group (Sitzung)."""

    title = models.CharField(_("title"), max_length=255, default="Sitzung des Arbeitskreises")
    slug = models.SlugField(
        _("address"),
        max_length=64,
        unique=True,
        blank=True,
        help_text=_("Part of the web address; empty: the date (e.g. 2025-05-14)."),
    )
    start = models.DateTimeField(_("start"), help_text=_("Time zone Europe/Berlin."))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("Members of the working group only.")
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Members of the working group only.")
    )
    invitation = models.TextField(
        _("invitation"),
        blank=True,
        help_text=_("The text of the invitation mail, above the agenda."),
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_(
            "Shown to everyone once the meeting has taken place. Everything else about the "
            "meeting is for the working group only."
        ),
    )
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        blank=True,
        verbose_name=_("documents"),
        help_text=_(
            "For the working group only: put the documents into the private collection "
            "“Mitglieder”, so that nobody else can download them."
        ),
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("place")],
            heading=_("When and where"),
        ),
        FieldPanel("online_url"),
        FieldPanel("invitation"),
        InlinePanel("agenda_items", label=_("Agenda items"), heading=_("Agenda")),
        FieldPanel("documents"),
        FieldPanel("public_summary"),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = timezone.localtime(self.start).date().isoformat()
        super().save(*args, **kwargs)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime | None:
        return timezone.localtime(self.end) if self.end else None

    @property
    def has_taken_place(self) -> bool:
        return self.start < timezone.now()


class AgendaItem(Orderable):
    """One item of a meeting's agenda (Tagesordnungspunkt), in the editor's order."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("item"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("notes")]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Rsvp(models.Model):
    """A member's answer to the invitation (Zusage, Absage, vielleicht): personal data."""

    shown_on_public_pages = False  # core.pagecache: no public page reads answers

    class Answer(models.TextChoices):
        YES = "yes", _("yes, I will attend")
        MAYBE = "maybe", _("maybe")
        NO = "no", _("no, I cannot attend")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="meeting_rsvps",
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer to an invitation")
        verbose_name_plural = _("answers to invitations")
        ordering = ["meeting", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_one_rsvp_per_user")
        ]

    def __str__(self):
        return f"{self.member_name}: {self.get_answer_display()}"

    @property
    def member_name(self) -> str:
        profile = getattr(self.user, "profile", None)
        return (profile.name if profile else "") or self.user.get_full_name() or self.user.username

    @property
    def member_email(self) -> str:
        return self.user.email
