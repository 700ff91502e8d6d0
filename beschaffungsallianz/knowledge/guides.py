"""The knowledge guides: federal states (/laender/), labels (/guetezeichen/), criteria
(/kriterien/) and the public proposal form for practice examples.

Each function is a route of an index page in models.py (``StateIndexPage`` etc.) and receives
that page; pages render through ``page.render`` so the editable intro and the site chrome stay.
Only published (``live``) labels, criteria, state laws and practice examples are shown.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_tasks import task

from beschaffungsallianz.core.roles import COORDINATOR_GROUP, EDITOR_GROUP
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit
from beschaffungsallianz.core.states import BY_CODE, STATES, State
from beschaffungsallianz.knowledge.forms import (
    DEFAULT_MAP_ATTRIBUTE,
    CriterionFilterForm,
    LabelCompareForm,
    LabelFilterForm,
    PracticeExampleProposalForm,
    StateMapForm,
)
from beschaffungsallianz.knowledge.models import (
    LABEL_PROOF_LEGAL_BASIS,
    STAGE_LEGAL_BASIS,
    Criterion,
    CriterionIndexPage,
    Label,
    LabelIndexPage,
    PracticeCriterion,
    PracticeDocument,
    PracticeExample,
    PracticeExampleIndexPage,
    ProductGroup,
    StateLaw,
    TenderStage,
)
from beschaffungsallianz.knowledge.templatetags.tilemap import LegendEntry

logger = logging.getLogger(__name__)

SUBMISSIONS_COLLECTION = "Einsendungen"
PROPOSAL_SESSION_KEY = "knowledge_proposal_sent"
PROPOSAL_RATE_SCOPE = "knowledge:propose"

YesNo = StateLaw.YesNo
Obligation = StateLaw.Obligation

# Map classes of the state attributes: level 4 = strongest rule, "unbekannt" stays unknown.
YES_NO_LEGEND = [
    LegendEntry(YesNo.YES.value, gettext_lazy("yes"), gettext_lazy("yes"), 4),
    LegendEntry(YesNo.NO.value, gettext_lazy("no"), gettext_lazy("no"), 1),
]
OBLIGATION_LEGEND = [
    LegendEntry(
        Obligation.MANDATORY.value,
        gettext_lazy("mandatory"),
        pgettext_lazy("tile map, short for mandatory", "must"),
        4,
    ),
    LegendEntry(Obligation.SHOULD.value, gettext_lazy("should"), gettext_lazy("should"), 3),
    LegendEntry(Obligation.MAY.value, gettext_lazy("may"), gettext_lazy("may"), 2),
    LegendEntry(Obligation.NONE.value, gettext_lazy("none"), gettext_lazy("none"), 1),
]
STATE_ATTRIBUTES = {
    "tariff_compliance": (gettext_lazy("Tariff compliance"), YES_NO_LEGEND),
    "ilo_core_labour_standards": (gettext_lazy("ILO core labour standards"), OBLIGATION_LEGEND),
    "ecological_criteria": (gettext_lazy("Ecological criteria"), OBLIGATION_LEGEND),
    "examples": (gettext_lazy("Published practice examples"), None),
}
LAW_ATTRIBUTES = ("tariff_compliance", "ilo_core_labour_standards", "ecological_criteria")


# --- helpers ------------------------------------------------------------------------------


def _render(request, page, template, context, status=200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def _route_url(page, request, name, **kwargs) -> str:
    return (page.get_url(request) or "/") + page.reverse_subpage(name, kwargs=kwargs or None)


def _index_base(page_class, request=None) -> str | None:
    """URL of the live index page of ``page_class`` (for cross-links between the guides)."""
    from wagtail.models import Locale

    pages = page_class.objects.live()
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    return page.get_url(request) if page else None


def source_links(text: str) -> list[dict]:
    """One entry per whitespace-separated source: web addresses become links, the rest text."""
    links = []
    for item in (text or "").split():
        parts = urlsplit(item)
        if parts.scheme in ("http", "https") and parts.netloc:
            host = parts.netloc.removeprefix("www.")
            path = parts.path.rstrip("/")
            label = host + (path if len(path) <= 40 else path[:37] + "…")
            links.append({"url": item, "text": label, "is_link": True})
        else:
            links.append({"url": "", "text": item, "is_link": False})
    return links


def spreadsheet_safe(cell):
    """Prefix text a spreadsheet would evaluate as a formula (as views.example_csv does)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _csv_response(name: str, header: list[str], rows) -> HttpResponse:
    """CSV like the practice examples' download: UTF-8 with BOM (spreadsheets), comma-separated,
    formula-safe cells, dated file name, and the data licence as a Link header."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    licence = _data_licence_url()
    if licence:
        response["Link"] = f'<{licence}>; rel="license"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return response


def _data_licence_url() -> str:
    try:
        from wagtail.models import Site

        from beschaffungsallianz.core.models import SiteSettings

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            return SiteSettings.for_site(site).data_licence_url
    except Exception:  # noqa: BLE001 - a missing setting must not break a download
        logger.exception("Could not read the data licence")
    return "https://creativecommons.org/licenses/by/4.0/"


def _attach_example_urls(examples, request):
    """``page_url`` of each example (its detail route on the practice examples page), or None."""
    base = _index_base(PracticeExampleIndexPage, request)
    for example in examples:
        example.page_url = f"{base}{example.slug}/" if base else None
    return examples


def _live_example_counts_by_state() -> dict[str, int]:
    return dict(
        PracticeExample.objects.filter(live=True)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


# --- federal states -----------------------------------------------------------------------


@dataclass
class StateCell:
    value: str
    label: str
    unknown: bool


@dataclass
class StateRow:
    state: State
    law: StateLaw | None
    examples: int
    url: str

    @property
    def name(self) -> str:
        return self.state.name_de

    @property
    def code(self) -> str:
        return self.state.code

    def cell(self, attribute: str) -> StateCell:
        if self.law is None:
            return StateCell(YesNo.UNKNOWN.value, _("unknown"), True)
        value = getattr(self.law, attribute)
        label = getattr(self.law, f"get_{attribute}_display")()
        return StateCell(value, str(label), value == YesNo.UNKNOWN.value)

    @property
    def tariff_compliance(self) -> StateCell:
        return self.cell("tariff_compliance")

    @property
    def ilo_core_labour_standards(self) -> StateCell:
        return self.cell("ilo_core_labour_standards")

    @property
    def ecological_criteria(self) -> StateCell:
        return self.cell("ecological_criteria")

    @property
    def law_cells(self) -> list[StateCell]:
        return [self.cell(attribute) for attribute in LAW_ATTRIBUTES]

    @property
    def sources(self) -> list[dict]:
        return source_links(self.law.sources) if self.law else []

    def value(self, attribute: str):
        """The value the map is coloured by (None = unknown)."""
        if attribute == "examples":
            return self.examples
        cell = self.cell(attribute)
        return None if cell.unknown else cell.value


def state_rows(page, request) -> list[StateRow]:
    laws = {law.state: law for law in StateLaw.objects.filter(live=True)}
    counts = _live_example_counts_by_state()
    base = page.get_url(request) or "/"
    rows = [
        StateRow(
            state=state,
            law=laws.get(state.code),
            examples=counts.get(state.code, 0),
            url=f"{base}{state.code.lower()}/",
        )
        for state in STATES
    ]
    return sorted(rows, key=lambda row: row.name)


def state_map_values(rows: list[StateRow], attribute: str) -> dict:
    return {row.code: row.value(attribute) for row in rows}


def state_index(request, page):
    form = StateMapForm(request.GET or None, initial={"merkmal": DEFAULT_MAP_ATTRIBUTE})
    attribute = form.attribute()
    rows = state_rows(page, request)
    label, legend = STATE_ATTRIBUTES[attribute]
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {
        "form": form.decorate(),
        "attribute": attribute,
        "attribute_label": label,
        "rows": rows,
        "map_values": state_map_values(rows, attribute),
        "map_legend": legend,
        "map_caption": _("%(attribute)s by federal state") % {"attribute": label},
        "map_url_pattern": (page.get_url(request) or "/") + "{code_lower}/",
        "csv_url": _route_url(page, request, "csv_route"),
        "known_laws": sum(1 for row in rows if row.law is not None),
    }
    return _render(request, page, "knowledge/state_index.html", context, status)


def state_csv(request, page):
    rows = state_rows(page, request)
    header = [
        "state",
        "nuts1",
        "name",
        "law",
        "tariff_compliance",
        "ilo_core_labour_standards",
        "ecological_criteria",
        "published_examples",
        "notes",
        "sources",
        "as_of",
        "url",
    ]
    data = []
    for row in rows:
        law = row.law
        data.append(
            [
                row.code,
                row.state.nuts1,
                row.name,
                law.law if law else "",
                *(row.cell(attribute).value for attribute in LAW_ATTRIBUTES),
                row.examples,
                law.notes if law else "",
                " ".join(law.source_list) if law else "",
                law.as_of.isoformat() if law and law.as_of else "",
                request.build_absolute_uri(row.url),
            ]
        )
    return _csv_response("bundeslaender", header, data)


def state_detail(request, page, code):
    state = BY_CODE.get(code.upper())
    if state is None:
        raise Http404(_("There is no federal state with this code."))
    law = StateLaw.objects.filter(live=True, state=state.code).first()
    row = StateRow(state=state, law=law, examples=0, url="")
    examples = list(
        PracticeExample.objects.filter(live=True, state=state.code)
        .prefetch_related("product_groups")
        .order_by("-year", "title")
    )
    row.examples = len(examples)
    _attach_example_urls(examples, request)
    context = {
        "state": state,
        "law": law,
        "row": row,
        "examples": examples,
        "index_url": page.get_url(request),
    }
    return _render(request, page, "knowledge/state_detail.html", context)


# --- labels ---------------------------------------------------------------------------------


def _live_labels():
    return (
        Label.objects.filter(live=True)
        .prefetch_related("product_groups")
        .annotate(n_examples=Count("examples", filter=Q(examples__live=True), distinct=True))
        .order_by("name")
    )


def label_sections(labels, product_group=None):
    """[(product group or None, [labels])]: one section per product group that has labels."""
    groups = [product_group] if product_group else list(ProductGroup.objects.all())
    sections = []
    for group in groups:
        members = [label for label in labels if group in label.product_groups.all()]
        if members or product_group:
            sections.append((group, members))
    if product_group is None:
        loose = [label for label in labels if not label.product_groups.all()]
        if loose:
            sections.append((None, loose))
    return sections


def label_index(request, page):
    form = LabelFilterForm(request.GET or None)
    product_group = form.cleaned_data.get("produktgruppe") if form.is_valid() else None
    labels = list(_live_labels())
    base = page.get_url(request) or "/"
    for label in labels:
        label.page_url = f"{base}{label.slug}/"
        label.sources_links = source_links(label.sources)
    compare_form = LabelCompareForm(labels=labels)
    context = {
        "form": form.decorate(),
        "compare_form": compare_form.decorate(),
        "product_group": product_group,
        "sections": label_sections(labels, product_group),
        "compare_url": _route_url(page, request, "compare_route"),
        "csv_url": _route_url(page, request, "csv_route"),
        "query": request.GET.urlencode() if product_group else "",
        "label_count": len(labels),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _render(request, page, "knowledge/label_index.html", context, status)


def label_csv(request, page):
    form = LabelFilterForm(request.GET or None)
    product_group = form.cleaned_data.get("produktgruppe") if form.is_valid() else None
    labels = _live_labels()
    if product_group:
        labels = labels.filter(product_groups=product_group)
    base = request.build_absolute_uri(page.get_url(request) or "/")
    header = [
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
    rows = [
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
            f"{base}{label.slug}/",
        ]
        for label in labels
    ]
    return _csv_response("guetezeichen", header, rows)


def label_detail(request, page, slug):
    label = Label.objects.filter(live=True, slug=slug).prefetch_related("product_groups").first()
    if label is None:
        raise Http404(_("There is no published label with this address."))
    criteria = list(label.criteria.filter(live=True).order_by("stage", "title"))
    criteria_base = _index_base(CriterionIndexPage, request)
    for criterion in criteria:
        criterion.page_url = f"{criteria_base}{criterion.slug}/" if criteria_base else None
    examples = _attach_example_urls(
        list(label.examples.filter(live=True).order_by("-year", "title")), request
    )
    context = {
        "label": label,
        "criteria": criteria,
        "examples": examples,
        "sources": source_links(label.sources),
        "index_url": page.get_url(request),
        "compare_url": _route_url(page, request, "compare_route"),
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }
    return _render(request, page, "knowledge/label_detail.html", context)


def label_compare(request, page):
    labels = list(_live_labels())
    base = page.get_url(request) or "/"
    by_slug = {label.slug: label for label in labels}
    for label in labels:
        label.page_url = f"{base}{label.slug}/"
        label.sources_links = source_links(label.sources)
    bound = "l" in request.GET
    data = request.GET.copy()
    data.setlist("l", [slug for slug in request.GET.getlist("l") if slug.strip()])
    form = LabelCompareForm(data if bound else None, labels=labels)
    selected = []
    if bound and form.is_valid():
        selected = [by_slug[slug] for slug in form.cleaned_data["l"]]
        criteria_counts = dict(
            Label.objects.filter(pk__in=[label.pk for label in selected])
            .annotate(n=Count("criteria", filter=Q(criteria__live=True), distinct=True))
            .values_list("pk", "n")
        )
        for label in selected:
            label.n_criteria = criteria_counts.get(label.pk, 0)
    context = {
        "form": form.decorate(),
        "selected": selected,
        "index_url": base,
    }
    status = 400 if bound and not form.is_valid() else 200
    return _render(request, page, "knowledge/label_compare.html", context, status)


# --- criteria -------------------------------------------------------------------------------


def _filtered_criteria(filters: dict):
    criteria = Criterion.objects.filter(live=True).prefetch_related(
        "product_groups",
        Prefetch("accepted_labels", queryset=Label.objects.filter(live=True).order_by("name")),
    )
    if filters.get("produktgruppe"):
        criteria = criteria.filter(product_groups=filters["produktgruppe"])
    if filters.get("stufe"):
        criteria = criteria.filter(stage=filters["stufe"])
    if filters.get("art"):
        criteria = criteria.filter(kind=filters["art"])
    return criteria.order_by("title")


STAGE_ORDER = {stage.value: index for index, stage in enumerate(TenderStage)}


def _stage_order(criterion) -> tuple:
    return STAGE_ORDER.get(criterion.stage, len(STAGE_ORDER)), criterion.title


def criterion_sections(criteria) -> list[dict]:
    sections = []
    for stage in TenderStage:
        items = [criterion for criterion in criteria if criterion.stage == stage.value]
        if items:
            sections.append(
                {
                    "stage": stage,
                    "label": stage.label,
                    "legal_basis": STAGE_LEGAL_BASIS[stage],
                    "criteria": items,
                }
            )
    return sections


def _attach_label_urls(criteria, request):
    labels_base = _index_base(LabelIndexPage, request)
    for criterion in criteria:
        for label in criterion.accepted_labels.all():
            label.page_url = f"{labels_base}{label.slug}/" if labels_base else None


def criterion_index(request, page):
    form = CriterionFilterForm(request.GET or None)
    filters = form.valid_filters() if form.is_bound else {}
    criteria = list(_filtered_criteria(filters))
    base = page.get_url(request) or "/"
    for criterion in criteria:
        criterion.page_url = f"{base}{criterion.slug}/"
    _attach_label_urls(criteria, request)
    context = {
        "form": form.decorate(),
        "filters": filters,
        "sections": criterion_sections(criteria),
        "count": len(criteria),
        "csv_url": _route_url(page, request, "csv_route"),
        "query": request.GET.urlencode() if filters else "",
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _render(request, page, "knowledge/criterion_index.html", context, status)


def criterion_csv(request, page):
    form = CriterionFilterForm(request.GET or None)
    filters = form.valid_filters() if form.is_bound else {}
    base = request.build_absolute_uri(page.get_url(request) or "/")
    header = [
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
    rows = [
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
            f"{base}{c.slug}/",
        ]
        for c in sorted(_filtered_criteria(filters), key=_stage_order)
    ]
    return _csv_response("kriterien", header, rows)


def criterion_detail(request, page, slug):
    criterion = (
        Criterion.objects.filter(live=True, slug=slug)
        .prefetch_related(
            "product_groups",
            Prefetch("accepted_labels", queryset=Label.objects.filter(live=True).order_by("name")),
        )
        .first()
    )
    if criterion is None:
        raise Http404(_("There is no published criterion with this address."))
    _attach_label_urls([criterion], request)
    uses = list(
        PracticeCriterion.objects.filter(criterion=criterion, example__live=True)
        .select_related("example")
        .order_by("-example__year", "example__title")
    )
    _attach_example_urls([use.example for use in uses], request)
    context = {
        "criterion": criterion,
        "uses": uses,
        "index_url": page.get_url(request),
        "stage_legal_basis": STAGE_LEGAL_BASIS.get(criterion.stage, ""),
        "proof_legal_basis": LABEL_PROOF_LEGAL_BASIS,
    }
    return _render(request, page, "knowledge/criterion_detail.html", context)


# --- proposal form --------------------------------------------------------------------------


def submissions_collection():
    """The non-public collection "Einsendungen": documents only editors and coordinators see."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=SUBMISSIONS_COLLECTION)
    restriction = collection.view_restrictions.first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=[EDITOR_GROUP, COORDINATOR_GROUP]))
    return collection


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "praxisbeispiel")[:200].strip("-") or "praxisbeispiel"
    slug, n = base, 1
    while PracticeExample.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_proposed_example(data: dict) -> PracticeExample:
    """Store a valid proposal as a draft practice example with its documents, atomically.

    Stored files are removed again if anything fails, so a failed proposal leaves nothing.
    """
    from wagtail.documents import get_document_model

    Document = get_document_model()
    stored_files = []
    try:
        with transaction.atomic():
            collection = submissions_collection()
            documents = []
            for upload in data.get("attachments") or []:
                document = Document(title=upload.name[:255], file=upload, collection=collection)
                document._set_document_file_metadata()
                document.save()
                stored_files.append(document.file.name)
                documents.append(document)
            summary = data["summary"]
            if data.get("criteria"):
                heading = _("Criteria used (as submitted)")
                summary = f"{summary}\n\n{heading}:\n{data['criteria']}"
            example = PracticeExample(
                title=data["title"],
                slug=_unique_slug(data["title"]),
                summary=summary,
                buyer_name=data["buyer_name"],
                buyer_kind=data["buyer_kind"],
                state=data["state"],
                year=data["year"],
                outcome=data.get("experience", ""),
                source_url=data.get("source_url", ""),
                contact_name=data["submitter_name"],
                contact_email=data["submitter_email"],
                contact_consent=bool(data.get("show_contact")),
                submitted_by_public=True,
                submitter_email=data["submitter_email"],
                live=False,
                has_unpublished_changes=True,
            )
            example.product_groups.set(data.get("product_groups") or [])
            example.documents = [
                PracticeDocument(document=document, title=document.title) for document in documents
            ]
            example.save()
            example.save_revision(log_action="wagtail.create")
            transaction.on_commit(lambda: notify_staff_of_proposal.enqueue(example.pk))
    except Exception:
        from django.core.files.storage import default_storage

        for name in stored_files:
            default_storage.delete(name)
        raise
    return example


