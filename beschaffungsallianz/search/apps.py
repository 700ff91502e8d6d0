from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "beschaffungsallianz.search"
    label = "search"
    verbose_name = _("Search")

    # Editors maintain the synonym list (core/roles.py syncs this after migrate).
    role_permissions = {
        "editor": [
            f"search.{action}_searchsynonym" for action in ("add", "change", "delete", "view")
        ],
    }

    def ready(self):
        from wagtail.signals import page_slug_changed, post_page_move

        from beschaffungsallianz.search import fts, indexing

        post_migrate.connect(fts.ensure_after_migrate, dispatch_uid="search.fts")
        post_save.connect(indexing.object_changed, dispatch_uid="search.saved")
        post_delete.connect(indexing.object_changed, dispatch_uid="search.deleted")
        post_page_move.connect(indexing.page_moved, dispatch_uid="search.moved")
        page_slug_changed.connect(indexing.page_slug_changed, dispatch_uid="search.renamed")
