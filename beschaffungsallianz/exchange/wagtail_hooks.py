"""Admin menu "Austausch": reports (coordinators: hide or delete the post, or dismiss), threads
(coordinators: lock, move; editors and coordinators: draft a practice example from a thread)
and the moderation log (coordinators, read only).

Members' posts are not public: every URL Wagtail registers for these models answers 403 to
anyone without the view permission (``PersonalDataViewSetMixin``). Nobody adds a thread,
report or log entry here, and edit views only show: every change is an action with a
confirmation page (``core/admin_actions.py``) that goes through ``services.py`` and is logged.
"""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
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
from beschaffungsallianz.core.admin_ui import ShortDateColumn, YesNoColumn
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
)
from beschaffungsallianz.core.site_settings import alliance_state
from beschaffungsallianz.exchange import access, services
from beschaffungsallianz.exchange.forms import MoveForm
from beschaffungsallianz.exchange.models import ModerationLog, Report, Thread
from beschaffungsallianz.exchange.services import TOPIC_FIELDS

for _model in (Report, Thread, ModerationLog):
    register_permission_policy(_model, NoManualAddPermissionPolicy(_model))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note for the log"), required=False)


# --- reports ---------------------------------------------------------------------------------

REPORT_ACTIONS = {
    "hide": Action(
        _("Hide post"),
        "view",
        _("Hide the reported post"),
        confirm=_(
            "Members no longer see the post, and it disappears from the search at once. "
            "Hiding the opening post hides the whole thread. Logged."
        ),
        done=_("Post hidden: '%(name)s'."),
    ),
    "delete": Action(
        _("Delete post"),
        "cross",
        _("Delete the reported post"),
        confirm=_(
            "The post and its attachments are deleted for good; deleting the opening post "
            "deletes the whole thread. Logged."
        ),
        done=_("Post deleted: '%(name)s'."),
    ),
    "dismiss": Action(
        _("Dismiss report"),
        "check",
        _("Dismiss the report"),
        confirm=_("The post stays as it is. Logged."),
        done=_("Report dismissed: '%(name)s'."),
    ),
}


class ReportActionView(ObjectActionView):
    template_name = "exchange/admin/report_action.html"
    model = Report
    actions = REPORT_ACTIONS
    error_class = services.ExchangeError

    def get_queryset(self):
        return Report.objects.select_related("post__thread", "reporter")

    def available_actions(self, report):
        return list(self.actions) if report.status == Report.Status.OPEN else []

    def get_form(self, form_class=None):
        return NoteForm(**self.get_form_kwargs())

    def perform(self, form):
        note, user, report = form.cleaned_data["note"], self.request.user, self.object
        if self.action_name == "hide":
            services.hide_post(report.post, user, note=note)
        elif self.action_name == "delete":
            services.delete_post(report.post, user, note=note)
        else:
            services.dismiss_report(report, user, note=note)


class ReportIndexView(ActionButtonsIndexMixin, IndexView):
    action_view_class = ReportActionView


class ReportEditView(ActionButtonsEditMixin, EditView):
    action_view_class = ReportActionView


class ReportViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Reports")
    index_view_class = ReportIndexView
    edit_view_class = ReportEditView
    list_display = [
        Column("post", label=_("post")),
        "reason",
        "status",
        ShortDateColumn("created_at", label=_("reported")),
    ]
    list_filter = ["status"]
    ordering = ["status", "-created_at"]
    copy_view_enabled = False
    panels = [
        FieldPanel("post", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("status", read_only=True),
    ]

    def get_urlpatterns(self):
        view = action_view_for(self, ReportActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action"),
        ]


# --- threads ---------------------------------------------------------------------------------

THREAD_ACTIONS = {
    "lock": Action(
        _("Lock"),
        "lock",
        _("Lock the thread"),
        confirm=_("Nobody can reply any more; the thread stays readable. Logged."),
        done=_("Thread locked: '%(name)s'."),
    ),
    "unlock": Action(
        _("Unlock"),
        "lock-open",
        _("Unlock the thread"),
        confirm=_("Members can reply again. Logged."),
        done=_("Thread unlocked: '%(name)s'."),
    ),
    "move": Action(
        _("Move"),
        "resubmit",
        _("Move the thread to other topics"),
        confirm=_("Choose the thread's new topics. Logged."),
        done=_("Thread moved: '%(name)s'."),
    ),
    "example": Action(
        _("Draft practice example"),
        "doc-full",
        _("Draft a practice example from this thread"),
        confirm=_(
            "A draft practice example is made from the thread's visible posts and submitted to "
            "the review workflow. Only authors who agreed are named as contacts; complete the "
            "buyer, year and details before publishing."
        ),
        done=_("Draft practice example made from '%(name)s'; it waits for review."),
    ),
}


class ThreadActionView(ObjectActionView):
    template_name = "exchange/admin/thread_action.html"
    model = Thread
    actions = THREAD_ACTIONS
    error_class = services.ExchangeError

    def available_actions(self, thread):
        names = ["example"]
        if access.can_moderate(self.request.user):
            names = ["unlock" if thread.locked else "lock", "move", *names]
        return names

    def button_actions(self, thread):
        return [name for name in ("unlock" if thread.locked else "lock", "move", "example")]

    def get_form(self, form_class=None):
        if self.action_name == "move":
            kwargs = self.get_form_kwargs()
            kwargs["initial"] = {name: getattr(self.object, name) for name in TOPIC_FIELDS}
            return MoveForm(**kwargs)
        return NoteForm(**self.get_form_kwargs())

    def perform(self, form):
        user, thread = self.request.user, self.object
        if self.action_name in ("lock", "unlock"):
            services.set_locked(
                thread, user, locked=self.action_name == "lock", note=form.cleaned_data["note"]
            )
        elif self.action_name == "move":
            services.move_thread(thread, user, topics=form.topics(), note=form.cleaned_data["note"])
        else:
            services.thread_to_example(thread, user, default_state=alliance_state(self.request))


class ThreadIndexView(ActionButtonsIndexMixin, IndexView):
    action_view_class = ThreadActionView


class ThreadEditView(ActionButtonsEditMixin, EditView):
    action_view_class = ThreadActionView


class ThreadViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Thread
    icon = "comment"
    menu_label = _("Threads")
    index_view_class = ThreadIndexView
    edit_view_class = ThreadEditView
    list_display = [
        "title",
        Column("reply_count", label=_("replies")),
        YesNoColumn("locked", label=_("locked")),
        YesNoColumn("hidden", label=_("hidden")),
        ShortDateColumn("last_post_at", label=_("last post")),
    ]
    list_filter = ["locked", "hidden", "tender_stage", "state"]
    search_fields = ["title"]
    ordering = ["-last_post_at"]
    copy_view_enabled = False
    panels = [
        FieldPanel(name, read_only=True)
        for name in ("title", "product_group", "tender_stage", "state", "law", "locked", "hidden")
    ]

    def get_urlpatterns(self):
        view = action_view_for(self, ThreadActionView)
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", view, name="action"),
        ]


class ModerationLogViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = ModerationLog
    icon = "history"
    menu_label = _("Moderation log")
    list_display = [
        "action",
        "thread_title",
        "moderator",
        "note",
        ShortDateColumn("created_at", label=_("when")),
    ]
    list_filter = ["action"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel(name, read_only=True) for name in ("action", "thread_title", "moderator", "note")
    ]


class ExchangeViewSetGroup(SnippetViewSetGroup):
    items = (ReportViewSet, ThreadViewSet, ModerationLogViewSet)
    menu_icon = "comment"
    menu_label = _("Exchange")
    menu_name = "exchange"
    menu_order = 270


register_snippet(ExchangeViewSetGroup)
