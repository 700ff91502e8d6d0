"""Read-only JSON API of the information library, mounted under /api/v1/library/.

Only published entries; the same search as the page (``listing.search``): full text with
German stemming, one value per filter, three orders. Strict input: an unknown parameter or a
value outside the schema is a 422; a product group that does not exist is a 404.
"""

import datetime
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from beschaffungsallianz.core.api import enum_of, errors, reject_unknown_params
from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.knowledge.models import ProductGroup, TenderStage
from beschaffungsallianz.library import listing
from beschaffungsallianz.library.models import Kind, LibraryEntry

router = Router(tags=["library"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class EntryOut(Schema):
    slug: str
    title: str
    kind: enum_of(Kind.choices)
    publisher: str
    year: int | None
    product_groups: list[str] = Field(description="Slugs of the product groups")
    stages: list[enum_of(TenderStage.choices)]
    language: str
    comment: str
    link: str = Field(description="The document's download or the external link")
    is_document: bool
    page_count: int | None
    file_size: int | None
    source_url: str
    url: str | None = Field(description="The entry's page on this site")
    is_sample: bool
    first_published_at: datetime.datetime | None


class EntryQuery(Schema):
    q: str = Field("", max_length=200, description="Full text, German stemming, every word")
    kind: enum_of(Kind.choices) | None = None
    product_group: str | None = Field(None, pattern=SLUG_PATTERN, max_length=50)
    stage: enum_of(TenderStage.choices) | None = None
    year: int | None = Field(None, ge=listing.MIN_YEAR, le=listing.MAX_YEAR)
    publisher: str | None = Field(None, min_length=1, max_length=255)
    sort: Literal[tuple(listing.SORTS)] = listing.DEFAULT_SORT


def _entry_out(entry: LibraryEntry) -> dict:
    url = entry.get_absolute_url()
    return {
        "slug": entry.slug,
        "title": entry.title,
        "kind": entry.kind,
        "publisher": entry.publisher,
        "year": entry.year,
        "product_groups": [group.slug for group in entry.product_groups.all()],
        "stages": [s for s in entry.stages or [] if s in TenderStage.values],
        "language": entry.language,
        "comment": entry.comment,
        "link": absolute_url(entry.target_url) if entry.is_document else entry.url,
        "is_document": entry.is_document,
        "page_count": entry.page_count,
        "file_size": entry.file_size,
        "source_url": entry.source_url,
        "url": absolute_url(url) if url else None,
        "is_sample": entry.is_sample,
        "first_published_at": entry.first_published_at,
    }


@router.get(
    "/",
    response={200: list[EntryOut], **errors(not_found=True)},
    summary="Entries of the information library (newest first unless sorted otherwise)",
)
def list_entries(request, params: Query[EntryQuery]):
    reject_unknown_params(request, EntryQuery.model_fields)
    if params.product_group and not ProductGroup.objects.filter(slug=params.product_group):
        raise Http404(_("There is no such product group."))
    filters = listing.Filters(**params.dict())
    return [_entry_out(entry) for entry in listing.search(filters).entries]


@router.get(
    "/{slug}/",
    response={200: EntryOut, **errors(not_found=True)},
    summary="One entry of the information library",
)
def get_entry(request, slug: Path[str]):
    reject_unknown_params(request, ())
    return _entry_out(listing.public_entry_or_404(slug))
