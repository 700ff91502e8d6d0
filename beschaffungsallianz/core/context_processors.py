from wagtail.models import Locale, Site


def site_navigation(request):
    """Top-level pages of the current language's home page, for the main navigation."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": []}
    root = site.root_page.specific
    try:
        root = root.get_translation(Locale.get_active())
    except root.__class__.DoesNotExist:
        pass
    return {
        "nav_root": root,
        "nav_pages": root.get_children().live().public().in_menu(),
    }
