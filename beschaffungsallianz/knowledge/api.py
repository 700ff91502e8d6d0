"""Read-only JSON API of the knowledge app, mounted under /api/v1/ by beschaffungsallianz/api.py.

``/examples`` takes the same filters as the /praxisbeispiele/ page (English names) and returns
the same facet counts. Input is validated strictly: an unknown parameter, an unknown filter
value, a bad page number or an overlong query is a 422 with a message per parameter.
"""

from __future__ import annotations

import datetime
import math
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from beschaffungsallianz.core.api import (
    NotFoundOut,
    ValidationErrorOut,
    enum_of,
    reject_unknown_params,
)
from beschaffungsallianz.core.site_settings import data_licence
from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.knowledge.models import (
    Criterion,
    CriterionKind,
    Focus,
    Label,
    PracticeCriterion,
    PracticeExample,
    ProductGroup,
    StateLaw,
    TenderStage,
    Verification,
    index_page_url,
)
from beschaffungsallianz.knowledge.search.filters import FACETS, ExampleFilters, unknown_slug
from beschaffungsallianz.knowledge.search.results import search, with_lists

router = Router(tags=["knowledge"])

MAX_PAGE_SIZE = 100

StateCode = enum_of(STATE_CHOICES)
FocusValue = enum_of(Focus.choices)
Kind = enum_of(CriterionKind.choices)
Stage = enum_of(TenderStage.choices)


# --- Schemas -----------------------------------------------------------------------------


class LicenceOut(Schema):
    name: str
    url: str
    attribution: str


class ProductGroupOut(Schema):
    slug: str
    name: str
    name_en: str
    cpv_codes: list[str]
    focus: FocusValue | Literal[""] = Field(description="Empty: no focus recorded")
    notes: str


class LabelOut(Schema):
    slug: str
    name: str
    covers: FocusValue
    covers_social: bool
    covers_ecological: bool
    product_groups: list[str]
    notes: str
    sources: list[str]
    website: str
    owner: str = Field(description="unbekannt: no source found")
    verification: enum_of(Verification.choices) = Field(description="unbekannt: no source found")
    standard_published: str = Field(description="A web address, or unbekannt")


class CriterionOut(Schema):
    slug: str
    title: str
    kind: Kind
    stage: Stage
    stage_label: str
    legal_basis: str
    wording: str
    product_groups: list[str]
    accepted_labels: list[str]
    other_proofs: str
    is_sample: bool = Field(description="True for sample wordings of the demo content")


class StateLawOut(Schema):
    state: StateCode
    nuts1: str
    name: str
    law: str = Field(description="Empty: the state has no procurement law")
    tariff_compliance: enum_of(StateLaw.YesNo.choices) = Field(
        description="unbekannt: no source found"
    )
    ilo_core_labour_standards: enum_of(StateLaw.Obligation.choices)
    ecological_criteria: enum_of(StateLaw.Obligation.choices)
    notes: str
    sources: list[str]
    as_of: datetime.date | None
    sections: list[str]
    primary_source: str = Field(
        description="Web address of the official law text; unbekannt or entfällt otherwise"
    )


class CriterionUseOut(Schema):
    criterion: str
    title: str
    kind: Kind
    stage: Stage
    stage_label: str
    legal_basis: str
    note: str


class ExampleSummaryOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    buyer: str
    buyer_kind: enum_of(PracticeExample.BuyerKind.choices)
    state: StateCode
    size_class: enum_of(PracticeExample.SizeClass.choices)
    year: int | None = Field(description="None: the source gives no year")
    stages: list[enum_of(PracticeExample.Stage.choices)]
    product_groups: list[str]
    volume_class: enum_of(PracticeExample.VolumeClass.choices)
    procedure: enum_of(PracticeExample.ProcedureType.choices)
    criteria: list[CriterionUseOut]
    labels: list[str]
    is_demo: bool = Field(description="True for fictitious demo examples")
    first_published_at: datetime.datetime | None


class DocumentOut(Schema):
    title: str
    url: str


class ContactOut(Schema):
    name: str
    email: str


class ExampleOut(ExampleSummaryOut):
    outcome: str
    what_worked: str
    what_did_not: str
    market_response: str
    documents: list[DocumentOut]
    contact: ContactOut | None = Field(description="Only when the person consented")
    criteria_text: str = Field(description="The criteria as the source reports them")
    labels_text: str = Field(description="Labels and proofs as the source reports them")
    source_url: str
    source_date: str = Field(description="As the source shows it; empty when it shows none")
    notice_number: str
    ted_url: str
    last_published_at: datetime.datetime | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class ExampleListOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    sort: Literal["relevance", "newest", "title"]
    results: list[ExampleSummaryOut]
    facets: dict[Literal[tuple(f.key for f in FACETS)], list[FacetValueOut]] = Field(
        description="Per filter: its values with the number of examples on the result set "
        "with every other filter applied"
    )
    licence: LicenceOut


class ExampleQuery(ExampleFilters):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# --- Helpers -----------------------------------------------------------------------------


def _examples_base_url(request) -> str:
    url = index_page_url("PracticeExampleIndexPage")
    return request.build_absolute_uri(url) if url else ""


def _criterion_use(use: PracticeCriterion) -> dict:
    return {
        "criterion": use.criterion.slug,
        "title": use.criterion.title,
        "kind": use.criterion.kind,
        "stage": use.stage,
        "stage_label": str(use.get_stage_display()),
        "legal_basis": use.criterion.effective_legal_basis,
        "note": use.note,
    }


