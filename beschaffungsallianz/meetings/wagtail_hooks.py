"""Admin menu "Arbeitskreis" (coordinators and administrators): meetings with their agenda and
the invitation action, minutes with their versions and the approval action, decisions, and
the members' answers (personal data: a listing with CSV/XLSX export, nobody adds one by hand).

All of it is the working group's internal business: every URL Wagtail registers for these
models (choosers and bulk actions included) answers 403 to a user without the model's view
permission (``core.personal_data.PersonalDataViewSetMixin``), editors included.
"""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from beschaffungsallianz.core.admin_actions import (
    Action,
    ActionButtonsEditMixin,
    ActionButtonsIndexMixin,
    ObjectActionView,
    action_view_for,
)
from beschaffungsallianz.core.admin_ui import ExportIndexView, ShortDateColumn, YesNoColumn
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
)
from beschaffungsallianz.meetings import services
from beschaffungsallianz.meetings.forms import MinutesAdminForm
from beschaffungsallianz.meetings.models import (
    Decision,
    Meeting,
    MeetingIndexPage,
    Minutes,
    Rsvp,
)
from beschaffungsallianz.meetings.tasks import invitees

register_permission_policy(Rsvp, NoManualAddPermissionPolicy(Rsvp))

NO_PAGE = _("There is no published meetings page (/arbeitskreis/sitzungen/) to link to.")


# --- meetings: the invitation ------------------------------------------------------------


class MeetingActionView(ObjectActionView):
    template_name = "meetings/admin/meeting_action.html"
    header_icon = "mail"
    model = Meeting
    error_class = services.NotPossible
    actions = {
        "invite": Action(
            _("Send invitation"),
            "mail",
            _("Send the invitation"),
            confirm=_(
                "Every member of the group “Arbeitskreis” gets an e-mail with the invitation, "
                "place, online link, agenda, a calendar file and the link to answer on the site."
            ),
            done=_("Invitation to '%(name)s' is being sent."),
        )
    }

    def available_actions(self, meeting):
        return [] if meeting.has_taken_place else ["invite"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitees"] = invitees().count()
        return context

    def perform(self, form):
        page = MeetingIndexPage.objects.live().first()
        if page is None:
            raise services.NotPossible(NO_PAGE)
        slug = self.object.slug
        services.invite(
            self.object,
            meeting_url=page.absolute_route_url("meeting_route", slug),
            answer_url=page.absolute_route_url("answer_route", slug),
        )


class MeetingIndexView(ActionButtonsIndexMixin, IndexView):
    action_view_class = MeetingActionView


class MeetingEditView(ActionButtonsEditMixin, EditView):
    action_view_class = MeetingActionView


class MeetingViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    index_view_class = MeetingIndexView
    edit_view_class = MeetingEditView
    list_display = [
        "title",
        ShortDateColumn("start", label=_("start"), sort_key="start"),
        ShortDateColumn("invited_at", label=_("invitation sent at")),
        YesNoColumn("is_sample", label=_("sample entry")),
    ]
    search_fields = ["title", "place"]
    ordering = ["-start"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        view = action_view_for(self, MeetingActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action")
        ]


# --- minutes: versions and approval --------------------------------------------------------


class ApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting"), queryset=Meeting.objects.none()
    )
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        later = Meeting.objects.filter(start__gt=minutes.meeting.start).order_by("start")
        self.fields["meeting"].queryset = later
        following = later.first()
        if following is not None:
            self.initial.setdefault("meeting", following.pk)
            self.initial.setdefault("approved_on", following.local_start.date())


class MinutesActionView(ObjectActionView):
    template_name = "meetings/admin/minutes_action.html"
    header_icon = "doc-full"
    model = Minutes
    error_class = services.NotPossible
    actions = {
        "approve": Action(
            # with a context: a plain "Approve" would rename Wagtail's workflow buttons too
            pgettext_lazy("minutes", "Approve"),
            "check",
            _("Approve the minutes"),
            confirm=_(
                "The working group approved this version at a meeting (usually the next one). "
                "After that it cannot be changed; a correction becomes a new version."
            ),
            done=_("'%(name)s' approved."),
        )
    }

    def available_actions(self, minutes):
        return [] if minutes.is_approved else ["approve"]

    def get_form(self, form_class=None):
        return ApproveForm(minutes=self.object, **self.get_form_kwargs())

    def perform(self, form):
        services.approve_minutes(
            self.object, at=form.cleaned_data["meeting"], on=form.cleaned_data["approved_on"]
        )


class MinutesIndexView(ActionButtonsIndexMixin, IndexView):
    action_view_class = MinutesActionView


class MinutesEditView(ActionButtonsEditMixin, EditView):
    """An approved version is never saved over: the edit becomes a new draft version."""

    action_view_class = MinutesActionView

    def save_instance(self):
        if not self.form.locked:
            return super().save_instance()
        original = Minutes.objects.get(pk=self.object.pk)
        return services.revise_minutes(
            original,
            body=self.form.cleaned_data["body"],
            change_note=self.form.cleaned_data["change_note"],
            user=self.request.user,
        )

    def get_success_message(self, instance=None):
        if self.form.locked:
            return _("Saved as a new version (%(label)s).") % {"label": self.object.label}
        return super().get_success_message(instance)


class MinutesViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = _("Minutes")
    index_view_class = MinutesIndexView
    edit_view_class = MinutesEditView
    list_display = [
        "__str__",
        Column("get_status_display", label=_("status"), sort_key="status"),
        ShortDateColumn("approved_on", label=_("approved on")),
    ]
    list_filter = ["status", "meeting"]
    ordering = ["-meeting__start", "-version"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("body"),
            FieldPanel("change_note"),
            FieldPanel("is_sample"),
        ],
        base_form_class=MinutesAdminForm,
    )

    def get_urlpatterns(self):
        view = action_view_for(self, MinutesActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action")
        ]


