"""The library's page: ``LibraryIndexPage`` (/informationsangebote/: listing with filters and
full text, one route per entry, Atom feed, CSV/XLSX).

Its route methods are the public views: each reads the request, calls the code that knows
what the page shows (``listing``, ``feeds``; below this page, never importing it) and renders
a ``TemplateResponse`` with the page's context plus what that code returned.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from beschaffungsallianz.core.downloads import dated, spreadsheet_response
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.core.site_settings import data_licence
from beschaffungsallianz.library import listing
from beschaffungsallianz.library.feeds import LibraryFeed
from beschaffungsallianz.library.forms import LibraryFilterForm

PAGE_SIZE = 20
PAGE_PARAM = "seite"


class LibraryIndexPage(RoutablePageMixin, BasePage):
    """/informationsangebote/: the information library (Informationsangebote)."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("information library page")

    def render_route(self, request, template: str, context: dict, status: int = 200):
        return TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feed_url"] = (self.url or "/") + self.reverse_subpage("feed_route")
        context["licence"] = data_licence(request)
        return context

    @path("")
    def index_route(self, request):
        form = LibraryFilterForm(request.GET or None)
        filters = form.filters()

        def found():
            result = listing.search(filters)
            paginator = Paginator(result.entries, PAGE_SIZE)
            page_obj = paginator.get_page(request.GET.get(PAGE_PARAM))
            page_obj.object_list = list(page_obj.object_list)  # read now (kept below)
            return result, page_obj

        if form.is_bound:
            result, page_obj = found()
        else:  # the unfiltered first page: once per generation and language
            key = f"library-listing:{self.pk}:{translation.get_language()}"
            result, page_obj = per_generation(key, found)
        form.show_counts(result.counts)
        context = {"form": form, "filters": filters, "result": result, "page_obj": page_obj}
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_route(request, "library/library_index_page.html", context, status)

    @re_path(r"^(?P<fmt>csv|xlsx)/$")
    def download_route(self, request, fmt):
        form = LibraryFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.index_route(request)
        base_url = absolute_url(self.url or "/")
        rows = listing.download_rows(form.filters(), base_url, absolute_url)
        return spreadsheet_response(
            fmt,
            dated("informationsangebote"),
            listing.DOWNLOAD_HEADER,
            rows,
            licence_url=data_licence(request).url,
        )

    @path("feed/")
    def feed_route(self, request):
        return LibraryFeed(self)(request)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def detail_route(self, request, slug):
        entry = listing.public_entry_or_404(slug)
        context = {
            "entry": entry,
            "example_url": listing.practice_example_url(entry),
            "route_title": entry.title,
        }
        return self.render_route(request, "library/entry_detail.html", context)
