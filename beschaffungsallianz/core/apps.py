from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables_after_migrate(sender, using="default", verbosity=1, **kwargs):
    """``createcachetable`` after every ``migrate``: the database cache (CACHE_URL=db://) needs
    its table, and nobody has to remember the extra command. A no-op for other caches."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class CoreConfig(AppConfig):
    name = "beschaffungsallianz.core"
    label = "core"
    verbose_name = _("Website")
    # Editors translate pages (Wagtail's "Übersetzen" action); see core/roles.py.
    role_permissions = {"editor": ["simple_translation.submit_translation"]}

    def ready(self):
        from beschaffungsallianz.core import (
            checks,  # noqa: F401 - the import registers the system checks
            pagecache,
        )
        from beschaffungsallianz.core.roles import sync_roles_after_migrate

        pagecache.connect_signals()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.sync_roles")
        post_migrate.connect(
            create_cache_tables_after_migrate, sender=self, dispatch_uid="core.cache_tables"
        )
        post_migrate.connect(  # after the cache table exists
            pagecache.bump_after_migrate, sender=self, dispatch_uid="core.pagecache"
        )
