"""Hooks for other apps: what happens to a person's content when the account goes, and what
belongs into the data download. The accounts app sends; an app with personal content (the
members' exchange, meeting answers) connects a receiver in its ``AppConfig.ready()``::

    @receiver(account_deleting, dispatch_uid="exchange.account_deleting")
    def _posts(sender, user, keep_posts, **kwargs):
        posts = Post.objects.filter(author=user)
        if keep_posts:
            posts.update(author=None)  # shown as "ehemaliges Mitglied"
        else:
            posts.delete()

    @receiver(personal_data_export, dispatch_uid="exchange.personal_data_export")
    def _export(sender, user, **kwargs):
        return {"posts": [{"created_at": p.created_at.isoformat(), "text": p.text} for p in ...]}

``account_deleting`` is sent inside the deletion's transaction, before the user row is
deleted: a receiver that fails rolls the whole deletion back. ``personal_data_export``
receivers return a dict whose keys become top-level sections of the JSON download.
"""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

# sender: the user model; kwargs: user, keep_posts (bool: the person chose to keep their posts,
# shown as "ehemaliges Mitglied" / "former member"; False: delete them).
account_deleting = Signal()

# sender: the user model; kwargs: user. Each receiver returns a dict of JSON-serialisable data.
personal_data_export = Signal()

# The name shown instead of a deleted author's (for templates of apps that keep posts).
FORMER_MEMBER_LABEL = _("former member")
