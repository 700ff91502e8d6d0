"""What /guetezeichen/ shows: published labels grouped by product group, one page per label,
two or three labels side by side, and the labels as CSV and XLSX.

Called by the routes of ``LabelIndexPage`` (models/pages.py).
"""

from __future__ import annotations

import copy

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.knowledge import examples
from beschaffungsallianz.knowledge.models.reference import (
    LABEL_PROOF_LEGAL_BASIS,
    Label,
    index_page_url,
    product_groups,
)


def live_labels():
    """Published labels by name, with their product groups and number of published examples."""
    return (
        Label.objects.filter(live=True)
        .prefetch_related("product_groups")
        .annotate(n_examples=Count("examples", filter=Q(examples__live=True), distinct=True))
        .order_by("name")
    )


def labels_with_urls(base_url: str) -> list[Label]:
    """The published labels, each with ``page_url`` below ``base_url`` (/guetezeichen/): read
    once per generation (and base URL) and shared by the requests, so not to be changed."""

    def read():
        labels = list(live_labels())
        for label in labels:
            label.page_url = f"{base_url}{label.slug}/"
        return labels

    return per_generation(f"live-labels:{base_url}", read)


def sections(labels, product_group=None):
    """[(product group or None, [labels])]: one section per product group that has labels."""
    groups = [product_group] if product_group else product_groups()
    # the prefetched groups' ids per label: ``group in label.product_groups.all()`` built a
    # queryset per group and label (5 ms of /guetezeichen/)
    group_ids = {label.pk: {g.pk for g in label.product_groups.all()} for label in labels}
    result = []
    for group in groups:
        members = [label for label in labels if group.pk in group_ids[label.pk]]
        if members or product_group:
            result.append((group, members))
    if product_group is None:
        loose = [label for label in labels if not group_ids[label.pk]]
        if loose:
            result.append((None, loose))
    return result


DOWNLOAD_HEADER = [
    "slug",
    "name",
    "covers",
    "covers_social",
    "covers_ecological",
    "product_groups",
    "published_examples",
    "notes",
    "sources",
    "website",
    "url",
]


def download_rows(product_group, base_url: str) -> list[list]:
    """The published labels (of ``product_group`` if given); ``base_url`` is absolute."""
    labels = live_labels()
    if product_group:
        labels = labels.filter(product_groups=product_group)
    return [
        [
            label.slug,
            label.name,
            label.covers,
            label.covers_social,
            label.covers_ecological,
            " ".join(group.slug for group in label.product_groups.all()),
            label.n_examples,
            label.notes,
            " ".join(label.source_list),
            label.website,
            f"{base_url}{label.slug}/",
        ]
        for label in labels
    ]


def detail_context(slug: str, request=None) -> dict:
    """One published label: the criteria that accept it and the examples that accepted it."""
    label = Label.objects.filter(live=True, slug=slug).prefetch_related("product_groups").first()
    if label is None:
        raise Http404(_("There is no published label with this address."))
    criteria = list(label.criteria.filter(live=True).order_by("stage", "title"))
    criteria_base = index_page_url("CriterionIndexPage", request=request)
    for criterion in criteria:
        criterion.page_url = f"{criteria_base}{criterion.slug}/" if criteria_base else None
    label_examples = examples.attach_urls(
        list(label.examples.filter(live=True).order_by("-year", "title")), request
    )
    return {
        "label": label,
        "criteria": criteria,
        "examples": label_examples,
        "sources": label.source_links,
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }


def compared(labels: list[Label], slugs: list[str]) -> list[Label]:
    """The labels chosen for comparison, in the chosen order, with ``n_criteria`` each."""
    by_slug = {label.slug: label for label in labels}
    selected = [copy.copy(by_slug[slug]) for slug in slugs]  # the list is shared: copies
    criteria_counts = dict(
        Label.objects.filter(pk__in=[label.pk for label in selected])
        .annotate(n=Count("criteria", filter=Q(criteria__live=True), distinct=True))
        .values_list("pk", "n")
    )
    for label in selected:
        label.n_criteria = criteria_counts.get(label.pk, 0)
    return selected
