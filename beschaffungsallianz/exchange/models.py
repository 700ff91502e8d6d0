"""The members' exchange (Austausch): threads with a topic, posts (the opening question and the
replies), attachments, subscriptions, reports and the moderation log, and each member's last
visit of the start page.

Nothing here is read by a public page: every model says ``shown_on_public_pages = False``, so a
post does not renew the page cache (core/pagecache.py), and no public view, feed, sitemap or
API endpoint queries these tables. Writes go through ``services.py``; who may read what is
decided once, in ``access.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.accounts.signals import FORMER_MEMBER_LABEL
from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.knowledge.models import TenderStage


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        """Threads members see: not hidden by a coordinator."""
        return self.filter(hidden=False)

    def for_listing(self):
        return self.select_related("author__profile", "product_group", "law").order_by(
            "-last_post_at", "-pk"
        )


class Thread(models.Model):
    """A question or experience report and its replies (Beitrag im Austausch)."""

    shown_on_public_pages = False

    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_threads",
    )
    product_group = models.ForeignKey(
        "knowledge.ProductGroup",
        verbose_name=_("product group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tender_stage = models.CharField(
        _("tender stage"), max_length=16, choices=TenderStage.choices, blank=True
    )
    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES, blank=True)
    law = models.ForeignKey(
        "knowledge.StateLaw",
        verbose_name=_("procurement law"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locked = models.BooleanField(_("locked (no more replies)"), default=False)
    hidden = models.BooleanField(_("hidden by moderation"), default=False)
    helpful_post = models.ForeignKey(
        "Post",
        verbose_name=_("answer marked as helpful"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    is_sample = models.BooleanField(_("sample (demo content)"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-pk"]
        indexes = [
            models.Index(fields=["hidden", "-last_post_at"], name="exchange_thread_recent"),
            models.Index(fields=["author", "-last_post_at"], name="exchange_thread_author"),
        ]

    def __str__(self):
        return self.title

    def topics(self) -> list[str]:
        """The topic labels (product group, tender stage, state, law), for lists and mails."""
        labels = []
        if self.product_group_id:
            labels.append(self.product_group.name)
        if self.tender_stage:
            labels.append(self.get_tender_stage_display())
        if self.state:
            labels.append(self.get_state_display())
        if self.law_id:
            labels.append(str(self.law))
        return labels


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False, thread__hidden=False)


class Post(models.Model):
    """One contribution: the opening post of a thread or a reply. Plain text; lines starting
    with "> " are a quotation (``templatetags/exchange_tags.post_body``)."""

    shown_on_public_pages = False

    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_posts",
    )
    body = models.TextField(_("text"))
    is_opening = models.BooleanField(_("opening post"), default=False)
    hidden = models.BooleanField(_("hidden by moderation"), default=False)
    credit_consent = models.BooleanField(
        _("may be named if this becomes a practice example"),
        default=False,
        help_text=_(
            "If the editors turn this thread into a published practice example, your name and "
            "organisation may be named as a source."
        ),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # The stems of the text (and of the thread's title for the opening post), for the
    # full-text index (search.POSTS, knowledge/search/text.py).
    search_text = models.TextField(blank=True, editable=False)
    # The text as HTML (markup.render_body), rendered when the post is written or edited.
    body_html = models.TextField(blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="exchange_post_thread")]

    def __str__(self):
        return f"{self.thread}: {self.body[:60]}"

    @property
    def author_name(self) -> str:
        """The profile's name; "ehemaliges Mitglied" once the account is deleted."""
        if self.author_id is None:
            return str(FORMER_MEMBER_LABEL)
        profile = getattr(self.author, "profile", None)
        return profile.name if profile else self.author.get_username()


class PostEdit(models.Model):
    """The text of a post before an edit (edits are logged)."""

    shown_on_public_pages = False

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    previous_body = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.post_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    # Below MEDIA_ROOT/exchange/: never served by nginx or core.views.public_image (only
    # images/ and original_images/ are); only views.attachment sends it, to members.
    return f"exchange/{instance.post.thread_id}/{filename}"


class Attachment(models.Model):
    shown_on_public_pages = False

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """A member follows a thread: mail on each reply, immediately or in the daily digest (the
    profile's notification setting)."""

    shown_on_public_pages = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_subscriptions"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="exchange_subscription_once")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.thread_id}"


class Visit(models.Model):
    """A member's last visit of the start page ("new since your last visit") and the last
    daily digest sent to them."""

    shown_on_public_pages = False

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_visit"
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id}: {self.seen_at}"


class Report(models.Model):
    """A member reports a post to the coordinators (Meldung)."""

    shown_on_public_pages = False

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("dealt with")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.post.thread}: {self.reason[:60]}"


class ModerationLog(models.Model):
    """What a coordinator or editor did (hide, lock, move, delete, practice example)."""

    shown_on_public_pages = False

    class Action(models.TextChoices):
        HIDE = "hide", _("post hidden")
        DELETE = "delete", _("post deleted")
        LOCK = "lock", _("thread locked")
        UNLOCK = "unlock", _("thread unlocked")
        MOVE = "move", _("thread moved")
        DISMISS = "dismiss", _("report dismissed")
        EXAMPLE = "example", _("practice example drafted")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("thread"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread_title = models.CharField(_("thread title"), max_length=200)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.thread_title}"