# --- decisions, answers ----------------------------------------------------------------------


class DecisionViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Decision
    icon = "tick-inverse"
    menu_label = _("Decisions")
    list_display = [
        "number",
        ShortDateColumn("decided_on", label=_("decided on"), sort_key="decided_on"),
        Column("get_status_display", label=_("status"), sort_key="status"),
        Column("meeting", label=_("meeting")),
    ]
    list_filter = ["status"]
    search_fields = ["number", "text"]
    ordering = ["-decided_on", "-number"]
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [
        FieldPanel("number"),
        FieldPanel("decided_on"),
        FieldPanel("meeting"),
        FieldPanel("text"),
        FieldPanel("status"),
        FieldPanel("is_sample"),
    ]


class RsvpViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Rsvp
    icon = "group"
    menu_label = _("Answers")
    index_view_class = ExportIndexView
    list_display = [
        "member_name",
        Column("meeting", label=_("meeting"), sort_key="meeting__start"),
        Column("get_answer_display", label=_("answer"), sort_key="answer"),
        "note",
        ShortDateColumn("answered_at", label=_("answered at"), sort_key="answered_at"),
    ]
    list_filter = ["meeting", "answer"]
    list_export = [
        "meeting",
        "member_name",
        "member_email",
        "get_answer_display",
        "note",
        "answered_at",
    ]
    export_headings = {
        "member_name": _("Name"),
        "member_email": _("E-mail address"),
        "get_answer_display": _("Answer"),
    }
    export_filename = "teilnahme-arbeitskreis"
    ordering = ["meeting__start", "user__username"]
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["answer", "note"]


class WorkingGroupBusiness(SnippetViewSetGroup):
    menu_label = _("Working group")
    menu_icon = "group"
    menu_order = 270
    items = (MeetingViewSet, MinutesViewSet, DecisionViewSet, RsvpViewSet)


register_snippet(WorkingGroupBusiness)
