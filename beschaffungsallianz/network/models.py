"""Organisations, working-group memberships, network partners, join requests, and their pages.

Snippets (managed under "Netzwerk" in the admin, see wagtail_hooks.py):
- ``Organisation``: an actor that is or was a member (drafts and history).
- ``WorkingGroup`` ("Arbeitskreis"): the alliance's steering body; usually one per site.
- ``Membership``: an organisation in a working group from ``since`` to ``until`` (open end =
  current). Former members are kept with their end date and never listed as current.
- ``NetworkPartner``: a network the alliance takes part in, with what it does there.
- ``JoinRequest``: the /mitmachen/ form's submissions (personal data: coordinators only).

Pages: ``WorkingGroupPage`` (/arbeitskreis/), ``MemberListPage`` (/arbeitskreis/mitglieder/),
``NetworkPage`` (/netzwerk/), ``JoinPage`` (/mitmachen/, handles its own form POST).
"""

import datetime
from collections import OrderedDict

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from beschaffungsallianz.core.models import BasePage
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
    logo = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff_notes = models.TextField(_("internal notes"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("linked organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_requests",
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


# --- Pages -------------------------------------------------------------------------------


class WorkingGroupPage(BasePage):
    """/arbeitskreis/: the working group, with links to its members and rules of procedure."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [FieldPanel("working_group")]
    # Any child page: member list, rules of procedure, minutes ...
    subpage_types = None

    class Meta:
        verbose_name = _("working group page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["member_count"] = (
            Membership.objects.public().filter(working_group=self.working_group).count()
            if self.working_group
            else 0
        )
        context["member_list_page"] = MemberListPage.objects.live().public().child_of(self).first()
        context["child_pages"] = self.get_children().live().public().specific()
        context["join_page"] = JoinPage.objects.live().public().filter(locale=self.locale).first()
        return context


class MemberListPage(BasePage):
    """/arbeitskreis/mitglieder/: current member organisations grouped by sector."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the working group of the page above."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("working_group")]
    subpage_types = []

    class Meta:
        verbose_name = _("member list page")

    def get_working_group(self) -> WorkingGroup | None:
        if self.working_group_id:
            return self.working_group
        parent = self.get_parent().specific
        return getattr(parent, "working_group", None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        working_group = self.get_working_group()
        memberships = (
            Membership.objects.public()
            .filter(working_group=working_group)
            .order_by(Lower("organisation__name"))
            if working_group
            else Membership.objects.none()
        )
        groups = OrderedDict((value, []) for value, _label in Sector.choices)
        for membership in memberships:
            groups[membership.organisation.sector].append(membership)
        context["working_group"] = working_group
        context["sectors"] = [
            {"value": value, "label": Sector(value).label, "memberships": items}
            for value, items in groups.items()
            if items
        ]
        context["member_count"] = sum(len(items) for items in groups.values())
        context["has_samples"] = any(m.organisation.is_sample for m in memberships)
        return context


class NetworkPage(BasePage):
    """/netzwerk/: network partners by kind, with what the alliance does there."""

    subpage_types = []

    class Meta:
        verbose_name = _("network page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = NetworkPartner.objects.filter(live=True)
        groups = OrderedDict((value, []) for value, _label in PartnerKind.choices)
        for partner in partners:
            groups[partner.kind].append(partner)
        context["kinds"] = [
            {"value": value, "label": PartnerKind(value).label, "partners": items}
            for value, items in groups.items()
            if items
        ]
        context["has_samples"] = any(p.is_sample for p in partners)
        return context


class JoinPage(BasePage):
    """/mitmachen/: how to join, and the join form (handled in ``serve``)."""

    thank_you_text = RichTextField(
        _("text after sending"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Shown after a request was sent. Empty: a standard text."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the consent checkbox. Empty: /datenschutz/."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_page"),
    ]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("join page")

    RATE_LIMIT_SCOPE = "network:join"

    def get_privacy_url(self, request=None) -> str:
        if self.privacy_page_id and self.privacy_page.live:
            return self.privacy_page.get_url(request)
        from django.urls import reverse

        try:
            home = reverse("wagtail_serve", args=[""])
        except Exception:  # pragma: no cover - wagtail_urls are always mounted
            home = "/"
        return f"{home}datenschutz/"

    def serve(self, request, *args, **kwargs):
        from beschaffungsallianz.network.views import serve_join_page

        return serve_join_page(self, request, *args, **kwargs)
