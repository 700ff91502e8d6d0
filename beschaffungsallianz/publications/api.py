"""Read-only JSON API of the publications app, mounted under /api/v1/publications/."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from beschaffungsallianz.core.api import errors
from beschaffungsallianz.publications.models import (
    Publication,
    PublicationKind,
    RulesOfProcedure,
)

router = Router(tags=["publications"])


class PublicationOut(Schema):
    id: int
    title: str
    kind: str
    year: int
    description: str
    language: str
    is_sample: bool
    page_count: int | None
    file_size: int | None
    download_url: str | None
    cover_url: str | None


class RulesVersionOut(Schema):
    id: int
    label: str
    adopted_on: datetime.date
    adopted_by: str
    change_summary: str
    is_current: bool
    is_sample: bool
    pdf_url: str | None


class RulesOut(Schema):
    id: int
    title: str
    body_of: str
    versions: list[RulesVersionOut]


def _absolute(request, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


def _publication_out(request, publication: Publication) -> dict:
    cover_url = None
    if publication.cover_image:
        cover_url = publication.cover_image.get_rendition("width-320").url
    return {
        "id": publication.pk,
        "title": publication.title,
        "kind": publication.kind,
        "year": publication.year,
        "description": publication.description,
        "language": publication.language,
        "is_sample": publication.is_sample,
        "page_count": publication.page_count,
        "file_size": publication.file_size,
        "download_url": _absolute(
            request, publication.document.url if publication.document else None
        ),
        "cover_url": _absolute(request, cover_url),
    }


@router.get("/", response={200: list[PublicationOut], **errors()}, summary="Published publications")
def list_publications(request, kind: PublicationKind | None = None):
    """Publications with page count and file size as read from the PDF (bytes)."""
    publications = (
        Publication.objects.live().of_kind(kind).select_related("document", "cover_image")
    )
    return [_publication_out(request, publication) for publication in publications]


@router.get(
    "/rules-of-procedure/",
    response=list[RulesOut],
    summary="Rules of procedure with their published versions",
)
def list_rules_of_procedure(request):
    return [_rules_out(request, rules) for rules in RulesOfProcedure.objects.order_by("pk")]


@router.get(
    "/rules-of-procedure/{rules_id}/",
    response={200: RulesOut, **errors(not_found=True)},
    summary="One rules of procedure with its published versions",
)
def get_rules_of_procedure(request, rules_id: int):
    return _rules_out(request, get_object_or_404(RulesOfProcedure, pk=rules_id))


def _rules_out(request, rules: RulesOfProcedure) -> dict:
    versions = list(rules.published_versions().select_related("document"))
    current_pk = versions[0].pk if versions else None
    return {
        "id": rules.pk,
        "title": rules.title,
        "body_of": rules.body_of,
        "versions": [
            {
                "id": v.pk,
                "label": v.label,
                "adopted_on": v.adopted_on,
                "adopted_by": v.adopted_by,
                "change_summary": v.change_summary,
                "is_current": v.pk == current_pk,
                "is_sample": v.is_sample,
                "pdf_url": _absolute(request, v.document.url if v.document else None),
            }
            for v in versions
        ],
    }
