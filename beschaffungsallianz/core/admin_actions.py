"""Admin actions on one object: a button in the listing's "…" menu and the edit view's header
leads to a confirmation page (with a form when the action needs input), which carries out the
change through the app's services and returns to the listing. Used for join requests (accept,
decline, …) and accounts (confirm, decline, working group).

An app describes its actions once::

    ACTIONS = {"accept": Action(_("Accept"), "check", _("Accept join request"),
                                confirm=_("…"), done=_("Request from '%(name)s' accepted.")), …}

subclasses ``ObjectActionView`` (``model``, ``actions``, ``available_actions(obj)``,
``get_form``, ``perform(form)``; ``error_class`` for the services' refusals), and adds the URL
``action/<int:pk>/<slug:action>/`` (name ``action``) in its viewset's ``get_urlpatterns`` with
``action_view_for(viewset, view_class)``. The viewset's index and edit views add
``ActionButtonsIndexMixin`` / ``ActionButtonsEditMixin`` (``action_view_class``): the buttons
in each row's "…" menu and in the edit view's header. The page is
``core/admin/object_action.html``; an app's template extends it and fills ``details``.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button, HeaderButton

from beschaffungsallianz.core.personal_data import require_view_permission

NOT_POSSIBLE = _("This is not possible in the current state.")


@dataclass(frozen=True)
class Action:
    label: Promise  # the button
    icon: str  # Wagtail icon name; "cross" draws the submit button as serious
    title: Promise  # the confirmation page's title
    confirm: Promise  # what will happen, above the form
    done: Promise  # success message; may use %(name)s


class ObjectActionView(WagtailAdminTemplateMixin, FormView):
    """Confirm and carry out one action on one object (POST), after the change permission."""

    template_name = "core/admin/object_action.html"
    header_icon = "user"
    model = None
    actions: dict[str, Action] = {}
    error_class: type[Exception] = Exception  # the services' refusal, shown as a message
    unavailable_message = NOT_POSSIBLE  # an action not possible in the object's state
    permission_policy = None  # set by action_view_for
    url_namespace = None

    def available_actions(self, obj) -> list[str]:
        return list(self.actions)

    def button_actions(self, obj) -> list[str]:
        """The actions offered as buttons (default: every available one)."""
        return self.available_actions(obj)

    def perform(self, form) -> None:
        raise NotImplementedError

    def get_queryset(self):
        return self.model._default_manager.all()

    def object_name(self) -> str:
        """The name in the success message."""
        return str(self.object)

    def dispatch(self, request, pk, action):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if action not in self.actions:
            raise Http404
        self.action_name = action
        self.action = self.actions[action]
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        if action not in self.available_actions(self.object):
            messages.error(request, self.unavailable_message)
            return redirect(self.edit_url)
        return super().dispatch(request, pk, action)

    @cached_property
    def edit_url(self):
        return reverse(f"{self.url_namespace}:edit", args=[self.object.pk])

    def get_page_title(self):
        return self.action.title

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(f"{self.url_namespace}:list"),
                "label": self.model._meta.verbose_name_plural,
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": self.action.title},
        ]

    def get_form(self, form_class=None):
        return forms.Form(**self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, action=self.action, edit_url=self.edit_url)
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except self.error_class as error:
            messages.error(self.request, str(error) or NOT_POSSIBLE)
            return redirect(self.edit_url)
        messages.success(self.request, self.action.done % {"name": self.object_name()})
        return redirect(reverse(f"{self.url_namespace}:list"))


def action_view_for(viewset, view_class):
    """The view for the viewset's ``action/<pk>/<action>/`` URL, behind the view permission."""
    view = view_class.as_view(
        permission_policy=viewset.permission_policy, url_namespace=viewset.url_namespace
    )
    return require_view_permission(viewset.model)(view)


def action_buttons(obj, namespace: str, button_class, view_class) -> list:
    """Buttons for the actions possible on ``obj`` now (listing: ``Button``; edit view:
    ``HeaderButton``)."""
    return [
        button_class(
            view_class.actions[name].label,
            url=reverse(f"{namespace}:action", args=[obj.pk, name]),
            icon_name=view_class.actions[name].icon,
            priority=priority,
        )
        for priority, name in enumerate(view_class().button_actions(obj), start=1)
    ]


class ActionButtonsIndexMixin:
    """For a snippet listing: the actions in each row's "…" menu (inline buttons break mid-word
    on a phone), for users with the change permission."""

    action_view_class = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            namespace = self.index_url_name.rsplit(":", 1)[0]
            buttons += action_buttons(instance, namespace, Button, self.action_view_class)
        return buttons


class ActionButtonsEditMixin:
    """For a snippet's edit view: the actions as header buttons."""

    action_view_class = None

    def get_header_buttons(self):
        namespace = self.index_url_name.rsplit(":", 1)[0]
        buttons = action_buttons(self.object, namespace, HeaderButton, self.action_view_class)
        return buttons + super().get_header_buttons()
