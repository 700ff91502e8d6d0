"""E-mails of the exchange, in each recipient's profile language, as text and HTML:

- ``notify_subscribers`` (a task: a reply triggers it): one mail per subscriber whose profile
  says "immediately", never to the author of the reply or to someone who may no longer enter
  the area.
- ``send_digests`` (called by ``manage.py send_exchange_digest``, daily from a timer): one mail
  per subscriber whose profile says "daily digest", listing the replies in their threads since
  the last digest.

A mail carries the thread's title, the author's name and an excerpt; the link leads to the
members' area, behind the login.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks, truncatechars, urlize
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.exchange.access import AREA_GROUPS
from beschaffungsallianz.exchange.models import Post, Subscription, Visit

EXCERPT_CHARS = 400


def thread_url(post: Post) -> str:
    return absolute_url(reverse("exchange:thread-detail", args=[post.thread_id]))


def _send(address: str, subject: str, body: str) -> int:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach_alternative(linebreaks(urlize(body, autoescape=True)), "text/html")
    message.send()
    return 1


def _subscribers(notifications: str):
    """Subscriptions of people who may enter the area and chose ``notifications``."""
    return (
        Subscription.objects.filter(
            user__is_active=True,
            user__profile__notifications=notifications,
        )
        .filter(user__groups__name__in=AREA_GROUPS)
        .select_related("user__profile")
        .distinct()
    )


def _excerpt(post: Post) -> str:
    return truncatechars(post.body, EXCERPT_CHARS)


@task()
def notify_subscribers(post_id: int) -> int:
    """Mail the new reply to the thread's subscribers who want it at once. Returns the count."""
    post = (
        Post.objects.visible()
        .select_related("thread", "author__profile")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        return 0
    sent = 0
    for subscription in _subscribers(Profile.Notifications.IMMEDIATE).filter(
        thread_id=post.thread_id
    ):
        user = subscription.user
        if user.pk == post.author_id or not user.email:
            continue
        with translation.override(user.profile.language):
            names = {
                "name": user.profile.name,
                "author": post.author_name,
                "title": post.thread.title,
                "excerpt": _excerpt(post),
                "url": thread_url(post),
                "signature": alliance_name(),
            }
            subject = _("New reply: %(title)s") % names
            body = (
                _(
                    "Hello %(name)s,\n\n%(author)s replied in the members' exchange to "
                    "“%(title)s”:\n\n%(excerpt)s\n\n"
                    "Read and answer (after logging in):\n%(url)s\n\n"
                    "You get this mail because you follow the thread. You can stop following it on "
                    "its page, or choose a daily digest in your account.\n\nKind regards\n"
                    "%(signature)s\n"
                )
                % names
            )
        sent += _send(user.email, subject, body)
    return sent


def send_digests(now: datetime.datetime) -> int:
    """One mail per daily-digest subscriber with the replies by others since their last digest
    (at most one day back the first time). Returns how many mails were sent."""
    default_since = now - datetime.timedelta(days=1)
    by_user: dict[int, list[Subscription]] = {}
    # Threads with a post in the last month (an older digest is not worth sending).
    recent = now - datetime.timedelta(days=31)
    subscriptions = _subscribers(Profile.Notifications.DAILY).filter(
        thread__last_post_at__gt=recent
    )
    for subscription in subscriptions:
        by_user.setdefault(subscription.user_id, []).append(subscription)
    sent = 0
    for subs in by_user.values():
        user = subs[0].user
        visit, _created = Visit.objects.get_or_create(user=user)
        since = visit.digest_sent_at or default_since
        posts = list(
            Post.objects.visible()
            .filter(
                thread_id__in=[s.thread_id for s in subs],
                created_at__gt=since,
                created_at__lte=now,
                is_opening=False,
            )
            .exclude(author=user)
            .select_related("thread", "author__profile")
            .order_by("thread_id", "created_at")
        )
        if posts and user.email:
            with translation.override(user.profile.language):
                items = "\n\n".join(
                    f"“{p.thread.title}” – {p.author_name}:\n{_excerpt(p)}\n{thread_url(p)}"
                    for p in posts
                )
                names = {"name": user.profile.name, "items": items, "count": len(posts)}
                names["signature"] = alliance_name()
                subject = _("Members' exchange: %(count)d new replies") % names
                body = (
                    _(
                        "Hello %(name)s,\n\nnew replies in the threads you follow:\n\n%(items)s\n\n"
                        "You get this daily digest because of the setting in your account.\n\n"
                        "Kind regards\n%(signature)s\n"
                    )
                    % names
                )
            sent += _send(user.email, subject, body)
        visit.digest_sent_at = now
        visit.save(update_fields=["digest_sent_at"])
    return sent
