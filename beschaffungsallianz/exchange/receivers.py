"""GDPR hooks of the accounts app (accounts/signals.py): what happens to a person's posts when
the account is deleted, and what of the exchange goes into their data download."""

from django.dispatch import receiver

from beschaffungsallianz.accounts.signals import account_deleting, personal_data_export
from beschaffungsallianz.exchange.models import Post, Subscription, Thread


def _posts_on_deletion(sender, user, keep_posts, **kwargs):
    """Kept: shown as "ehemaliges Mitglied" (author emptied). Deleted: the posts go, and so
    do the threads the person opened (with the replies in them)."""
    if keep_posts:
        Post.objects.filter(author=user).update(author=None)
        Thread.objects.filter(author=user).update(author=None)
        return
    replies = Post.objects.filter(author=user, is_opening=False)
    thread_ids = set(replies.values_list("thread_id", flat=True))
    replies.delete()
    Thread.objects.filter(author=user).delete()
    for thread in Thread.objects.filter(pk__in=thread_ids):
        thread.reply_count = thread.posts.filter(is_opening=False).count()
        thread.save(update_fields=["reply_count"])


def _export(sender, user, **kwargs):
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at")
    return {
        "exchange_threads": [
            {"id": t.pk, "title": t.title, "created_at": t.created_at.isoformat()}
            for t in Thread.objects.filter(author=user).order_by("created_at")
        ],
        "exchange_posts": [
            {
                "thread": p.thread.title,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "text": p.body,
                "credit_consent": p.credit_consent,
            }
            for p in posts
        ],
        "exchange_subscriptions": [
            s.thread.title for s in Subscription.objects.filter(user=user).select_related("thread")
        ],
    }


def connect() -> None:
    receiver(account_deleting, dispatch_uid="exchange.account_deleting")(_posts_on_deletion)
    receiver(personal_data_export, dispatch_uid="exchange.personal_data_export")(_export)
