"""Writes of the exchange: threads, replies, edits, the helpful answer, subscriptions, reports,
moderation (each logged in ``ModerationLog``) and the draft practice example made from a thread.

Access is checked by the callers (``access.py``); these functions check only the state (a
locked thread takes no reply). Uploads are stored inside ``files_removed_on_rollback()``, so a
failed write leaves no file. Subscribers are mailed after the commit (``tasks.py``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beschaffungsallianz.core.uploads import files_removed_on_rollback
from beschaffungsallianz.exchange import tasks
from beschaffungsallianz.exchange.markup import render_body
from beschaffungsallianz.exchange.models import (
    Attachment,
    ModerationLog,
    Post,
    PostEdit,
    Report,
    Subscription,
    Thread,
    Visit,
)
from beschaffungsallianz.exchange.search import search_text_for
from beschaffungsallianz.knowledge.models import PracticeExample

TOPIC_FIELDS = ("product_group", "tender_stage", "state", "law")


class ExchangeError(Exception):
    """A write refused because of the state (locked thread, …); the message is for people."""


def derive_text(post: Post) -> None:
    """What is computed from the text once, when it is written: search stems and HTML."""
    post.search_text = search_text_for(post)
    post.body_html = render_body(post.body)


def _store_post(thread: Thread, user, body: str, files, *, opening: bool, consent: bool) -> Post:
    post = Post(thread=thread, author=user, body=body, is_opening=opening, credit_consent=consent)
    derive_text(post)
    post.save()
    for upload in files or []:
        Attachment.objects.create(post=post, file=upload, name=upload.name[:255], size=upload.size)
    Subscription.objects.get_or_create(user=user, thread=thread)
    return post


def _writing(files):
    """The transaction of a write: durable with uploads (their files go on a rollback), a
    plain atomic block without (so the demo loader may call it inside its transaction)."""
    return files_removed_on_rollback() if files else transaction.atomic()


def create_thread(user, *, title: str, body: str, topics: dict, files=(), consent=False) -> Thread:
    """A new thread with its opening post; the asker is subscribed."""
    with _writing(files):
        thread = Thread.objects.create(
            title=title, author=user, last_post_at=timezone.now(), **topics
        )
        _store_post(thread, user, body, files, opening=True, consent=consent)
    return thread


def reply(thread: Thread, user, *, body: str, files=(), consent=False, notify=True) -> Post:
    """A reply; the replier is subscribed, the other subscribers are mailed after commit
    (``notify=False``: the demo loader's samples mail nobody)."""
    if thread.locked:
        raise ExchangeError(_("This thread is locked: no more replies."))
    with _writing(files):
        post = _store_post(thread, user, body, files, opening=False, consent=consent)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_post_at=post.created_at
        )
        if notify:
            transaction.on_commit(lambda: tasks.notify_subscribers.enqueue(post.pk))
    return post


def edit_post(post: Post, *, body: str) -> Post:
    """Change the text (the caller checked the time window); the old text is logged."""
    with transaction.atomic():
        PostEdit.objects.create(post=post, previous_body=post.body)
        post.body = body
        post.edited_at = timezone.now()
        derive_text(post)
        post.save(update_fields=["body", "edited_at", "search_text", "body_html"])
    return post


def mark_helpful(thread: Thread, user, post: Post | None) -> None:
    """The asker marks one reply as helpful (or none: ``post=None``)."""
    if thread.author_id != user.pk:
        raise ExchangeError(_("Only the person who asked can mark an answer as helpful."))
    if post is not None and (post.thread_id != thread.pk or post.is_opening):
        raise ExchangeError(_("Only a reply in this thread can be marked as helpful."))
    thread.helpful_post = post
    thread.save(update_fields=["helpful_post"])


def set_subscription(thread: Thread, user, *, subscribed: bool) -> None:
    if subscribed:
        Subscription.objects.get_or_create(user=user, thread=thread)
    else:
        Subscription.objects.filter(user=user, thread=thread).delete()


def report_post(post: Post, user, *, reason: str) -> Report:
    return Report.objects.create(post=post, reporter=user, reason=reason)


def record_visit(user, now: datetime.datetime) -> datetime.datetime | None:
    """Note a visit of the start page; returns the time of the one before (None: first)."""
    visit, _created = Visit.objects.get_or_create(user=user)
    previous = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at"])
    return previous


# --- moderation (coordinators; each action logged) -------------------------------------------


