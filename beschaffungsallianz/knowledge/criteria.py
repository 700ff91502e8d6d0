"""What /kriterien/ shows: published criteria grouped by tender stage with its legal basis,
one page per criterion with the examples that used it, and the criteria as CSV and XLSX.

Called by the routes of ``CriterionIndexPage`` (models/pages.py).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from beschaffungsallianz.core.site_settings import alliance_state
from beschaffungsallianz.knowledge import examples, states
from beschaffungsallianz.knowledge.models.practice import PracticeCriterion
from beschaffungsallianz.knowledge.models.reference import (
    LABEL_PROOF_LEGAL_BASIS,
    STAGE_LEGAL_BASIS,
    Criterion,
    Label,
    TenderStage,
    index_page_url,
)

STAGE_ORDER = {stage.value: index for index, stage in enumerate(TenderStage)}


def _live_criteria():
    return Criterion.objects.filter(live=True).prefetch_related(
        "product_groups",
        Prefetch("accepted_labels", queryset=Label.objects.filter(live=True).order_by("name")),
    )


def filtered(filters: dict):
    """Published criteria matching the valid filters (``produktgruppe``, ``stufe``, ``art``)."""
    criteria = _live_criteria()
    if filters.get("produktgruppe"):
        criteria = criteria.filter(product_groups=filters["produktgruppe"])
    if filters.get("stufe"):
        criteria = criteria.filter(stage=filters["stufe"])
    if filters.get("art"):
        criteria = criteria.filter(kind=filters["art"])
    return criteria.order_by("title")


def _stage_order(criterion) -> tuple:
    return STAGE_ORDER.get(criterion.stage, len(STAGE_ORDER)), criterion.title


def sections(criteria) -> list[dict]:
    """One section per tender stage that has criteria, in the legal order of the stages."""
    result = []
    for stage in TenderStage:
        items = [criterion for criterion in criteria if criterion.stage == stage.value]
        if items:
            result.append(
                {
                    "stage": stage,
                    "label": stage.label,
                    "legal_basis": STAGE_LEGAL_BASIS[stage],
                    "criteria": items,
                }
            )
    return result


def _attach_label_urls(criteria, request=None) -> None:
    labels_base = index_page_url("LabelIndexPage", request=request)
    for criterion in criteria:
        for label in criterion.accepted_labels.all():
            label.page_url = f"{labels_base}{label.slug}/" if labels_base else None


def index_context(filters: dict, base_url: str, request=None) -> dict:
    """The criteria matching ``filters`` by stage; ``base_url`` is /kriterien/."""
    criteria = list(filtered(filters))
    for criterion in criteria:
        criterion.page_url = f"{base_url}{criterion.slug}/"
    _attach_label_urls(criteria, request)
    return {
        "filters": filters,
        "sections": sections(criteria),
        "count": len(criteria),
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }


DOWNLOAD_HEADER = [
    "slug",
    "title",
    "kind",
    "stage",
    "legal_basis",
    "wording",
    "product_groups",
    "accepted_labels",
    "other_proofs",
    "is_sample",
    "url",
]


def download_rows(filters: dict, base_url: str) -> list[list]:
    """The criteria matching ``filters`` in stage order; ``base_url`` is absolute."""
    return [
        [
            c.slug,
            c.title,
            c.kind,
            c.stage,
            c.effective_legal_basis,
            c.wording,
            " ".join(group.slug for group in c.product_groups.all()),
            " ".join(label.slug for label in c.accepted_labels.all()),
            c.other_proofs,
            c.is_sample,
            f"{base_url}{c.slug}/",
        ]
        for c in sorted(filtered(filters), key=_stage_order)
    ]


def detail_context(slug: str, request=None) -> dict:
    """One published criterion, its accepted proofs and the published examples that used it."""
    criterion = _live_criteria().filter(slug=slug).first()
    if criterion is None:
        raise Http404(_("There is no published criterion with this address."))
    _attach_label_urls([criterion], request)
    uses = list(
        PracticeCriterion.objects.filter(criterion=criterion, example__live=True)
        .select_related("example")
        .order_by("-example__year", "example__title")
    )
    examples.attach_urls([use.example for use in uses], request)
    return {
        "criterion": criterion,
        "state_laws": state_law_context(criterion, request),
        "uses": uses,
        "stage_legal_basis": STAGE_LEGAL_BASIS.get(criterion.stage, ""),
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }


def state_law_context(criterion, request, state: str | None = None) -> dict | None:
    """The state laws that require ``criterion``'s rule, the alliance's state (or ``state``)
    first; None for a criterion that implements no rule of the state-law table."""
    if not criterion.state_law_topic:
        return None
    state = state or alliance_state(request)
    states_url = index_page_url("StateIndexPage", request=request)
    return states.law_rules(criterion.state_law_topic, state, states_url)