@task()
def notify_staff_of_proposal(example_id: int) -> int:
    """E-mail staff that a proposal arrived: what and where, plus the admin link (no personal data).

    Returns the number of recipients.
    """
    from django.core.mail import send_mail

    from beschaffungsallianz.network.tasks import staff_recipients

    example = PracticeExample.objects.filter(pk=example_id).first()
    recipients = staff_recipients()
    if example is None or not recipients:
        return 0
    try:
        path = reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New practice example proposed: %(title)s") % {"title": example.title}
        body = _(
            "A practice example was proposed through the website. It is saved as a draft and "
            "is not public until an editor publishes it.\n\n"
            "Title: %(title)s\nBuyer: %(buyer)s\nFederal state: %(state)s\nYear: %(year)s\n"
            "Documents: %(documents)d\n\nReview it here:\n%(link)s\n"
        ) % {
            "title": example.title,
            "buyer": example.buyer_name,
            "state": example.get_state_display(),
            "year": example.year,
            "documents": example.documents.count(),
            "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


def example_propose(request, page):
    template = "knowledge/propose.html"
    if request.method == "POST":
        form = PracticeExampleProposalForm(request.POST, request.FILES)
        if not check_rate_limit(request, PROPOSAL_RATE_SCOPE):
            form.is_valid()
            context = {
                "form": form.decorate(),
                "rate_limited": True,
                "rate_limit_message": RATE_LIMIT_MESSAGE,
            }
            return _render(request, page, template, context, status=429)
        if form.is_valid():
            example = create_proposed_example(form.cleaned_data)
            logger.info("Practice example proposed: pk=%s", example.pk)
            request.session[PROPOSAL_SESSION_KEY] = example.title
            return HttpResponseRedirect(request.path)
        return _render(request, page, template, {"form": form.decorate()})
    sent_title = request.session.pop(PROPOSAL_SESSION_KEY, None)
    context = {"form": PracticeExampleProposalForm().decorate(), "sent_title": sent_title}
    return _render(request, page, template, context)
