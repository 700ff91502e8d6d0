from beschaffungsallianz.core.pagecache import active_locale, per_generation, public
from beschaffungsallianz.core.routing import request_site


def site_navigation(request):
    """Top-level pages of the current language's home page, for the main navigation: read once
    per worker process and generation of the page cache (core/pagecache.py)."""
    site = request_site(request)
    if site is None:
        return {"nav_pages": []}
    locale = active_locale()
    return per_generation(f"navigation:{site.pk}:{locale.pk}", lambda: _navigation(site, locale))


def _navigation(site, locale) -> dict:
    root = site.root_page.specific
    if root.locale_id != locale.pk:  # the site's root is in the active language: no lookup
        root = root.get_translation_or_none(locale) or root
    return {
        "nav_root": root,
        "nav_pages": list(public(root.get_children().live()).in_menu()),
    }