def _log(action: str, thread: Thread, user, note: str = "") -> None:
    ModerationLog.objects.create(
        action=action, thread=thread, thread_title=thread.title, moderator=user, note=note
    )


def _close_reports(post: Post) -> None:
    post.reports.filter(status=Report.Status.OPEN).update(status=Report.Status.DONE)


def hide_post(post: Post, user, *, note: str = "") -> None:
    """Hide a post (the opening post hides the whole thread); gone from search at once."""
    with transaction.atomic():
        post.hidden = True
        post.save(update_fields=["hidden"])
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(hidden=True)
        _close_reports(post)
        _log(ModerationLog.Action.HIDE, post.thread, user, note)


def delete_post(post: Post, user, *, note: str = "") -> None:
    """Delete a post (the opening post deletes the thread); its files go with it."""
    thread = post.thread
    with transaction.atomic():
        _log(ModerationLog.Action.DELETE, thread, user, note or post.body[:200])
        if post.is_opening:
            files = [a.file for a in Attachment.objects.filter(post__thread=thread)]
            thread.delete()
        else:
            files = [a.file for a in post.attachments.all()]
            post.delete()
            Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") - 1)
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def dismiss_report(report: Report, user, *, note: str = "") -> None:
    with transaction.atomic():
        report.status = Report.Status.DONE
        report.save(update_fields=["status"])
        _log(ModerationLog.Action.DISMISS, report.post.thread, user, note)


def set_locked(thread: Thread, user, *, locked: bool, note: str = "") -> None:
    with transaction.atomic():
        thread.locked = locked
        thread.save(update_fields=["locked"])
        _log(
            ModerationLog.Action.LOCK if locked else ModerationLog.Action.UNLOCK, thread, user, note
        )


def move_thread(thread: Thread, user, *, topics: dict, note: str = "") -> None:
    """Give the thread other topics (product group, tender stage, state, law)."""
    with transaction.atomic():
        before = ", ".join(thread.topics()) or "–"
        for name in TOPIC_FIELDS:
            setattr(
                thread,
                name,
                topics.get(name) or ("" if name in ("tender_stage", "state") else None),
            )
        thread.save(update_fields=list(TOPIC_FIELDS))
        after = ", ".join(thread.topics()) or "–"
        _log(ModerationLog.Action.MOVE, thread, user, f"{before} → {after}. {note}".strip())


# --- thread -> practice example (editors) ---------------------------------------------------


def credited_authors(thread: Thread) -> list[str]:
    """Names (with organisation) of the authors of visible posts who consented to be named."""
    names = []
    posts = thread.posts.visible().filter(credit_consent=True, author__isnull=False)
    for post in posts.select_related("author__profile__organisation"):
        profile = getattr(post.author, "profile", None)
        name = profile.name if profile else post.author.get_username()
        if profile and profile.organisation_display:
            name = f"{name} ({profile.organisation_display})"
        if name not in names:
            names.append(name)
    return names


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "austausch"
    slug, number = base, 1
    while PracticeExample.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def thread_to_example(thread: Thread, user, *, default_state: str) -> PracticeExample:
    """A draft practice example from the thread, submitted to the review workflow. The text is
    the visible posts (the helpful answer first after the question); only authors who
    consented are named. ``default_state``: the alliance's state, for a thread without one."""
    posts = list(thread.posts.visible())
    opening = [p.body for p in posts if p.is_opening]
    helpful = [p.body for p in posts if p.pk == thread.helpful_post_id]
    others = [p.body for p in posts if not p.is_opening and p.pk != thread.helpful_post_id]
    credits = credited_authors(thread)
    with transaction.atomic():
        example = PracticeExample(
            title=thread.title[:255],
            slug=_unique_slug(thread.title),
            summary="\n\n".join(opening) or thread.title,
            outcome="\n\n".join(helpful + others),
            buyer_name=_("(from the members' exchange, to be completed)"),
            buyer_kind=PracticeExample.BuyerKind.choices[0][0],
            state=thread.state or default_state,
            year=timezone.now().year,
            contact_name=", ".join(credits)[:255],
            contact_consent=bool(credits),
            live=False,
            has_unpublished_changes=True,
        )
        example.save()
        if thread.product_group_id:
            example.product_groups.set([thread.product_group_id])
            example.save()
        example.save_revision(user=user, log_action="wagtail.create")
        workflow = example.get_workflow()  # "Redaktionelle Prüfung" (core/workflows.py)
        if workflow is not None:
            workflow.start(example, user)
        _log(ModerationLog.Action.EXAMPLE, thread, user, example.title)
    return example
