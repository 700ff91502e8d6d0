"""The four index pages of the knowledge base. Editors create each once below the home page and
edit its title, intro and body; the listings come from the snippets.

Their route methods are the public views: each reads the request, calls the code that knows
what the page shows (examples.py, states.py, labels.py, criteria.py, services.py, which sit
below these pages and import only the snippet models) and renders a ``TemplateResponse`` with
the page's context (``page``, ``self``, ``request``) plus what that code returned.
"""

from __future__ import annotations

import logging

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from beschaffungsallianz.core.downloads import dated, spreadsheet_response
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.core.site_settings import data_licence
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit
from beschaffungsallianz.knowledge import (
    criteria,
    examples,
    hubs,
    labels,
    services,
    states,
)
from beschaffungsallianz.knowledge.forms import (
    DEFAULT_MAP_ATTRIBUTE,
    CriterionFilterForm,
    HubFilterForm,
    LabelCompareForm,
    LabelFilterForm,
    PracticeExampleProposalForm,
    StateMapForm,
)
from beschaffungsallianz.knowledge.models.reference import ProductGroup
from beschaffungsallianz.knowledge.search.filters import MAX_QUERY_LENGTH, SearchError

logger = logging.getLogger(__name__)

# The table of a listing: ``csv/`` for machines, ``xlsx/`` for spreadsheets (core.downloads).
DOWNLOAD_PATTERN = r"^(?P<fmt>csv|xlsx)/$"

PROPOSAL_SESSION_KEY = "knowledge_proposal_sent"
PROPOSAL_RATE_SCOPE = "knowledge:propose"


def _status(form) -> int:
    """400 when the query string did not pass its form (the page still shows, with a notice)."""
    return 400 if form.is_bound and not form.is_valid() else 200


