"""Admin menu "Netzwerk": organisations, memberships, partners, working groups, join requests.

Join requests and memberships hold personal data: only users with the view permission
(coordinators and admins) see their menu items; everybody else gets 403 on every URL Wagtail
registers for them (``core.personal_data``). Nobody adds a join request in the admin; they come
from the public form. Status changes go through services.py.
"""

from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.datetime import AdminDateInput
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from beschaffungsallianz.core.admin_actions import (
    Action,
    ActionButtonsEditMixin,
    ActionButtonsIndexMixin,
    ObjectActionView,
    action_view_for,
)
from beschaffungsallianz.core.admin_ui import (
    ExportIndexView,
    ShortDateColumn,
    YesNoColumn,
    case_columns,
)
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
    user_can_view,
)
from beschaffungsallianz.network.models import (
    JoinRequest,
    MemberListPage,
    Membership,
    NetworkPartner,
    Organisation,
    WorkingGroup,
)
from beschaffungsallianz.network.services import (
    JoinRequestError,
    accept_join_request,
    decline_join_request,
    mark_in_contact,
)

register_permission_policy(JoinRequest, NoManualAddPermissionPolicy(JoinRequest))


# --- Organisations, memberships, partners, working groups --------------------------------


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        Column("sector", accessor="get_sector_display", label=_("sector"), sort_key="sector"),
        "place",
        YesNoColumn("is_sample", label=_("sample entry")),
        ShortDateColumn("updated_at", label=_("updated"), sort_key="updated_at"),
    ]
    list_filter = ["sector", "is_sample", "state", "live"]
    search_fields = ["name", "place", "description"]
    ordering = ["name"]


class MembershipViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Membership
    icon = "link"
    menu_label = _("Memberships")
    list_display = [
        Column("organisation", label=_("organisation"), sort_key="organisation__name"),
        "working_group",
        ShortDateColumn("since", label=_("member since"), sort_key="since"),
        ShortDateColumn("until", label=_("member until"), sort_key="until"),
        "role",
    ]
    list_filter = ["working_group", "organisation__sector", "until"]
    search_fields = ["organisation__name", "role"]
    index_view_class = ExportIndexView
    list_export = [
        "organisation",
        "working_group",
        "since",
        "until",
        "role",
        "organisation.get_sector_display",
        "organisation.place",
        "organisation.website",
        "notes",
    ]
    export_headings = {
        "organisation.get_sector_display": _("Sector"),
        "organisation.place": _("Place"),
        "organisation.website": _("Website"),
    }
    export_filename = "mitgliedschaften"
    ordering = ["organisation__name", "-since"]


class NetworkPartnerViewSet(SnippetViewSet):
    model = NetworkPartner
    icon = "site"
    menu_label = _("Network partners")
    list_display = [
        "name",
        Column("kind", accessor="get_kind_display", label=_("kind"), sort_key="kind"),
        YesNoColumn("is_sample", label=_("sample entry")),
    ]
    list_filter = ["kind", "is_sample", "live"]
    search_fields = ["name", "description", "alliance_role"]
    sort_order_field = "sort_order"
    ordering = ["sort_order", "name"]


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "group"
    menu_label = _("Working groups")
    list_display = [
        "name",
        "founded_year",
        YesNoColumn("is_steering_body", label=_("steering body of the project")),
    ]
    search_fields = ["name"]


# --- Join requests ------------------------------------------------------------------------

ACTIONS = {
    "contact": Action(
        _("In contact"),
        "mail",
        _("Mark as 'in contact'"),
        confirm=_("You have contacted the person. The request stays open."),
        done=_("Request from '%(name)s' marked as 'in contact'."),
    ),
    "accept": Action(
        _("Accept"),
        "check",
        _("Accept join request"),
        confirm=_(
            "The organisation is linked (or created and published) and becomes a member of the "
            "working group in one step."
        ),
        done=_("Request from '%(name)s' accepted; the organisation is now a member."),
    ),
    "decline": Action(
        _("Decline"),
        "cross",
        _("Decline join request"),
        confirm=_(
            "The request is declined and will be deleted automatically after the retention period."
        ),
        done=_("Request from '%(name)s' declined."),
    ),
}


class AcceptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Existing organisation"),
        help_text=_(
            "Empty: the organisation with the same name (ignoring case), or a new one created from "
            "the request."
        ),
    )
    working_group = forms.ModelChoiceField(
        queryset=WorkingGroup.objects.all(),
        label=_("Working group"),
    )
    since = forms.DateField(label=_("Member since"), widget=AdminDateInput())


class JoinRequestActionView(ObjectActionView):
    """Confirm and carry out one status change (with options when accepting)."""

    template_name = "network/admin/joinrequest_action.html"
    model = JoinRequest
    actions = ACTIONS
    error_class = JoinRequestError
    unavailable_message = _("This request has already been handled.")

    def available_actions(self, join_request):
        return list(ACTIONS) if join_request.is_open else []

    def button_actions(self, join_request):
        """No "In contact" button once the request is in contact."""
        actions = self.available_actions(join_request)
        if join_request.status == JoinRequest.Status.IN_CONTACT:
            actions.remove("contact")
        return actions

    def object_name(self):
        return self.object.organisation_name

    def get_form(self, form_class=None):
        if self.action_name != "accept":
            return super().get_form(form_class)
        return AcceptForm(**self.get_form_kwargs())

    def get_initial(self):
        if self.action_name != "accept":
            return {}
        return {
            "organisation": Organisation.objects.get_by_name(self.object.organisation_name),
            "working_group": WorkingGroup.default(),
            "since": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["existing"] = Organisation.objects.get_by_name(self.object.organisation_name)
        return context

    def perform(self, form):
        user = self.request.user
        if self.action_name == "accept":
            accept_join_request(
                self.object,
                user=user,
                organisation=form.cleaned_data["organisation"],
                working_group=form.cleaned_data["working_group"],
                since=form.cleaned_data["since"],
                members_url=MemberListPage.absolute_url_in(self.object.language),
            )
        elif self.action_name == "decline":
            decline_join_request(self.object, user=user)
        else:
            mark_in_contact(self.object, user=user)


class JoinRequestIndexView(ActionButtonsIndexMixin, ExportIndexView):
    action_view_class = JoinRequestActionView


class JoinRequestEditView(ActionButtonsEditMixin, EditView):
    action_view_class = JoinRequestActionView


class JoinRequestViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = JoinRequest
    icon = "user"
    menu_label = _("Join requests")
    index_view_class = JoinRequestIndexView
    edit_view_class = JoinRequestEditView
    list_display = [
        "organisation_name",
        Column("sector", accessor="get_sector_display", label=_("sector"), sort_key="sector"),
        "name",
        *case_columns(JoinRequest.Status.NEW, _("status"), _("received")),
    ]
    list_filter = ["status", "sector"]
    search_fields = ["name", "organisation_name", "email"]
    list_export = [
        "created_at",
        "get_status_display",
        "organisation_name",
        "get_sector_display",
        "name",
        "email",
        "phone",
        "message",
        "consented_at",
        "status_changed_at",
        "handled_by",
        "organisation",
        "staff_notes",
    ]
    export_headings = {"get_status_display": _("Status"), "get_sector_display": _("Sector")}
    export_filename = "mitmach-anfragen"
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        view = action_view_for(self, JoinRequestActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action"),
        ]


class NetworkViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "globe"
    menu_order = 250
    items = (
        OrganisationViewSet,
        MembershipViewSet,
        NetworkPartnerViewSet,
        WorkingGroupViewSet,
        JoinRequestViewSet,
    )


register_snippet(NetworkViewSetGroup)


# --- Dashboard -----------------------------------------------------------------------------


class OpenJoinRequestsPanel(Component):
    """Dashboard panel "Offene Mitmach-Anfragen": the oldest open requests first."""

    name = "open_join_requests"
    template_name = "network/admin/open_join_requests_panel.html"
    order = 90  # above Wagtail's own panels (workflow 100+, locked pages 300, recent edits 250)
    shown = 5

    def get_context_data(self, parent_context):
        open_requests = JoinRequest.objects.filter(status__in=JoinRequest.OPEN_STATUSES).order_by(
            "created_at"
        )
        return {
            "join_requests": open_requests[: self.shown],
            "total": open_requests.count(),
            "list_url": reverse("wagtailsnippets_network_joinrequest:list"),
        }


@hooks.register("construct_homepage_panels")
def add_open_join_requests_panel(request, panels):
    """For coordinators and admins only (personal data)."""
    if user_can_view(request.user, JoinRequest):
        panels.append(OpenJoinRequestsPanel())
