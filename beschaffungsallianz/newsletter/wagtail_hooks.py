"""Newsletter admin: the subscribers (personal data: coordinators and admins only, with
XLSX/CSV export) and, on every issue page, "Send test mail to me" and "Send" (with progress:
sent/total). Nobody adds subscribers by hand; they come from the public form (double opt-in).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from beschaffungsallianz.core.admin_ui import ExportIndexView, ShortDateColumn, case_columns
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
)
from beschaffungsallianz.newsletter import sending, tasks
from beschaffungsallianz.newsletter.models import NewsletterIssuePage, Subscriber

register_permission_policy(Subscriber, NoManualAddPermissionPolicy(Subscriber))


class SubscriberViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = ExportIndexView
    list_display = [
        "email",
        *case_columns(Subscriber.Status.PENDING, _("status"), _("signed up at")),
        ShortDateColumn("confirmed_at", label=_("confirmed at"), sort_key="confirmed_at"),
    ]
    list_filter = ["status"]
    search_fields = ["email"]
    list_export = [
        "email",
        "get_status_display",
        "topic_list",
        "language",
        "created_at",
        "consented_at",
        "consent_text",
        "confirmed_at",
        "unsubscribed_at",
    ]
    export_headings = {"get_status_display": _("Status"), "topic_list": _("Topics")}
    export_filename = "newsletter-abonnenten"
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["status"]


register_snippet(SubscriberViewSet)


class IssueMailView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will happen (and, for sending, the progress sent/total). POST: send the test
    mail to the editor's own address, or start sending (``tasks.send_issue``)."""

    template_name = "newsletter/admin/issue_mail.html"
    header_icon = "mail"
    action = "send"  # or "test"

    def dispatch(self, request, pk):
        self.issue = get_object_or_404(NewsletterIssuePage, pk=pk)
        if not self.issue.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Send test mail to me") if self.action == "test" else _("Send newsletter")

    def get_page_subtitle(self):
        return self.issue.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
                "label": self.issue.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            issue=self.issue,
            action=self.action,
            progress=sending.progress(self.issue),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
            address=self.request.user.email,
        )
        return context

    def post(self, request, pk):
        if self.action == "test":
            return self._send_test(request)
        if not self.issue.live or self.issue.has_unpublished_changes:
            messages.error(request, _("Publish the issue first: the live version is sent."))
            return redirect(request.path)
        tasks.send_issue.enqueue(self.issue.pk)
        messages.success(request, _("Sending has started."))
        return redirect(request.path)

    def _send_test(self, request):
        if not request.user.email:
            messages.error(request, _("Your account has no e-mail address."))
            return redirect(request.path)
        draft = self.issue.get_latest_revision_as_object()
        sending.send_test(draft, request.user.email)
        messages.success(
            request,
            _("Test mail sent to %(address)s.") % {"address": request.user.email},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.issue.pk]))


@hooks.register("register_admin_urls")
def issue_mail_urls():
    return [
        path(
            "newsletter/issue/<int:pk>/test/",
            IssueMailView.as_view(action="test"),
            name="newsletter_issue_test",
        ),
        path(
            "newsletter/issue/<int:pk>/send/",
            IssueMailView.as_view(action="send"),
            name="newsletter_issue_send",
        ),
    ]


def _issue_buttons(page, user):
    if not isinstance(page.specific_deferred, NewsletterIssuePage):
        return []
    if not page.permissions_for_user(user).can_publish():
        return []
    return [
        Button(
            _("Send test mail to me"),
            url=reverse("newsletter_issue_test", args=[page.pk]),
            icon_name="mail",
            priority=80,
        ),
        Button(
            _("Send newsletter"),
            url=reverse("newsletter_issue_send", args=[page.pk]),
            icon_name="mail",
            priority=81,
        ),
    ]


@hooks.register("register_page_header_buttons")
def issue_header_buttons(page, user, view_name, next_url=None):
    return _issue_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def issue_listing_buttons(page, user, next_url=None):
    return _issue_buttons(page, user)
