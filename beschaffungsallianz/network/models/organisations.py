"""Who takes part: organisations, the working group, memberships, network partners (snippets,
managed under "Netzwerk" in the admin, see wagtail_hooks.py).

- ``Organisation``: an actor that is or was a member (drafts and history).
- ``WorkingGroup`` ("Arbeitskreis"): the alliance's steering body; usually one per site.
- ``Membership``: an organisation in a working group from ``since`` to ``until`` (open end =
  current). Former members are kept with their end date and never listed as current.
- ``NetworkPartner``: a network the alliance takes part in, with what it does there.
"""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.core.states import STATE_CHOICES


class Sector(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    SOCIAL_ECONOMY = "social_economy", _("social economy")
    AUTHORITY = "authority", _("ministry/authority")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("science")


class OrganisationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def get_by_name(self, name: str) -> "Organisation | None":
        """Case- and surrounding-space-insensitive lookup, as used when accepting requests."""
        return self.filter(name__iexact=name.strip()).order_by("pk").first()


class Organisation(DraftStateMixin, RevisionMixin, models.Model):
    name = models.CharField(_("name"), max_length=255)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    place = models.CharField(_("place"), max_length=120, blank=True)
    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = optional_link("core.CustomImage", _("logo"))
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Shown with a 'Beispiel' badge: demo content, not a real member."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="organisation")

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("is_sample")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("state")]),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="network_organisation_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def current_membership(self, working_group=None):
        memberships = self.memberships.current()
        if working_group is not None:
            memberships = memberships.filter(working_group=working_group)
        return memberships.order_by("since").first()


class WorkingGroup(models.Model):
    """The alliance's working group ("Arbeitskreis"), e.g. its steering body."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("active since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    is_steering_body = models.BooleanField(
        _("steering body of the project"),
        default=False,
        help_text=_("The working group steers the alliance's project."),
    )
    is_open = models.BooleanField(
        _("open to new members"),
        default=True,
        help_text=_("New actors can join through the join form."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("founded_year"),
                FieldPanel("is_steering_body"),
                FieldPanel("is_open"),
            ]
        ),
    ]

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls) -> "WorkingGroup | None":
        """The group new members join when nothing else is said: the only or the steering one."""
        groups = list(cls.objects.order_by("-is_steering_body", "pk")[:2])
        if len(groups) == 1 or (groups and groups[0].is_steering_body):
            return groups[0]
        return None


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gt=on), since__lte=on)

    def former(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(until__lte=on)

    def public(self):
        """Current memberships of published organisations, for the public site and the API."""
        return (
            self.current()
            .filter(organisation__live=True)
            .select_related("organisation", "working_group")
        )


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    since = models.DateField(_("member since"), default=timezone.localdate)
    until = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the membership lasts. Former members stay on record."),
    )
    role = models.CharField(
        _("role"),
        max_length=120,
        blank=True,
        help_text=_("Public, e.g. 'spokesperson' or 'guest member'."),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("organisation"),
        FieldPanel("working_group"),
        FieldRowPanel([FieldPanel("since"), FieldPanel("until")]),
        FieldPanel("role"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="network_membership_until_after_since",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "working_group"],
                condition=Q(until__isnull=True),
                name="network_membership_one_open_per_group",
                violation_error_message=_(
                    "This organisation already has an open membership in this working group."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.working_group}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until > today)


class PartnerKind(models.TextChoices):
    REGIONAL = "regional", _("regional")
    STATE = "state", _("state level")
    NATIONAL = "national", _("national")
    NETWORK = "network", _("networks")


class NetworkPartner(DraftStateMixin, RevisionMixin, models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    alliance_role = models.TextField(
        _("what the alliance does there"),
        blank=True,
        help_text=_("E.g. 'We take part in the annual meeting and share our practice examples.'"),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Shown with a 'Beispiel' badge: demo content, not a real partner."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="networkpartner")

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("is_sample")]),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("alliance_role"),
    ]

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions
