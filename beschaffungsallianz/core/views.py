"""Site-wide views: robots.txt, public images, and Wagtail's page view with the site and page
found by ``core.routing`` (the site search is the search app's)."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views import static
from django.views.decorators.http import require_GET, require_safe
from wagtail import views as wagtail_views
from wagtail.models import Locale, Site

from beschaffungsallianz.core import routing
from beschaffungsallianz.core.links import absolute_url

# Wagtail's image files (renditions, originals): public by design, unlike documents, whose
# files live in media/documents/ and are only served by Wagtail's document view.
PUBLIC_IMAGE_DIRECTORIES = ("images", "original_images")
IMAGE_CACHE_CONTROL = "public, max-age=604800"  # a week; a changed image gets a new file name


def serve(request, path):
    """Wagtail's page view (``wagtail_serve``); the site and the page come from the routing
    memo (``core.routing.route``), so Wagtail finds them on the request and skips its walk."""
    routing.route(request, path)
    return wagtail_views.serve(request, path)


def search_root(request):
    """The start page of the active language (feeds stay inside one language's tree)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(Locale.get_active()) or root


@require_GET
def robots_txt(request):
    """Crawlers may index every public page; not the admin or search result pages."""
    disallow = ["/admin/", "/django-admin/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallow.append(reverse("search"))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), ""]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def public_image(request, directory, path):
    """/media/images/… and /media/original_images/… without a proxy: with DEBUG, or in
    production with SERVE_PUBLIC_IMAGES=true (docs/operations.md; nginx does it better).

    Only regular files inside those two directories: no directory listings, nothing outside
    them (``..``, absolute paths, symlinks pointing elsewhere), GET and HEAD only.
    """
    if not (settings.DEBUG or settings.SERVE_PUBLIC_IMAGES):
        raise Http404
    if directory not in PUBLIC_IMAGE_DIRECTORIES:
        raise Http404
    root = (Path(settings.MEDIA_ROOT) / directory).resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404
    response = static.serve(request, file.relative_to(root).as_posix(), document_root=root)
    response["Cache-Control"] = IMAGE_CACHE_CONTROL
    response["Content-Security-Policy"] = "default-src 'none'"  # an SVG runs no script
    response["X-Content-Type-Options"] = "nosniff"
    return response
