"""Addresses of the knowledge base's index pages and the tender monitor's page, read once per
process and content generation (``core.pagecache.per_generation``), and the links built on them:
a product group's hub, a notice in our monitor. The pages are looked up by name: the page
models import the modules that call this one, and the monitor's modules import the knowledge
models."""

from __future__ import annotations

from django.apps import apps

from beschaffungsallianz.core import pagecache

INDEX_PAGES = {
    "examples": ("knowledge", "PracticeExampleIndexPage"),
    "states": ("knowledge", "StateIndexPage"),
    "labels": ("knowledge", "LabelIndexPage"),
    "criteria": ("knowledge", "CriterionIndexPage"),
    "hubs": ("knowledge", "ProductGroupIndexPage"),
    "monitor": ("monitor", "MonitorPage"),
    "library": ("library", "LibraryIndexPage"),
}


def _index_urls() -> dict[str, str | None]:
    """{key: URL of the live index page in the active language (else any), or None}."""
    locale = pagecache.active_locale()
    urls = {}
    for key, (app, model) in INDEX_PAGES.items():
        if not apps.is_installed(f"beschaffungsallianz.{app}"):
            urls[key] = None
            continue
        pages = apps.get_model(app, model).objects.live()
        page = pages.filter(locale=locale).first() or pages.first()
        urls[key] = page.url if page else None
    return urls


def index_urls() -> dict[str, str | None]:
    locale = pagecache.active_locale()
    return pagecache.per_generation(f"knowledge:index-urls:{locale.pk}", _index_urls)


def hub_url(group) -> str | None:
    """The hub of a product group (or of its slug): /produktgruppen/<slug>/; None without a
    hub page."""
    base = index_urls()["hubs"]
    return f"{base}{getattr(group, 'slug', group)}/" if base else None


def notice_url(notice_id: str) -> str | None:
    """A notice's page in our tender monitor, None without a monitor page."""
    base = index_urls()["monitor"]
    return f"{base}bekanntmachungen/{notice_id}/" if base else None


def imported_notice_url(number: str) -> str | None:
    """Our monitor's page of the notice with this publication number, if it was imported."""
    number = (number or "").strip()
    if not number:
        return None
    candidates = {number, number.lstrip("0")}
    serial, _sep, year = number.partition("-")
    if year:
        candidates.add(f"{serial.zfill(8)}-{year}")  # TED writes "00123456-2024"
    notice_model = apps.get_model("monitor", "Notice")
    notice_id = (
        notice_model.objects.filter(publication_number__in=candidates)
        .values_list("notice_id", flat=True)
        .first()
    )
    return notice_url(notice_id) if notice_id else None
