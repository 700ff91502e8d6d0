"""Writes of the library: the stored results of the link check."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.library import linkcheck, links
from beschaffungsallianz.library.models.links import LinkCheck


def default_user_agent() -> str:
    """Names the site (its public address) and how to reach the people running it."""
    contact = settings.LINKCHECK_CONTACT or settings.DEFAULT_FROM_EMAIL
    return linkcheck.user_agent(settings.BASE_URL, f"{alliance_name()}; {contact}")


def check_links(urls: list[str] | None = None, *, workers: int, **checker_options) -> Counter:
    """Check ``urls`` (default: every link of ``links.LINK_SOURCES``) and store one
    ``LinkCheck`` per URL; results of links no longer used are removed. Returns the number
    of links per outcome."""
    checked_all = urls is None
    urls = links.all_urls() if checked_all else urls
    checker_options.setdefault("agent", default_user_agent())
    results = linkcheck.Checker(**checker_options).check_many(urls, workers=workers)
    now = timezone.now()
    with transaction.atomic():
        for result in results:
            LinkCheck.objects.update_or_create(
                url=result.url,
                defaults={
                    "outcome": result.outcome,
                    "status_code": result.status_code,
                    "final_url": result.final_url,
                    "error": result.error,
                    "attempts": result.attempts,
                    "checked_at": now,
                },
            )
        if checked_all:
            LinkCheck.objects.exclude(url__in=urls).delete()
    return Counter(result.outcome for result in results)
