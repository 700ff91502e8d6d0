"""Admin menu "Konten": registered accounts, pending ones first to decide.

Profiles are personal data: only coordinators and admins see them (``PersonalDataViewSetMixin``:
403 on every URL Wagtail registers for them, for everybody else). Nobody adds a profile
here: people register themselves. Coordinators cannot delete one either (no delete permission):
people delete their accounts themselves, ``purge_accounts`` deletes stale ones. Decisions (confirm, decline, working group) go through services.py, with a reason
and a mail to the person.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button, HeaderButton
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
from beschaffungsallianz.core.admin_ui import ShortDateColumn
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
    require_view_permission,
)

register_permission_policy(Profile, NoManualAddPermissionPolicy(Profile))

ACTIONS = {
    "approve": {
        "label": _("Confirm"),
        "icon": "check",
        "title": _("Confirm account"),
        "confirm": _(
            "The person works for a public buyer, a member organisation or a partner. They "
            "become a member (group “Mitglied”) and get an e-mail."
        ),
        "done": _("Account of '%(name)s' confirmed."),
    },
    "decline": {
        "label": _("Decline"),
        "icon": "cross",
        "title": _("Decline account"),
        "confirm": _(
            "The account stays unverified and is deleted after the retention period. The "
            "person gets an e-mail with the reason."
        ),
        "done": _("Account of '%(name)s' declined."),
    },
    "join-working-group": {
        "label": _("Add to working group"),
        "icon": "group",
        "title": _("Add to the working group"),
        "confirm": _(
            "The person works for a member organisation of the working group and sees its "
            "meetings and minutes (group “Arbeitskreis”)."
        ),
        "done": _("'%(name)s' added to the working group."),
    },
    "leave-working-group": {
        "label": _("Remove from working group"),
        "icon": "minus",
        "title": _("Remove from the working group"),
        "confirm": _("The person no longer sees the working group's meetings and minutes."),
        "done": _("'%(name)s' removed from the working group."),
    },
}


def available_actions(profile: Profile) -> list[str]:
    if profile.status == Profile.Status.PENDING:
        return ["approve", "decline"]
    if profile.status == Profile.Status.DECLINED:
        return ["approve"]
    joined = in_working_group(profile)
    return ["leave-working-group" if joined else "join-working-group", "decline"]


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


def action_buttons(profile: Profile, namespace: str, button_class) -> list:
    return [
        button_class(
            ACTIONS[action]["label"],
            url=reverse(f"{namespace}:action", args=[profile.pk, action]),
            icon_name=ACTIONS[action]["icon"],
            priority=priority,
        )
        for priority, action in enumerate(available_actions(profile), start=1)
    ]


class ProfileActionView(WagtailAdminTemplateMixin, FormView):
    """Confirm and carry out one decision about an account."""

    template_name = "accounts/admin/profile_action.html"
    header_icon = "user"
    permission_policy = None
    url_namespace = None

    def dispatch(self, request, pk, action):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if action not in ACTIONS:
            raise Http404
        self.action = action
        self.object = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
        if action not in available_actions(self.object):
            messages.error(request, _("This is not possible in the account's current state."))
            return redirect(self.edit_url)
        return super().dispatch(request, pk, action)

    @cached_property
    def edit_url(self):
        return reverse(f"{self.url_namespace}:edit", args=[self.object.pk])

    def get_page_title(self):
        return ACTIONS[self.action]["title"]

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(f"{self.url_namespace}:list"),
                "label": Profile._meta.verbose_name_plural,
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": ACTIONS[self.action]["title"]},
        ]

    def get_form(self, form_class=None):
        if self.action not in ("approve", "decline"):
            return forms.Form(**self.get_form_kwargs())
        return DecisionForm(required=self.action == "decline", **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, action=ACTIONS[self.action], edit_url=self.edit_url)
        return context

    def form_valid(self, form):
        user = self.request.user
        try:
            if self.action in ("approve", "decline"):
                decide(
                    self.object,
                    verified=self.action == "approve",
                    reason=form.cleaned_data["reason"],
                    user=user,
                    profile_url=profile_url(self.object),
                )
            else:
                set_working_group(
                    self.object, member=self.action == "join-working-group", user=user
                )
        except AccountError:
            messages.error(self.request, _("This is not possible in the account's current state."))
            return redirect(self.edit_url)
        messages.success(self.request, ACTIONS[self.action]["done"] % {"name": self.object})
        return redirect(reverse(f"{self.url_namespace}:list"))


def profile_url(profile: Profile) -> str:
    """The absolute address of /konto/ in the person's language (for the mail)."""
    with translation.override(profile.language):
        return absolute_url(reverse("accounts:profile"))


class ProfileIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            namespace = self.index_url_name.rsplit(":", 1)[0]
            buttons += action_buttons(instance, namespace, Button)
        return buttons


class ProfileEditView(EditView):
    def get_header_buttons(self):
        namespace = self.index_url_name.rsplit(":", 1)[0]
        return action_buttons(self.object, namespace, HeaderButton) + super().get_header_buttons()


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
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label=_("verification"),
            sort_key="status",
            primary=lambda obj: obj.status == Profile.Status.PENDING,
        ),
        ShortDateColumn("created_at", label=_("registered"), sort_key="created_at"),
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

    @property
    def action_view(self):
        view = ProfileActionView.as_view(
            permission_policy=self.permission_policy, url_namespace=self.url_namespace
        )
        return require_view_permission(self.model)(view)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", self.action_view, name="action"),
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