def _summary(example: PracticeExample, base_url: str) -> dict:
    return {
        "slug": example.slug,
        "url": f"{base_url}{example.slug}/" if base_url else "",
        "title": example.title,
        "summary": example.summary,
        "buyer": example.buyer_name,
        "buyer_kind": example.buyer_kind,
        "state": example.state,
        "size_class": example.size_class,
        "year": example.year,
        "stages": example.stage_list,
        "product_groups": [g.slug for g in example.product_groups.all()],
        "volume_class": example.volume_class,
        "procedure": example.procedure_type,
        "criteria": [_criterion_use(u) for u in example.criteria_used.all()],
        "labels": [label.slug for label in example.labels.all()],
        "is_demo": example.is_demo,
        "first_published_at": example.first_published_at,
    }


# --- Endpoints ---------------------------------------------------------------------------


@router.get(
    "/examples",
    response={200: ExampleListOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Practice examples (faceted search)",
)
def list_examples(request, params: Query[ExampleQuery]):
    reject_unknown_params(request, ExampleQuery.model_fields)
    unknown = unknown_slug(params)
    if unknown:
        raise Http404(unknown[1])
    result = search(params)
    pages = max(1, math.ceil(result.total / params.page_size))
    start = (params.page - 1) * params.page_size
    items = result.examples[start : start + params.page_size]  # rows of this page only
    base_url = _examples_base_url(request)
    return {
        "count": result.total,
        "page": params.page,
        "pages": pages,
        "page_size": params.page_size,
        "sort": params.effective_sort,
        "results": [_summary(e, base_url) for e in items],
        "facets": {
            fr.facet.key: [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in fr.options
            ]
            for fr in result.facets
        },
        "licence": data_licence(request).as_dict(),
    }


@router.get(
    "/examples/{slug}",
    response={200: ExampleOut, 404: NotFoundOut},
    summary="One practice example",
)
def get_example(request, slug: str):
    example = (
        with_lists(PracticeExample.objects.filter(live=True, slug=slug[:255]))
        .prefetch_related("documents__document")
        .first()
    )
    if example is None:
        raise Http404("No such practice example")
    data = _summary(example, _examples_base_url(request))
    data.update(
        outcome=example.outcome,
        what_worked=example.what_worked,
        what_did_not=example.what_did_not,
        market_response=example.market_response,
        documents=[
            {
                "title": d.title or d.document.title,
                "url": request.build_absolute_uri(d.document.url),
            }
            for d in example.documents.all()
        ],
        contact={"name": example.contact_name, "email": example.contact_email}
        if example.contact_visible
        else None,
        criteria_text=example.criteria_text,
        labels_text=example.labels_text,
        source_url=example.source_url,
        source_date=example.source_date,
        notice_number=example.notice_number,
        ted_url=example.ted_url,
        last_published_at=example.last_published_at,
    )
    return data


@router.get("/product-groups", response=list[ProductGroupOut], summary="Product groups")
def list_product_groups(request):
    return [
        {
            "slug": g.slug,
            "name": g.name,
            "name_en": g.name_en,
            "cpv_codes": g.cpv_codes,
            "focus": g.focus,
            "notes": g.notes,
        }
        for g in ProductGroup.objects.all()
    ]


@router.get("/labels", response=list[LabelOut], summary="Labels (Gütezeichen)")
def list_labels(request):
    return [
        {
            "slug": label.slug,
            "name": label.name,
            "covers": label.covers,
            "covers_social": label.covers_social,
            "covers_ecological": label.covers_ecological,
            "product_groups": [g.slug for g in label.product_groups.all()],
            "notes": label.notes,
            "sources": label.source_list,
            "website": label.website,
            "owner": label.owner,
            "verification": label.verification,
            "standard_published": label.standard_published,
        }
        for label in Label.objects.filter(live=True).prefetch_related("product_groups")
    ]


@router.get("/criteria", response=list[CriterionOut], summary="Tender criteria")
def list_criteria(request):
    qs = Criterion.objects.filter(live=True).prefetch_related("product_groups", "accepted_labels")
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "kind": c.kind,
            "stage": c.stage,
            "stage_label": str(c.get_stage_display()),
            "legal_basis": c.effective_legal_basis,
            "wording": c.wording,
            "product_groups": [g.slug for g in c.product_groups.all()],
            "accepted_labels": [label.slug for label in c.accepted_labels.all()],
            "other_proofs": c.other_proofs,
            "is_sample": c.is_sample,
        }
        for c in qs
    ]


@router.get("/state-laws", response=list[StateLawOut], summary="State procurement laws")
def list_state_laws(request):
    return [
        {
            "state": s.state,
            "nuts1": s.nuts1,
            "name": s.name,
            "law": s.law,
            "tariff_compliance": s.tariff_compliance,
            "ilo_core_labour_standards": s.ilo_core_labour_standards,
            "ecological_criteria": s.ecological_criteria,
            "notes": s.notes,
            "sources": s.source_list,
            "as_of": s.as_of,
            "sections": s.section_list,
            "primary_source": s.primary_source,
        }
        for s in StateLaw.objects.filter(live=True).order_by("state")
    ]


@router.get("/licence", response=LicenceOut, summary="Licence of the open data")
def licence(request):
    return data_licence(request).as_dict()
