"""Admin menu "Konten": registered accounts, pending ones first to decide.

Profiles are personal data: only coordinators and admins see them (``PersonalDataViewSetMixin``:
403 on every URL Wagtail registers for them, for everybody else). Nobody adds a profile
here: people register themselves. Coordinators cannot delete one either (no delete permission):
people delete their accounts themselves, ``purge_accounts`` deletes stale ones. Decisions
(confirm, decline, working group) go through services.py, with a reason and a mail to the
person.
"""

from django import forms
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.services import (
    AccountError,
    decide,
    in_working_group,
    set_working_group,
)
from beschaffungsallianz.core.admin_actions import (
    Action,
    ActionButtonsEditMixin,
    ActionButtonsIndexMixin,
    ObjectActionView,
    action_view_for,
)
from beschaffungsallianz.core.admin_ui import case_columns
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
)

register_permission_policy(Profile, NoManualAddPermissionPolicy(Profile))

ACTIONS = {
    "approve": Action(
        _("Confirm"),
        "check",
        _("Confirm account"),
        confirm=_(
            "The person works for a public buyer, a member organisation or a partner. They "
            "become a member (group “Mitglied”) and get an e-mail."
        ),
        done=_("Account of '%(name)s' confirmed."),
    ),
    "decline": Action(
        _("Decline"),
        "cross",
        _("Decline account"),
        confirm=_(
            "The account stays unverified and is deleted after the retention period. The "
            "person gets an e-mail with the reason."
        ),
        done=_("Account of '%(name)s' declined."),
    ),
    "join-working-group": Action(
        _("Add to working group"),
        "group",
        _("Add to the working group"),
        confirm=_(
            "The person works for a member organisation of the working group and sees its "
            "meetings and minutes (group “Arbeitskreis”)."
        ),
        done=_("'%(name)s' added to the working group."),
    ),
    "leave-working-group": Action(
        _("Remove from working group"),
        "minus",
        _("Remove from the working group"),
        confirm=_("The person no longer sees the working group's meetings and minutes."),
        done=_("'%(name)s' removed from the working group."),
    ),
}


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Part of the e-mail to the person."),
    )

    def __init__(self, *args, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ProfileActionView(ObjectActionView):
    """Confirm or decline an account (with a reason), or change its working-group role."""

    template_name = "accounts/admin/profile_action.html"
    model = Profile
    actions = ACTIONS
    error_class = AccountError

    def get_queryset(self):
        return Profile.objects.select_related("user")

    def available_actions(self, profile):
        if profile.status == Profile.Status.PENDING:
            return ["approve", "decline"]
        if profile.status == Profile.Status.DECLINED:
            return ["approve"]
        joined = in_working_group(profile)
        return ["leave-working-group" if joined else "join-working-group", "decline"]

    def get_form(self, form_class=None):
        if self.action_name not in ("approve", "decline"):
            return super().get_form(form_class)
        return DecisionForm(required=self.action_name == "decline", **self.get_form_kwargs())

    def perform(self, form):
        user = self.request.user
        if self.action_name in ("approve", "decline"):
            decide(
                self.object,
                verified=self.action_name == "approve",
                reason=form.cleaned_data["reason"],
                user=user,
                profile_url=profile_url(self.object),
            )
        else:
            set_working_group(
                self.object, member=self.action_name == "join-working-group", user=user
            )


def profile_url(profile: Profile) -> str:
    """The absolute address of /konto/ in the person's language (for the mail)."""
    with translation.override(profile.language):
        return absolute_url(reverse("accounts:profile"))


class ProfileIndexView(ActionButtonsIndexMixin, IndexView):
    action_view_class = ProfileActionView


class ProfileEditView(ActionButtonsEditMixin, EditView):
    action_view_class = ProfileActionView


class ProfileViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Accounts")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ProfileIndexView
    edit_view_class = ProfileEditView
    list_display = [
        "name",
        Column("email", label=_("e-mail"), sort_key="user__email"),
        Column("organisation_display", label=_("organisation")),
        *case_columns(Profile.Status.PENDING, _("verification"), _("registered")),
    ]
    list_filter = ["status", "state"]
    search_fields = ["name", "organisation_name", "function"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False
    # Coordinators correct the details; the decision itself is an action with a reason.
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("organisation_name"),
        FieldPanel("function"),
        FieldPanel("state"),
    ]

    def get_urlpatterns(self):
        view = action_view_for(self, ProfileActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action"),
        ]


register_snippet(ProfileViewSet)


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    """The decisions in the account's history (services.decide, services.set_working_group)."""
    actions.register_action("accounts.verified", _("Confirm account"), _("Account confirmed"))
    actions.register_action("accounts.declined", _("Decline account"), _("Account declined"))
    actions.register_action(
        "accounts.working_group_added", _("Add to working group"), _("Added to working group")
    )
    actions.register_action(
        "accounts.working_group_removed",
        _("Remove from working group"),
        _("Removed from working group"),
    )