class KnowledgeIndexPage(RoutablePageMixin, BasePage):
    """One per parent, no sub-pages: the items are routes of the page."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        abstract = True

    def render_route(self, request, template: str, context: dict, status: int = 200):
        return TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )

    def base_url(self, request) -> str:
        return self.get_url(request) or "/"

    def route_url(self, request, name: str) -> str:
        return self.base_url(request) + self.reverse_subpage(name)

    def download(self, request, fmt: str, name: str, header: list[str], rows):
        """The table as CSV or XLSX (``core.downloads``), dated, with the data licence."""
        licence_url = data_licence(request).url
        return spreadsheet_response(fmt, dated(name), header, rows, licence_url=licence_url)

    def absolute_base_url(self, request) -> str:
        return request.build_absolute_uri(self.base_url(request))


class PracticeExampleIndexPage(KnowledgeIndexPage):
    """/praxisbeispiele/: faceted search over practice examples, detail pages, CSV, feed, and the
    public proposal form."""

    class Meta:
        verbose_name = _("practice examples index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["propose_url"] = self.route_url(request, "propose_route")
        return context

    @path("")
    def index_route(self, request):
        template = "knowledge/example_index.html"
        try:
            filters = examples.parse_filters(request)
        except SearchError as exc:
            q = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
            context = {**examples.filter_context(request), "errors": exc.errors, "q": q}
            return self.render_route(request, template, context, status=400)
        if request.GET:
            context = examples.listing_context(request, filters)
        else:  # the unfiltered first page: once per generation and language
            context = per_generation(
                f"example-listing:{self.pk}:{translation.get_language()}",
                lambda: examples.listing_context(request, filters),
            )
        return self.render_route(request, template, context)

    @re_path(DOWNLOAD_PATTERN)
    def download_route(self, request, fmt):
        try:
            filters = examples.parse_filters(request)
        except SearchError as exc:
            context = {**examples.filter_context(request), "errors": exc.errors}
            return self.render_route(request, "knowledge/example_index.html", context, status=400)
        rows = examples.download_rows(filters, self.absolute_base_url(request))
        return self.download(request, fmt, "praxisbeispiele", examples.DOWNLOAD_HEADER, rows)

    @path("feed/")
    def feed_route(self, request):
        return examples.ExampleFeed(self)(request)

    @path("vorschlagen/")
    def propose_route(self, request):
        template = "knowledge/propose.html"
        if request.method != "POST":
            sent_title = request.session.pop(PROPOSAL_SESSION_KEY, None)
            form = PracticeExampleProposalForm()
            return self.render_route(request, template, {"form": form, "sent_title": sent_title})
        form = PracticeExampleProposalForm(request.POST, request.FILES)
        if not check_rate_limit(request, PROPOSAL_RATE_SCOPE):
            form.is_valid()  # the form shows the entries again, with their errors
            context = {
                "form": form,
                "rate_limited": True,
                "rate_limit_message": RATE_LIMIT_MESSAGE,
            }
            return self.render_route(request, template, context, status=429)
        if not form.is_valid():
            return self.render_route(request, template, {"form": form})
        example = services.create_proposed_example(form.cleaned_data)
        logger.info("Practice example proposed: pk=%s", example.pk)
        request.session[PROPOSAL_SESSION_KEY] = example.title
        return HttpResponseRedirect(request.path)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def detail_route(self, request, slug):
        context = examples.detail_context(request, slug, index_url=self.url)
        return self.render_route(request, "knowledge/example_detail.html", context)


class StateIndexPage(KnowledgeIndexPage):
    """/laender/: what do the other states do? Laws side by side, tile map, one page per state."""

    class Meta:
        verbose_name = _("federal states index page")

    @path("")
    def index_route(self, request):
        form = StateMapForm(request.GET or None, initial={"merkmal": DEFAULT_MAP_ATTRIBUTE})
        attribute, base_url = form.attribute(), self.base_url(request)
        context = {  # one of four attributes: the table and the map once per generation
            **per_generation(
                f"state-index:{self.pk}:{attribute}:{translation.get_language()}",
                lambda: states.index_context(attribute, base_url),
            ),
            "form": form,
        }
        return self.render_route(request, "knowledge/state_index.html", context, _status(form))

    @re_path(DOWNLOAD_PATTERN)
    def download_route(self, request, fmt):
        rows = states.download_rows(self.absolute_base_url(request))
        return self.download(request, fmt, "bundeslaender", states.DOWNLOAD_HEADER, rows)

    @re_path(r"^(?P<code>[a-z]{2})/$")
    def detail_route(self, request, code):
        context = {**states.detail_context(code, request), "index_url": self.get_url(request)}
        return self.render_route(request, "knowledge/state_detail.html", context)


class LabelIndexPage(KnowledgeIndexPage):
    """/guetezeichen/: label guide per product group, comparison of two or three labels."""

    class Meta:
        verbose_name = _("label guide page")

    @path("")
    def index_route(self, request):
        form = LabelFilterForm(request.GET or None)
        product_group = form.cleaned_data.get("produktgruppe") if form.is_valid() else None
        all_labels = labels.labels_with_urls(self.base_url(request))
        context = {
            "form": form,
            "compare_form": LabelCompareForm(labels=all_labels),
            "product_group": product_group,
            "sections": labels.sections(all_labels, product_group),
            "compare_url": self.route_url(request, "compare_route"),
            "query": request.GET.urlencode() if product_group else "",
            "label_count": len(all_labels),
        }
        return self.render_route(request, "knowledge/label_index.html", context, _status(form))

    @path("vergleich/")
    def compare_route(self, request):
        all_labels = labels.labels_with_urls(self.base_url(request))
        form = LabelCompareForm.from_query(request.GET, labels=all_labels)
        selected = []
        if form.is_bound and form.is_valid():
            selected = labels.compared(all_labels, form.cleaned_data["l"])
        context = {
            "form": form,
            "selected": selected,
            "index_url": self.base_url(request),
        }
        return self.render_route(request, "knowledge/label_compare.html", context, _status(form))

    @re_path(DOWNLOAD_PATTERN)
    def download_route(self, request, fmt):
        form = LabelFilterForm(request.GET or None)
        product_group = form.cleaned_data.get("produktgruppe") if form.is_valid() else None
        rows = labels.download_rows(product_group, self.absolute_base_url(request))
        return self.download(request, fmt, "guetezeichen", labels.DOWNLOAD_HEADER, rows)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def detail_route(self, request, slug):
        context = {
            **labels.detail_context(slug, request),
            "index_url": self.get_url(request),
            "compare_url": self.route_url(request, "compare_route"),
        }
        return self.render_route(request, "knowledge/label_detail.html", context)


class CriterionIndexPage(KnowledgeIndexPage):
    """/kriterien/: criteria building blocks per product group and tender stage."""

    class Meta:
        verbose_name = _("criteria index page")

    @path("")
    def index_route(self, request):
        form = CriterionFilterForm(request.GET or None)
        filters = form.valid_filters() if form.is_bound else {}
        base_url = self.base_url(request)
        if filters:
            found = criteria.index_context(filters, base_url, request)
        else:  # all criteria: once per generation and language
            found = per_generation(
                f"criteria-listing:{self.pk}:{translation.get_language()}",
                lambda: criteria.index_context(filters, base_url, request),
            )
        context = {
            **found,
            "form": form,
            "query": request.GET.urlencode() if filters else "",
        }
        return self.render_route(request, "knowledge/criterion_index.html", context, _status(form))

    @re_path(DOWNLOAD_PATTERN)
    def download_route(self, request, fmt):
        form = CriterionFilterForm(request.GET or None)
        filters = form.valid_filters() if form.is_bound else {}
        rows = criteria.download_rows(filters, self.absolute_base_url(request))
        return self.download(request, fmt, "kriterien", criteria.DOWNLOAD_HEADER, rows)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def detail_route(self, request, slug):
        context = {**criteria.detail_context(slug, request), "index_url": self.get_url(request)}
        return self.render_route(request, "knowledge/criterion_detail.html", context)


class ProductGroupIndexPage(KnowledgeIndexPage):
    """/produktgruppen/: one hub per product group with everything about it (hubs.py)."""

    class Meta:
        verbose_name = _("product groups index page")

    def get_sitemap_urls(self, request=None):
        """The index and every group's hub."""
        urls = super().get_sitemap_urls(request)
        base, lastmod = urls[0]["location"], urls[0].get("lastmod")
        for slug in ProductGroup.objects.values_list("slug", flat=True):
            urls.append({"location": f"{base}{slug}/", "lastmod": lastmod})
        return urls

    @path("")
    def index_route(self, request):
        base_url = self.base_url(request)  # the groups and their counts once per generation
        context = per_generation(f"hub-index:{self.pk}", lambda: hubs.index_context(base_url))
        return self.render_route(request, "knowledge/hub_index.html", context)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def detail_route(self, request, slug):
        form = HubFilterForm(request.GET or None)
        filters = form.valid_filters() if form.is_bound else {}
        context = {
            **hubs.hub_context(request, slug, filters),
            "form": form,
            "index_url": self.base_url(request),
        }
        return self.render_route(request, "knowledge/hub_detail.html", context, _status(form))
