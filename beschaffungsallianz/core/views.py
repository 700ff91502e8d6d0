"""Site-wide views: robots.txt, public images, Wagtail's page view with the site and page
found by ``core.routing`` (the site search is the search app's), and the CSRF token of forms on
cached pages (``form_token``, ``csrf_failure``)."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import translation
from django.views import csrf, static
from django.views.decorators.http import require_GET, require_safe
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site

from beschaffungsallianz.core import routing
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.pagecache import personal

# Wagtail's image files (renditions, originals): public by design, unlike documents, whose
# files live in media/documents/ and are only served by Wagtail's document view.
PUBLIC_IMAGE_DIRECTORIES = ("images", "original_images")
IMAGE_CACHE_CONTROL = "public, max-age=604800"  # a week; a changed image gets a new file name


def serve(request, path):
    """Wagtail's page view (``wagtail_serve``); the site and the page come from the routing
    memo (``core.routing.route``), so Wagtail finds them on the request and skips its walk."""
    routing.route(request, path)
    return wagtail_views.serve(request, path)


@require_GET
def form_token(request):
    """The CSRF token as JSON (``{"token": …}``), with its cookie: a form on a page from the
    page cache carries an empty token field that site.js fills from here (a cached page must
    not hold anyone's token). Never cached, never indexed."""
    return personal(JsonResponse({"token": get_token(request)}))


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a POST to a page whose class offers ``resubmit(request, route)``
    (a form served from the page cache, sent without the fetched token) gets that page's form
    back with the entries and a fresh token; any other refusal is Django's own. The middleware
    refused before any view ran, so nothing was stored."""
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.url_name == "wagtail_serve":
        path = match.kwargs.get("path") or (match.args[0] if match.args else "")
        routing.route(request, path)
        found = Page.route_for_request(request, path)
        resubmit = getattr(found.page, "resubmit", None) if found else None
        if resubmit is not None:
            response = resubmit(request, found)
            if response is not None:
                return response
    return csrf.csrf_failure(request, reason)


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
