"""Personal data in the admin: nobody without the view permission sees any of it.

Wagtail registers more views for a snippet than its list and edit views: the chooser (choose,
results, chosen, chosen-multiple, create), the bulk actions (``/admin/bulk/<app>/<model>/…``),
history, usage, revisions. Each checks a different permission, or none (the chooser lists every
object to anyone with admin access). For a model holding personal data (join requests,
memberships) every one of these answers 403 to a user without the model's view permission:

    class JoinRequestViewSet(PersonalDataViewSetMixin, SnippetViewSet): ...

The mixin wraps every URL of the viewset and of its chooser; ``PersonalDataDeleteBulkAction``
(registered in core/wagtail_hooks.py) guards the bulk actions of every model whose viewset uses
the mixin. The permission test (``conftest.admin_urls_for``) enumerates the URLs from the
resolver, so a view a Wagtail upgrade adds is tested too.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from django.views.defaults import permission_denied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns


class NoManualAddPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody (not even a superuser) adds an object by hand:
    for records that only come from a public form (join requests, event registrations)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


def user_can_view(user, model) -> bool:
    return policy_registry.get_by_type(model).user_has_permission(user, "view")


def denied(request):
    """The site's plain 403 page. Returned, not raised: Wagtail would turn PermissionDenied
    into a redirect to the dashboard."""
    return permission_denied(request, PermissionDenied())


def require_view_permission(model):
    """View decorator: 403 unless the user may view ``model``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_can_view(request.user, model):
                return denied(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PersonalDataChooserViewSet(SnippetChooserViewSet):
    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), require_view_permission(self.model))


class PersonalDataViewSetMixin:
    """For a ``SnippetViewSet`` of a model holding personal data: 403 on every URL of the
    viewset and its chooser for users without the view permission."""

    chooser_viewset_class = PersonalDataChooserViewSet

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), require_view_permission(self.model))


def personal_data_models() -> list:
    return [
        model
        for model in get_snippet_models()
        if isinstance(getattr(model, "snippet_viewset", None), PersonalDataViewSetMixin)
    ]


class PersonalDataDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, for personal data: its confirmation page lists the objects' names,
    even those the user may not delete, so users without the view permission get 403."""

    @classproperty
    def models(cls):
        return personal_data_models()

    def dispatch(self, request, *args, **kwargs):
        if not user_can_view(request.user, self.model):
            return denied(request)
        return super().dispatch(request, *args, **kwargs)
