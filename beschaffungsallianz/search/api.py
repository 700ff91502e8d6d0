"""/api/v1/search: the site search as JSON (mounted by beschaffungsallianz/api.py).

The same search as /suche/ (German stems, compounds, synonyms; public items only), strict
input: an unknown parameter, an unknown kind, a bad page or an overlong query is a 422.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from beschaffungsallianz.core.api import errors, reject_unknown_params
from beschaffungsallianz.search.query import (
    CONTROL_CHARACTERS,
    MAX_QUERY_LENGTH,
    RANKED_AT_MOST,
    search,
)
from beschaffungsallianz.search.sources import kinds

router = Router(tags=["search"])
KindValue = Literal[tuple(kinds())]


class SearchQuery(Schema):
    # The schema's limits first (what a client sends), then the control characters are
    # replaced: "\x12" is a valid query (schemathesis) that finds nothing.
    q: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            description="Words to find (German stems, compound parts and synonyms)",
        ),
        AfterValidator(lambda q: CONTROL_CHARACTERS.sub(" ", q).strip()),
    ]
    kind: KindValue | Literal[""] = Field("", description="Only results of this kind")
    page: int = Field(1, ge=1, le=10_000)


class KindCountOut(Schema):
    kind: KindValue
    label: str
    count: int = Field(description=f"Results of this kind, at most {RANKED_AT_MOST:,}")
    more: bool = Field(description="More results of this kind match than `count`")


class HitOut(Schema):
    kind: KindValue
    kind_label: str
    title: str
    title_html: str = Field(description="Title, escaped, the hits in <mark>")
    snippet_html: str = Field(description="Text around the first hit, escaped, hits in <mark>")
    url: str
    date: datetime.date | None


class SearchOut(Schema):
    query: str
    kind: KindValue | Literal[""]
    total: int = Field(description="Results of all kinds, each kind counted as in `kinds`")
    total_more: bool = Field(description="More results match than `total`")
    count: int = Field(
        description="Results of the chosen kind (all kinds without one) that are listed: at "
        f"most {RANKED_AT_MOST:,}"
    )
    more: bool = Field(
        description="More results of the chosen kind (all kinds) match than `count`: the "
        f"{RANKED_AT_MOST:,} most recently indexed are listed, ranked by relevance; more words "
        "narrow the search"
    )
    kinds: list[KindCountOut]
    page: int
    pages: int
    results: list[HitOut]


@router.get(
    "/search",
    response={200: SearchOut, **errors()},
    summary="Search the whole site (public content)",
)
def site_search(request, params: Query[SearchQuery]):
    reject_unknown_params(request, SearchQuery.model_fields)
    results = search(params.q, kind=params.kind, language=get_language() or "de")
    page = results.page(params.page)
    hits = list(page) if page.number == params.page else []
    return {
        "query": params.q,
        "kind": results.kind,
        "total": results.total,
        "total_more": results.total_more,
        "count": results.shown,
        "more": results.more,
        "kinds": [
            {"kind": c.kind, "label": str(c.label), "count": c.count, "more": c.more}
            for c in results.counts
        ],
        "page": params.page,
        "pages": page.paginator.num_pages if results.shown else 0,
        "results": [
            {
                "kind": h.kind,
                "kind_label": h.kind_label,
                "title": h.plain_title,
                "title_html": str(h.title),
                "snippet_html": str(h.snippet),
                "url": request.build_absolute_uri(h.url) if h.url.startswith("/") else h.url,
                "date": h.date,
            }
            for h in hits
        ],
    }
