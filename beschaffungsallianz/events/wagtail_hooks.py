"""Admin menu "Anmeldungen" (registrations for events): coordinators and admins only.

Registrations hold personal data: everybody without the view permission gets 403 on every URL
Wagtail registers for them (``core.personal_data``). Nobody adds a registration in the admin;
they come from the public form. The list exports XLSX/CSV (Wagtail's export, local times) and
has a button to mail all participants of an event.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from beschaffungsallianz.core.admin_ui import ExportIndexView, case_columns
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.personal_data import (
    NoManualAddPermissionPolicy,
    PersonalDataViewSetMixin,
    require_view_permission,
)
from beschaffungsallianz.events import services, tasks
from beschaffungsallianz.events.models import EventPage, Registration

register_permission_policy(Registration, NoManualAddPermissionPolicy(Registration))


class MailParticipantsForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=EventPage.objects.none(),
        label=_("Event"),
        help_text=_("Events with registrations."),
    )
    include_waiting_list = forms.BooleanField(
        label=_("Also the waiting list"), required=False, initial=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            EventPage.objects.filter(registrations__isnull=False).distinct().order_by("-start")
        )


class MailParticipantsView(WagtailAdminTemplateMixin, FormView):
    """Write one e-mail that goes to every participant of an event (one mail per person)."""

    template_name = "events/admin/mail_participants.html"
    form_class = MailParticipantsForm
    header_icon = "mail"
    page_title = _("Mail all participants")
    permission_policy = None
    url_namespace = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"event": self.request.GET.get("event")}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(f"{self.url_namespace}:list"),
                "label": Registration._meta.verbose_name_plural,
            },
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        result = tasks.mail_participants.enqueue(
            data["event"].pk,
            subject=data["subject"],
            body=data["body"],
            include_waiting_list=data["include_waiting_list"],
            reply_to=self.request.user.email,
        )
        sent = result.return_value if result.is_finished else None
        if sent is None:
            messages.success(self.request, _("The mails are being sent."))
        else:
            messages.success(
                self.request,
                _("%(count)d mails sent for '%(event)s'.")
                % {"count": sent, "event": data["event"].title},
            )
        return redirect(reverse(f"{self.url_namespace}:list"))


class RegistrationIndexView(ExportIndexView):
    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            namespace = self.index_url_name.rsplit(":", 1)[0]
            buttons.append(
                HeaderButton(
                    _("Mail all participants"),
                    url=reverse(f"{namespace}:mail"),
                    icon_name="mail",
                )
            )
        return buttons


class RegistrationDeleteView(DeleteView):
    """Deleting a confirmed registration frees its place: the first on the waiting list moves
    up and is told, as when the participant cancels."""

    def delete_action(self):
        event = self.object.event
        promoted = services.cancel(self.object, delete=super().delete_action)
        if promoted is not None:
            tasks.announce_moved_up.enqueue(
                promoted.pk,
                event_url=absolute_url(event.url or "/"),
                personal_url=event.personal_url(promoted),
            )


class RegistrationViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    model = Registration
    icon = "date"
    menu_label = _("Registrations")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = RegistrationIndexView
    delete_view_class = RegistrationDeleteView
    list_display = [
        "name",
        "organisation",
        Column("event", label=_("event"), sort_key="event__start"),
        *case_columns(Registration.Status.CONFIRMED, _("status"), _("registered at")),
    ]
    list_filter = ["event", "status"]
    search_fields = ["name", "organisation", "email"]
    list_export = [
        "event",
        "get_status_display",
        "name",
        "organisation",
        "email",
        "needs",
        "created_at",
        "consented_at",
    ]
    export_headings = {"get_status_display": _("Status")}
    export_filename = "anmeldungen"
    ordering = ["event__start", "created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["status", "name", "organisation", "email", "needs"]

    @property
    def mail_view(self):
        view = MailParticipantsView.as_view(
            permission_policy=self.permission_policy, url_namespace=self.url_namespace
        )
        return require_view_permission(self.model)(view)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("mail/", self.mail_view, name="mail")]


register_snippet(RegistrationViewSet)
