"""What /praxisbeispiele/ shows: the faceted listing, one example, the download (CSV, XLSX), the
feed.

Called by the routes of ``PracticeExampleIndexPage`` (models/pages.py), which render the context
built here with the page. The listing and the download take their filters and results from
``search``.
Only live (published) examples are public.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beschaffungsallianz.core.site_settings import data_licence
from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge import links
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import (
    LABEL_PROOF_LEGAL_BASIS,
    index_page_url,
    source_links,
)
from beschaffungsallianz.knowledge.search.filters import (
    FACETS,
    SORT_PARAM,
    SORTS,
    ExampleFilters,
    page_filters,
)
from beschaffungsallianz.knowledge.search.results import PAGE_SIZE, search, with_lists

PAGE_PARAM = "seite"


def attach_urls(examples, request=None):
    """Set ``page_url`` of each example (its route on the practice examples page, or None)."""
    base = index_page_url("PracticeExampleIndexPage", request=request)
    for example in examples:
        example.page_url = f"{base}{example.slug}/" if base else None
    return examples


def _query_without(request, *params: str) -> str:
    """The current query string without ``params`` (and without the page number)."""
    query = request.GET.copy()
    for param in (*params, PAGE_PARAM):
        query.pop(param, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def filter_context(request) -> dict:
    """What the filter form of the listing needs, also when the filters are invalid."""
    return {
        "facet_params": {f.key: f.param for f in FACETS},
        "sorts": SORTS,
        "sort_param": SORT_PARAM,
        "licence": data_licence(request),
    }


def parse_filters(request) -> ExampleFilters:
    """The listing's filters from the query string; raises ``SearchError`` when invalid."""
    return page_filters(request.GET)


def listing_context(request, filters: ExampleFilters) -> dict:
    result = search(filters, lists=False)
    # result.examples fetches only the requested page's rows, with what the cards show
    paginator = Paginator(result.examples, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get(PAGE_PARAM))  # malformed -> page 1
    active = [
        {
            "facet": facet_result.facet,
            "option": option,
            "remove_url": _query_without(request, facet_result.facet.param),
        }
        for facet_result in result.facets
        for option in facet_result.selected
    ]
    for relaxation in result.relaxations:
        relaxation.url = _query_without(
            request, relaxation.facet.param if relaxation.facet else "q"
        )
    return {
        **filter_context(request),
        "filters": filters,
        "result": result,
        "page_obj": page_obj,
        "q": filters.q,
        "active": active,
        "remove_q_url": _query_without(request, "q"),
        "reset_url": "?",
        "sort": filters.effective_sort,
        "page_param": PAGE_PARAM,
        "elided_pages": list(
            paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        ),
        "no_words": bool(filters.q) and not filters.terms,
    }


def live_example_or_404(slug: str) -> PracticeExample:
    """The one access rule for a practice example: only live (published) ones are public."""
    example = (
        with_lists(PracticeExample.objects.filter(live=True, slug=slug))
        .prefetch_related("documents__document", "criteria_used__criterion__accepted_labels")
        .first()
    )
    if example is None:
        raise Http404("No such practice example")
    return example


def detail_context(request, slug: str, index_url: str) -> dict:
    example = live_example_or_404(slug)
    group_ids = [g.id for g in example.product_groups.all()]
    related = (
        PracticeExample.objects.filter(live=True, product_groups__in=group_ids)
        .exclude(state=example.state)
        .exclude(id=example.id)
        .distinct()
        .order_by("-year", "title")[:4]
    )
    return {
        "example": example,
        "state": BY_CODE.get(example.state),
        "criteria_used": list(example.criteria_used.all()),
        "related": with_lists(related),
        "label_legal_basis": LABEL_PROOF_LEGAL_BASIS,
        "sources": source_links(example.source_url),
        "state_url": index_page_url("StateIndexPage", f"{example.state.lower()}/", request),
        "monitor_notice_url": links.imported_notice_url(example.notice_number),
        "index_url": index_url,
        "licence": data_licence(request),
    }


# --- Download (CSV, XLSX): every example matching the filters -----------------------------

DOWNLOAD_HEADER = [
    "slug",
    "title",
    "buyer",
    "buyer_kind",
    "state",
    "size_class",
    "year",
    "product_groups",
    "volume_class",
    "procedure",
    "criteria",
    "labels",
    "summary",
    "source_url",
    "notice_number",
    "url",
    "demo",
    "first_published_at",
]


def download_rows(filters: ExampleFilters, base_url: str):
    """One row per example matching ``filters`` (columns ``DOWNLOAD_HEADER``); the search runs
    now, the rows are built while the response streams."""
    examples = search(filters).examples
    return (_download_row(ex, base_url) for ex in examples)


def _download_row(ex, base_url: str) -> list:
    return [
        ex.slug,
        ex.title,
        ex.buyer_name,
        ex.buyer_kind,
        ex.state,
        ex.size_class,
        ex.year,
        " ".join(g.slug for g in ex.product_groups.all()),
        ex.volume_class,
        ex.procedure_type,
        " ".join(f"{c.criterion.slug}@{c.stage}" for c in ex.criteria_used.all()),
        " ".join(label.slug for label in ex.labels.all()),
        ex.summary,
        ex.source_url,
        ex.notice_number,
        f"{base_url}{ex.slug}/",
        "ja" if ex.is_demo else "nein",
        ex.first_published_at,
    ]


# --- Atom feed of the newest published examples ---------------------------------------------


class ExampleFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return _("New practice examples")

    def link(self):
        return self.index_page.url

    def subtitle(self):
        return _("Newly published good-practice examples of fair and sustainable procurement.")

    def feed_copyright(self):
        return self.licence_name

    def get_object(self, request, *args, **kwargs):
        self.licence_name = data_licence(request).name
        return None

    def items(self):
        return PracticeExample.objects.filter(live=True, first_published_at__isnull=False).order_by(
            "-first_published_at"
        )[:30]

    def item_title(self, item):
        prefix = _("Example") + ": " if item.is_demo else ""
        return prefix + item.title

    def item_description(self, item):
        state = BY_CODE.get(item.state)
        return (
            f"{item.buyer_name} ({state.name_de if state else item.state}, {item.year}): "
            f"{item.summary}"
        )

    def item_link(self, item):
        return f"{self.index_page.url}{item.slug}/"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
