"""What the members' pages show (reads only): the start page's blocks, the thread list with
filters and search, one thread's posts, the member directory. Every list is paginated or
limited, with its related rows fetched in a fixed number of queries
(``tests/test_query_counts.py``)."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils import timezone

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core import pagecache
from beschaffungsallianz.events.models import EventPage
from beschaffungsallianz.exchange.models import Attachment, Subscription, Thread
from beschaffungsallianz.exchange.search import threads_matching
from beschaffungsallianz.meetings.models import Meeting, MeetingIndexPage

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 50
MEMBERS_PER_PAGE = 30
START_LIMIT = 5


def page_of(items, request, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("seite"))


def start_context(user, since: datetime.datetime | None) -> dict:
    """The start page: new since the last visit, own threads, subscriptions, next events."""
    threads = Thread.objects.visible().for_listing()
    new = threads.exclude(author=user)
    if since is not None:
        new = new.filter(last_post_at__gt=since)
    subscribed = threads.filter(
        pk__in=Subscription.objects.filter(user=user).values("thread_id")
    ).exclude(author=user)
    events = (
        pagecache.public(EventPage.objects.live())
        .filter(locale=pagecache.active_locale(), start__gte=timezone.now())
        .order_by("start")
        .only("title", "start", "url_path")[:3]
    )
    return {
        "meetings": next_meetings(),
        "since": since,
        "new_threads": list(new[:START_LIMIT]),
        "own_threads": list(threads.filter(author=user)[:START_LIMIT]),
        "subscribed_threads": list(subscribed[:START_LIMIT]),
        "events": list(events),
    }


def next_meetings() -> list[tuple[Meeting, str]]:
    """The working group's next meetings with the address of each (meetings app; the page
    itself decides what a person sees of it)."""
    pages = MeetingIndexPage.objects.live().only("url_path", "locale")
    index = pages.filter(locale=pagecache.active_locale()).first() or pages.first()
    if index is None:
        return []
    meetings = Meeting.objects.upcoming().only("title", "slug", "start")[:START_LIMIT]
    return [(meeting, index.route_url("meeting_route", meeting.slug)) for meeting in meetings]


def thread_list(form, request):
    """Threads of the filter form's topics matching its ``q``, newest activity first."""
    threads = form.filtered(Thread.objects.visible().for_listing())
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    if q:
        threads = threads_matching(threads, q)
    return page_of(threads, request, THREADS_PER_PAGE)


def thread_posts(thread: Thread, request, *, moderator: bool):
    """One page of the thread's posts (hidden ones only for moderators)."""
    posts = thread.posts.select_related("author__profile__organisation").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    if not moderator:
        posts = posts.filter(hidden=False)
    return page_of(posts, request, POSTS_PER_PAGE)


def quote_of(thread: Thread, post_id: str | None) -> str:
    """The reply form's initial text for ``?zitat=<post id>``: the post quoted ("> ")."""
    if not post_id or not post_id.isdigit():
        return ""
    posts = thread.posts.filter(pk=int(post_id), hidden=False).select_related("author__profile")
    post = posts.first()
    if post is None:
        return ""
    lines = [line for line in post.body.splitlines() if not line.startswith(">")][:12]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines).strip()
    return f"> {post.author_name}:\n{quoted}\n\n"


def is_subscribed(thread: Thread, user) -> bool:
    return Subscription.objects.filter(thread=thread, user=user).exists()


def directory(form, request):
    """Confirmed members who opted in to show their contact details, by the form's filters."""
    profiles = (
        Profile.objects.filter(
            show_contact=True, status=Profile.Status.VERIFIED, user__is_active=True
        )
        .select_related("user", "organisation")
        .prefetch_related("product_groups")
        .order_by("organisation_name", "name", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["organisation"]:
            profiles = profiles.filter(
                organisation__name__icontains=data["organisation"]
            ) | profiles.filter(organisation_name__icontains=data["organisation"])
        if data["sector"]:
            profiles = profiles.filter(organisation__sector=data["sector"])
        if data["state"]:
            profiles = profiles.filter(state=data["state"])
        if data["product_group"]:
            profiles = profiles.filter(product_groups=data["product_group"])
    return page_of(profiles.distinct(), request, MEMBERS_PER_PAGE)
