"""What /produktgruppen/ shows: every product group with what the knowledge base holds on it,
and one hub per group that gathers it all - practice examples (filterable by state and stage),
criteria by tender stage with wording to copy and the chosen state's law beside each, the labels
(with the comparison preselected), what the state laws say on the group, the tender monitor's
figures for its CPV codes (drawn by the monitor's ``{% product_group_figures %}`` tag, so that
the monitor's statistics stay in the monitor app), library entries and upcoming events.

Called by the routes of ``ProductGroupIndexPage`` (models/pages.py). Reads only. Other apps'
models are looked up by name (``apps.get_model``): their modules import the knowledge models,
so importing theirs here would make a cycle.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from beschaffungsallianz.core.pagecache import public
from beschaffungsallianz.core.site_settings import alliance_state
from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.events import listing
from beschaffungsallianz.knowledge import criteria, states
from beschaffungsallianz.knowledge.links import index_urls
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import (
    LABEL_PROOF_LEGAL_BASIS,
    Criterion,
    Label,
    ProductGroup,
    StateLaw,
    StateLawTopic,
)

EXAMPLES_SHOWN = 12
EVENTS_SHOWN = 5
EXAMPLE_ORDER = (F("year").desc(nulls_last=True), "title")
STOP_WORDS = {"und", "oder", "der", "die", "das"}


# --- /produktgruppen/ ----------------------------------------------------------------------


def index_context(base_url: str) -> dict:
    """The product groups with the number of published examples, criteria and labels."""
    groups = list(
        ProductGroup.objects.annotate(
            n_examples=Count("examples", filter=Q(examples__live=True), distinct=True),
            n_criteria=Count("criteria", filter=Q(criteria__live=True), distinct=True),
            n_labels=Count("labels", filter=Q(labels__live=True), distinct=True),
        )
    )
    for group in groups:
        group.page_url = f"{base_url}{group.slug}/"
    return {"groups": groups}


# --- /produktgruppen/<slug>/ ---------------------------------------------------------------


def group_words(group: ProductGroup) -> list[str]:
    """The words of the group's name a law would use ("Natursteine" -> "Naturstein")."""
    words = []
    for word in re.findall(r"\w+", group.name):
        if len(word) < 3 or word.lower() in STOP_WORDS:
            continue
        words.append(word[:-1] if len(word) >= 8 and word.endswith("e") else word)
    return words


def _examples(group: ProductGroup, filters: dict, urls: dict) -> tuple[list, int]:
    """(the newest published examples of the group matching the filters, how many match)."""
    found = PracticeExample.objects.filter(live=True, product_groups=group)
    if filters.get("land"):
        found = found.filter(state=filters["land"])
    stage = filters.get("stufe")
    if stage:
        found = found.filter(
            Q(stages=stage)
            | Q(stages__startswith=f"{stage} ")
            | Q(stages__endswith=f" {stage}")
            | Q(stages__contains=f" {stage} ")
            | Q(criteria_used__stage=stage)
        ).distinct()
    total = found.count()
    shown = list(found.order_by(*EXAMPLE_ORDER)[:EXAMPLES_SHOWN])
    for example in shown:
        example.page_url = f"{urls['examples']}{example.slug}/" if urls["examples"] else None
    return shown, total


def _criteria(group: ProductGroup, state: str, laws: list, urls: dict) -> list[dict]:
    """The group's published criteria by tender stage, each with its labels' pages and what
    ``state``'s law (and the others') say on its rule."""
    live_labels = Label.objects.filter(live=True).order_by("name")
    found = list(
        Criterion.objects.filter(live=True, product_groups=group)
        .prefetch_related(Prefetch("accepted_labels", queryset=live_labels))
        .order_by("title")
    )
    for criterion in found:
        criterion.page_url = f"{urls['criteria']}{criterion.slug}/" if urls["criteria"] else None
        for label in criterion.accepted_labels.all():
            label.page_url = f"{urls['labels']}{label.slug}/" if urls["labels"] else None
        criterion.state_laws = (
            states.law_rules(criterion.state_law_topic, state, urls["states"], laws)
            if criterion.state_law_topic
            else None
        )
    return criteria.sections(found)


