"""Site-wide views: full-text search, robots.txt, public images (pages are served by Wagtail)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import static
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Locale, Page, Site

from beschaffungsallianz.core.links import absolute_url

# Wagtail's image files (renditions, originals): public by design, unlike documents, whose
# files live in media/documents/ and are only served by Wagtail's document view.
PUBLIC_IMAGE_DIRECTORIES = ("images", "original_images")
IMAGE_CACHE_CONTROL = "public, max-age=604800"  # a week; a changed image gets a new file name
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
MAX_SEARCH_TERMS = 20
# Control characters (NUL breaks PostgreSQL) are replaced by spaces before searching.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WORD = re.compile(r"\w+")


def search_terms(query: str) -> str:
    """The words of a query, lower-cased, as plain text for the search backend.

    Quotes, brackets, ``*``, ``:`` and upper-case AND/OR/NOT are query syntax for SQLite FTS5
    and PostgreSQL; people type them by accident, so only words are passed on.
    """
    return " ".join(word.lower() for word in WORD.findall(query)[:MAX_SEARCH_TERMS])


def search_root(request):
    """The start page of the active language (search stays inside one language's tree)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(Locale.get_active()) or root


@require_GET
def search(request):
    """Full-text search over all live public pages of the current language."""
    query = CONTROL_CHARACTERS.sub(" ", request.GET.get("q", "")).strip()
    error = ""
    status = 200
    results = Page.objects.none()
    if len(query) > MAX_QUERY_LENGTH:
        error = _(
            "The search term is too long (%(length)d characters). Please use at most "
            "%(max)d characters."
        ) % {"length": len(query), "max": MAX_QUERY_LENGTH}
        status = 400
    elif search_terms(query):
        root = search_root(request)
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        if root is not None:
            pages = pages.descendant_of(root, inclusive=True)
        results = pages.specific().search(search_terms(query))
    results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("seite"))
    return TemplateResponse(
        request,
        "core/search.html",
        {
            "query": query if not error else query[:MAX_QUERY_LENGTH],
            "error": error,
            "results": results_page,
            "max_query_length": MAX_QUERY_LENGTH,
        },
        status=status,
    )


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
