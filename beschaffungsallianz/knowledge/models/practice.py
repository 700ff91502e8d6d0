"""Practice examples (Praxisbeispiele): a real tender and how it went, with the criteria used
and its documents; the facet-index version row.

Examples go through drafts, revisions, locking and a moderation workflow (WorkflowMixin; the
workflow itself is set up in core/workflows.py), so a proposal is published only after review.
"""

import re
import uuid

from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from beschaffungsallianz.core.states import BY_CODE, STATE_CHOICES
from beschaffungsallianz.knowledge.models.reference import (
    Criterion,
    Label,
    ProductGroup,
    TenderStage,
    index_page_url,
    reference_hash_field,
)
from beschaffungsallianz.knowledge.search import text

# TED publication numbers: "123456-2024" (also zero-padded, "00123456-2024").
TED_NUMBER = re.compile(r"\d{1,8}-\d{4}")


class PracticeExample(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A good-practice example (Praxisbeispiel): a real tender and how it went."""

    class BuyerKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality (Gemeinde/Stadt)")
        DISTRICT = "district", _("district (Landkreis)")
        STATE = "state", _("state authority / ministry")
        FEDERAL = "federal", _("federal authority")
        OTHER = "other", _("other public buyer")

    class SizeClass(models.TextChoices):
        SMALL = "small", _("under 20,000 inhabitants")
        MEDIUM = "medium", _("20,000 – 100,000 inhabitants")
        LARGE = "large", _("100,000 – 500,000 inhabitants")
        METRO = "metro", _("over 500,000 inhabitants")
        NOT_APPLICABLE = "n/a", _("not applicable")
        UNKNOWN = "unknown", _("unknown")

    class VolumeClass(models.TextChoices):
        SMALL = "lt-25k", _("under 25,000 EUR")
        MEDIUM = "25k-216k", _("25,000 – 216,000 EUR")
        LARGE = "216k-1m", _("216,000 – 1 million EUR")
        XLARGE = "gt-1m", _("over 1 million EUR")
        UNKNOWN = "unknown", _("unknown")

    class ProcedureType(models.TextChoices):
        OPEN = "open", _("open procedure")
        RESTRICTED = "restricted", _("restricted procedure")
        NEGOTIATED = "negotiated", _("negotiated procedure")
        BELOW_THRESHOLD = "uvgo", _("below threshold (UVgO)")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    class Stage(models.TextChoices):
        """What an example was: a tender stage (TenderStage's values), or no tender at all."""

        SPECIFICATION = TenderStage.SPECIFICATION.value, TenderStage.SPECIFICATION.label
        SUITABILITY = TenderStage.SUITABILITY.value, TenderStage.SUITABILITY.label
        AWARD = TenderStage.AWARD.value, TenderStage.AWARD.label
        PERFORMANCE = TenderStage.PERFORMANCE.value, TenderStage.PERFORMANCE.label
        POLICY = "policy", _("council or policy decision")
        DIRECT_PURCHASE = "direct-purchase", _("direct purchase")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(_("summary"))
    buyer_name = models.CharField(_("buyer"), max_length=255)
    buyer_kind = models.CharField(_("kind of buyer"), max_length=16, choices=BuyerKind.choices)
    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES)
    size_class = models.CharField(
        _("municipality size"),
        max_length=8,
        choices=SizeClass.choices,
        default=SizeClass.NOT_APPLICABLE,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty when the source does not say.")
    )
    product_groups = ParentalManyToManyField(
        ProductGroup, blank=True, related_name="examples", verbose_name=_("product groups")
    )
    volume_class = models.CharField(
        _("contract volume"),
        max_length=10,
        choices=VolumeClass.choices,
        default=VolumeClass.UNKNOWN,
    )
    procedure_type = models.CharField(
        _("procedure"), max_length=12, choices=ProcedureType.choices, default=ProcedureType.OPEN
    )
    labels = ParentalManyToManyField(
        Label, blank=True, related_name="examples", verbose_name=_("labels accepted as proof")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not = models.TextField(_("what did not work"), blank=True)
    market_response = models.TextField(_("market response"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(
        _("contact may be shown"),
        default=False,
        help_text=_("Only with the person's consent is the contact shown publicly."),
    )
    stages = models.CharField(
        _("stages"),
        max_length=100,
        blank=True,
        help_text=_(
            "Space-separated: specification, suitability, award, performance, policy, "
            "direct-purchase; empty when the source does not say."
        ),
    )
    criteria_text = models.TextField(
        _("criteria (as reported)"),
        blank=True,
        help_text=_("The criteria as the source states them."),
    )
    labels_text = models.CharField(_("labels and proofs (as reported)"), max_length=255, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    source_date = models.CharField(
        _("date of the source"),
        max_length=40,
        blank=True,
        help_text=_(
            "As the source shows it (YYYY, YYYY-MM or YYYY-MM-DD); empty when it shows none."
        ),
    )
    reference_hash = reference_hash_field()
    notice_number = models.CharField(
        _("notice number"),
        max_length=64,
        blank=True,
        help_text=_("Publication number on TED (e.g. 123456-2024) or the national service."),
    )
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Fictitious example, shown with a clear 'Beispiel' marker."),
    )
    submitted_by_public = models.BooleanField(_("proposed by the public"), default=False)
    submitter_email = models.EmailField(_("submitter e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # German-stemmed tokens of the texts, product groups, labels and criteria (search/text.py);
    # indexed by SQLite FTS5 or a PostgreSQL GIN index (migration 0003).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("buyer_name"),
        index.SearchField("outcome"),
        index.SearchField("what_worked"),
        index.SearchField("what_did_not"),
        index.SearchField("market_response"),
        index.FilterField("state"),
        index.FilterField("year"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = [models.F("year").desc(nulls_last=True), "title"]
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
        indexes = [
            models.Index(fields=["live", "state", "year"]),
            models.Index(
                fields=["live", "year", "first_published_at"], name="knowledge_pe_live_newest"
            ),
            models.Index(fields=["live", "title"], name="knowledge_pe_live_title"),
            models.Index(fields=["live", "first_published_at"], name="knowledge_pe_live_published"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return index_page_url("PracticeExampleIndexPage", f"{self.slug}/")

    def save(self, *args, **kwargs):
        """Save, then derive ``search_text`` from what is stored now.

        Public search must see only the published state. A live example's draft (Wagtail's
        ``save_revision()``) stays in memory and in the revision while only bookkeeping fields
        are written, so deriving the text from the stored row and its stored relations keeps a
        draft's words out of it; publishing and unpublishing store the live state, so they
        switch what search finds.
        """
        with transaction.atomic():
            super().save(*args, **kwargs)  # also commits the cluster relations
            stored = PracticeExample.objects.prefetch_related(
                "product_groups", "labels", "criteria_used__criterion"
            ).get(pk=self.pk)
            self.search_text = text.stem_text(*stored.searchable_texts())
            PracticeExample.objects.filter(pk=self.pk).exclude(search_text=self.search_text).update(
                search_text=self.search_text
            )

    def searchable_texts(self) -> list[str]:
        """What full-text search finds an example by (its title counted twice, as a boost)."""
        texts = [self.title, self.title, self.summary, self.buyer_name, self.outcome]
        texts += [self.what_worked, self.what_did_not, self.market_response]
        state = BY_CODE.get(self.state)
        if state:
            texts += [state.name_de, state.name_en]
        for group in self.product_groups.all():
            texts += [group.name, group.name_en]
        texts += [label.name for label in self.labels.all()]
        texts += [use.criterion.title for use in self.criteria_used.all()]
        return texts

    @property
    def stage_list(self) -> list[str]:
        return self.stages.split()

    @property
    def stage_labels(self) -> list[str]:
        known = dict(self.Stage.choices)
        return [str(known.get(stage, stage)) for stage in self.stage_list]

    @property
    def ted_url(self) -> str:
        """Link to the notice on TED when the number looks like a TED publication number."""
        number = self.notice_number.strip()
        if number and TED_NUMBER.fullmatch(number):
            return f"https://ted.europa.eu/de/notice/-/detail/{number}"
        return ""

    @property
    def contact_visible(self) -> bool:
        return self.contact_consent and bool(self.contact_name or self.contact_email)


class PracticeCriterion(Orderable):
    """A criterion used in a practice example, at a tender stage."""

    example = ParentalKey(PracticeExample, on_delete=models.CASCADE, related_name="criteria_used")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="uses", verbose_name=_("criterion")
    )
    stage = models.CharField(_("tender stage"), max_length=16, choices=TenderStage.choices)
    note = models.TextField(_("how it was used"), blank=True)

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["stage", "example"], name="knowledge_pc_stage_example")]
        verbose_name = _("criterion used")
        verbose_name_plural = _("criteria used")


class PracticeDocument(Orderable):
    example = ParentalKey(PracticeExample, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "core.CustomDocument",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class FacetIndexVersion(models.Model):
    """One row whose token changes with every write that can change a search facet.

    Each process keeps a facet index (search/index.py) tagged with the token it was built from
    and rebuilds it when the token differs; the row lives in the database so that every worker
    process sees a change. Random tokens, not a counter: a rolled-back transaction restores an
    older token together with the older data, so a token never names two different states.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("search index version")

    def __str__(self):
        return self.token

    @classmethod
    def current(cls) -> str:
        return cls.objects.filter(pk=1).values_list("token", flat=True).first() or ""

    @classmethod
    def bump(cls) -> None:
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token):
            try:
                with transaction.atomic():
                    cls.objects.create(pk=1, token=token)
            except IntegrityError:  # created concurrently
                cls.objects.filter(pk=1).update(token=token)


# The fields of an example the facet index reads (search/index.py). A save that writes none of
# them - a draft saved with save_revision(), a lock - leaves the index as it is.
INDEXED_FIELDS = {
    "live",
    "year",
    "first_published_at",
    "title",
    "state",
    "size_class",
    "procedure_type",
    "volume_class",
}


def _bump_facet_index(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if sender is PracticeExample and update_fields and not INDEXED_FIELDS & set(update_fields):
        return
    if kwargs.get("action", "post_").startswith("post_"):
        FacetIndexVersion.bump()


# --- Facet index freshness (search/index.py): a new token after every relevant write ---

for _model in (PracticeExample, PracticeCriterion, Criterion, ProductGroup, Label):
    post_save.connect(
        _bump_facet_index, sender=_model, dispatch_uid=f"knowledge.facets.save.{_model.__name__}"
    )
    post_delete.connect(
        _bump_facet_index, sender=_model, dispatch_uid=f"knowledge.facets.delete.{_model.__name__}"
    )
for _through in (PracticeExample.product_groups.through, PracticeExample.labels.through):
    m2m_changed.connect(
        _bump_facet_index, sender=_through, dispatch_uid=f"knowledge.facets.m2m.{_through.__name__}"
    )