def _labels(group: ProductGroup, urls: dict) -> tuple[list[Label], str | None]:
    """(the group's published labels, the comparison of up to three of them preselected)."""
    labels = list(group.labels.filter(live=True).order_by("name"))
    for label in labels:
        label.page_url = f"{urls['labels']}{label.slug}/" if urls["labels"] else None
    compare = None
    if len(labels) >= 2 and urls["labels"]:
        chosen = [("l", label.slug) for label in labels[:3]]
        compare = f"{urls['labels']}vergleich/?{urlencode(chosen)}"
    return labels, compare


def library_entries(group: ProductGroup, urls: dict) -> list:
    """Published entries of the information library (``library.LibraryEntry``) on this group,
    each with ``page_url``; empty while the ``library`` app is not installed."""
    if not apps.is_installed("beschaffungsallianz.library"):
        return []
    model = apps.get_model("library", "LibraryEntry")
    entries = list(model.objects.filter(live=True, product_groups=group)[:EXAMPLES_SHOWN])
    for entry in entries:
        entry.page_url = f"{urls['library']}{entry.slug}/" if urls["library"] else None
    return entries


def upcoming_events(group: ProductGroup) -> list:
    """The next public events on this group (events whose topics include it), soonest first."""
    events = public(apps.get_model("events", "EventPage").objects.live()).filter(topics=group)
    return list(listing.upcoming(events)[:EVENTS_SHOWN])


def hub_context(request, slug: str, filters: dict) -> dict:
    """Everything one hub shows; 404 for an unknown group. ``filters``: the valid ``land`` and
    ``stufe`` of ``HubFilterForm``; the state's law is shown beside the criteria (the alliance's
    state when none is chosen)."""
    group = ProductGroup.objects.filter(slug=slug).first()
    if group is None:
        raise Http404(_("There is no product group with this address."))
    urls = index_urls()
    state = filters.get("land") or alliance_state(request)
    laws = list(StateLaw.objects.filter(live=True).order_by("name"))
    shown, total = _examples(group, filters, urls)
    labels, compare_url = _labels(group, urls)
    own_law = next((law for law in laws if law.state == state), None)
    for law in laws:
        law.page_url = f"{urls['states']}{law.state.lower()}/" if urls["states"] else None
    return {
        "group": group,
        "filters": filters,
        "state": BY_CODE.get(state),
        "own_law": own_law,
        "own_rules": [own_law.rule(topic) for topic in StateLawTopic] if own_law else [],
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
        "examples": shown,
        "example_count": total,
        "examples_url": urls["examples"],
        "criterion_sections": _criteria(group, state, laws, urls),
        "labels": labels,
        "compare_url": compare_url,
        "law_mentions": states.mentions(laws, group_words(group)),
        "monitor_url": urls["monitor"],
        "library": library_entries(group, urls),
        "events": upcoming_events(group),
    }


def related_to_cpv(codes) -> list[dict]:
    """The product groups whose CPV codes cover one of ``codes`` (a notice's lots), each with
    its hub, its published labels and criteria (for the monitor's notice page)."""
    codes = [code for code in codes if code]
    groups = [
        group
        for group in ProductGroup.objects.prefetch_related(
            Prefetch("labels", queryset=Label.objects.filter(live=True).order_by("name")),
            Prefetch("criteria", queryset=Criterion.objects.filter(live=True).order_by("title")),
        )
        if any(group.matches_cpv(code) for code in codes)
    ]
    urls = index_urls()
    related = []
    for group in groups:
        labels = list(group.labels.all())
        found = list(group.criteria.all())
        for label in labels:
            label.page_url = f"{urls['labels']}{label.slug}/" if urls["labels"] else None
        for criterion in found:
            criterion.page_url = (
                f"{urls['criteria']}{criterion.slug}/" if urls["criteria"] else None
            )
        hub = f"{urls['hubs']}{group.slug}/" if urls["hubs"] else None
        related.append({"group": group, "hub_url": hub, "labels": labels, "criteria": found})
    return related
