"""The network's pages: ``WorkingGroupPage`` (/arbeitskreis/), ``MemberListPage``
(/arbeitskreis/mitglieder/), ``NetworkPage`` (/netzwerk/), ``JoinPage`` (/mitmachen/, handles
its own form POST)."""

from collections import OrderedDict

from django.db.models.functions import Lower
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.pagecache import per_generation, public
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit
from beschaffungsallianz.network.forms import JoinRequestForm
from beschaffungsallianz.network.models.organisations import (
    Membership,
    NetworkPartner,
    PartnerKind,
    Sector,
    WorkingGroup,
)
from beschaffungsallianz.network.services import submit_join_request


class WorkingGroupPage(BasePage):
    """/arbeitskreis/: the working group, with links to its members and rules of procedure."""

    working_group = optional_link(WorkingGroup, _("working group"))

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
        context["member_list_page"] = public(MemberListPage.objects.live()).child_of(self).first()
        context["child_pages"] = public(self.get_children().live()).specific()
        context["join_page"] = public(JoinPage.objects.live()).filter(locale=self.locale).first()
        return context


class MemberListPage(BasePage):
    """/arbeitskreis/mitglieder/: current member organisations grouped by sector."""

    @classmethod
    def absolute_url_in(cls, language: str) -> str:
        """The live member list in ``language`` as an absolute link (for e-mails), or ""."""
        page = public(cls.objects.live()).filter(locale__language_code=language).first()
        return absolute_url(page.get_url()) if page else ""

    working_group = optional_link(
        WorkingGroup,
        _("working group"),
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
        # once per worker process and generation, and again the next day: who is a current
        # member depends on the date (Membership.objects.current)
        context.update(
            per_generation(
                f"member-list:{self.pk}",
                self._members,
                expired=lambda members: members["members_on"] != timezone.localdate(),
            )
        )
        return context

    def _members(self) -> dict:
        on = timezone.localdate()
        working_group = self.get_working_group()
        memberships = (
            list(
                Membership.objects.public()
                .filter(working_group=working_group)
                .order_by(Lower("organisation__name"))
            )
            if working_group
            else []
        )
        groups = OrderedDict((value, []) for value, _label in Sector.choices)
        for membership in memberships:
            groups[membership.organisation.sector].append(membership)
        return {
            "members_on": on,
            "working_group": working_group,
            "sectors": [
                {"value": value, "label": Sector(value).label, "memberships": items}
                for value, items in groups.items()
                if items
            ],
            "member_count": len(memberships),
            "has_samples": any(m.organisation.is_sample for m in memberships),
        }


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
    privacy_page = optional_link(
        "wagtailcore.Page",
        _("privacy page"),
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
    SENT_PARAM = "gesendet"

    def get_privacy_url(self, request=None) -> str:
        if self.privacy_page_id and self.privacy_page.live:
            return self.privacy_page.get_url(request)
        try:
            home = reverse("wagtail_serve", args=[""])
        except NoReverseMatch:  # pragma: no cover - wagtail_urls are always mounted
            home = "/"
        return f"{home}datenschutz/"

    def serve(self, request, *args, **kwargs):
        """GET: the form (or the thank-you state after ``?gesendet=1``). POST: validate and store.

        Invalid input re-renders with an error summary (status 200) and stores nothing; a filled
        honeypot is reported like any other error; too many submissions from one IP get a 429.
        A stored request redirects to the thank-you state (post/redirect/get).
        """
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

        status = 200
        rate_limited = False
        privacy_url = self.get_privacy_url(request)
        if request.method == "POST":
            form = JoinRequestForm(request.POST, privacy_url=privacy_url)
            if not check_rate_limit(request, self.RATE_LIMIT_SCOPE):
                rate_limited = True
                status = 429
            elif form.is_valid():
                submit_join_request(
                    form.save(commit=False),
                    language=self.locale.language_code,
                    privacy_url=absolute_url(privacy_url),
                )
                return HttpResponseRedirect(f"{self.get_url(request)}?{self.SENT_PARAM}=1")
        else:
            form = JoinRequestForm(privacy_url=privacy_url)

        context = self.get_context(request, *args, **kwargs)
        context.update(
            form=form,
            sent=request.method == "GET" and request.GET.get(self.SENT_PARAM) == "1",
            rate_limited=rate_limited,
            rate_limit_message=RATE_LIMIT_MESSAGE,
            privacy_url=privacy_url,
            error_title_prefix=gettext("Error") if (rate_limited or form.errors) else "",
        )
        return TemplateResponse(request, self.get_template(request), context, status=status)
