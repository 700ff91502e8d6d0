"""Who may enter the members' area, and which thread, post or attachment a request may see or
change: the one access helper of the exchange (like healthchecks' ``_get_rw_check_for_user``).

**Who.** Confirmed members (group ``Mitglied``), the working group (``Arbeitskreis``) and
staff (``Redaktion``, ``Koordination``, administrators): staff read the exchange to moderate it
and to turn threads into practice examples. Anonymous visitors are sent to
``/konto/anmelden/?next=…``; a logged-in account without one of these groups (``Unverifiziert``,
declined) gets a 403 page saying that the account waits for a coordinator's confirmation.

Every response of the area is private: ``members_only`` adds ``never_cache``
(``Cache-Control: private, no-cache, no-store``), so neither the page cache nor a proxy keeps it.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from beschaffungsallianz.core.roles import (
    COORDINATOR_GROUP,
    EDITOR_GROUP,
    MEMBER_GROUP,
    WORKING_GROUP_GROUP,
)
from beschaffungsallianz.exchange.models import Attachment, Post, Thread

AREA_GROUPS = (MEMBER_GROUP, WORKING_GROUP_GROUP, EDITOR_GROUP, COORDINATOR_GROUP)


def is_member(user) -> bool:
    """May ``user`` enter the members' area? (cached on the user for the request)"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_exchange_member"):
        user._exchange_member = user.groups.filter(name__in=AREA_GROUPS).exists()
    return user._exchange_member


def can_moderate(user) -> bool:
    """Coordinators and admins: see hidden posts, lock, move, hide, delete."""
    return user.has_perm("exchange.change_report")


def members_only(view):
    """View decorator: login, then membership (403 page otherwise), every answer private."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), reverse("account_login"))
        elif not is_member(request.user):
            response = TemplateResponse(request, "exchange/awaiting.html", status=403)
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapped


def thread_for(request, pk: int) -> Thread:
    """The thread, 404 if it does not exist or is hidden (coordinators still see it)."""
    threads = Thread.objects.select_related("author__profile", "product_group", "law")
    if not can_moderate(request.user):
        threads = threads.visible()
    return get_object_or_404(threads, pk=pk)


def post_for(request, pk: int) -> Post:
    """A visible post (404 otherwise)."""
    return get_object_or_404(Post.objects.visible().select_related("thread"), pk=pk)


def edit_deadline(post: Post):
    return post.created_at + timedelta(minutes=settings.EXCHANGE_EDIT_MINUTES)


def can_edit(user, post: Post) -> bool:
    """The author, within ``EXCHANGE_EDIT_MINUTES`` of writing, while the thread is open."""
    return (
        post.author_id == user.pk
        and not post.thread.locked
        and timezone.now() <= edit_deadline(post)
    )


def post_for_edit(request, pk: int) -> Post:
    post = post_for(request, pk)
    if not can_edit(request.user, post):
        raise PermissionDenied
    return post


def attachment_for(request, pk: int) -> Attachment:
    """An attachment of a visible post (404 otherwise); the caller is a member already."""
    return get_object_or_404(Attachment.objects.filter(post__in=Post.objects.visible()), pk=pk)
