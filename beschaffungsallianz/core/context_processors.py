from wagtail.models import Locale, Site


def site_navigation(request):
    """Top-level pages of the current language's home page, for the main navigation."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": []}
    root = site.root_page.specific
    locale = Locale.get_active()
    if root.locale_id != locale.pk:  # the site's root is in the active language: no lookup
        try:
            root = root.get_translation(locale)
        except root.__class__.DoesNotExist:
            pass
    return {
        "nav_root": root,
        "nav_pages": root.get_children().live().public().in_menu(),
    }
