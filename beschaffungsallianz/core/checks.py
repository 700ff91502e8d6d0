"""System checks of the deployment (``manage.py check --deploy``), registered in apps.py."""

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits and the login lockout count in the default cache: every worker must share it.

    With a cache kept in each process's memory (or none), a client gets the limit once per
    gunicorn worker (issue 7 item 4).
    """
    cache = caches["default"]
    if isinstance(cache, LocMemCache | DummyCache):
        return [
            Error(
                f"The default cache ({type(cache).__name__}) is not shared between worker "
                "processes, so rate limits and the login lockout count per process.",
                hint="Set CACHE_URL=db:// (database cache, the default in production) or "
                "CACHE_URL=redis://host:6379/0.",
                id="core.E001",
            )
        ]
    return []
