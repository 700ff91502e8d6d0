from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "beschaffungsallianz.library"
    label = "library"
    verbose_name = _("Information library")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Entries are public editorial content: editors maintain and publish them and see the
    # results of the link check (which nobody edits by hand).
    role_permissions = {
        "editor": [
            "library.add_libraryentry",
            "library.change_libraryentry",
            "library.delete_libraryentry",
            "library.view_libraryentry",
            "library.publish_libraryentry",
            "library.view_linkcheck",
        ],
    }

    def ready(self):
        from beschaffungsallianz.library.search import ensure_search_index_after_migrate

        post_migrate.connect(ensure_search_index_after_migrate, dispatch_uid="library.fts")
