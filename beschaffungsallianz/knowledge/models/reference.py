"""Reference snippets that practice examples point at: product groups, labels (Gütezeichen),
state procurement laws and reusable tender criteria, with their choices and legal bases.

Edited as Wagtail snippets (wagtail_hooks.py); labels, state laws and criteria go through drafts
and revisions, so only published (``live``) ones are public.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from beschaffungsallianz.core.pagecache import active_locale, per_generation
from beschaffungsallianz.core.states import STATE_CHOICES


def index_page_url(page_model: str, route: str = "", request=None) -> str | None:
    """URL of ``route`` below the live knowledge index page ``page_model`` (e.g.
    ``"LabelIndexPage"``) in the active language, else in any language; None without one.

    The page model is looked up by name: the pages (models/pages.py) call the code that links
    to the other index pages, so importing them here would make a cycle.
    """
    locale = active_locale()

    def find():
        pages = apps.get_model("knowledge", page_model).objects.live()
        return pages.filter(locale=locale).first() or pages.first()

    # the page once per generation and language (two queries on every call before)
    page = per_generation(f"index-page:{page_model}:{locale.pk}", find)
    url = page.get_url(request) if page else None
    return url + route if url else None


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


class Focus(models.TextChoices):
    SOCIAL = "sozial", _("social")
    ECOLOGICAL = "ökologisch", _("ecological")
    BOTH = "sozial und ökologisch", _("social and ecological")


class CriterionKind(models.TextChoices):
    SOCIAL = "social", _("social")
    ECOLOGICAL = "ecological", _("ecological")


class TenderStage(models.TextChoices):
    SPECIFICATION = "specification", _("Leistungsbeschreibung")
    SUITABILITY = "suitability", _("Eignung")
    AWARD = "award", _("Zuschlag")
    PERFORMANCE = "performance", _("Ausführungsbedingung")


# Legal basis of each tender stage (shared/data/reference/README.md).
STAGE_LEGAL_BASIS = {
    TenderStage.SPECIFICATION: "§ 121 GWB, § 31 Abs. 3 VgV; unterhalb der Schwellenwerte § 23 UVgO",
    TenderStage.SUITABILITY: "§ 122 GWB",
    TenderStage.AWARD: "§ 127 GWB, § 58 Abs. 2 VgV",
    TenderStage.PERFORMANCE: "§ 128 Abs. 2 GWB, § 61 VgV",
}
LABEL_PROOF_LEGAL_BASIS = "§ 34 VgV; unterhalb der Schwellenwerte § 24 UVgO"


# Written by the reference-data loader (loaders/): a hash of the values it loaded last, so that
# a later run can tell an editor's change (current values differ from the hash) from its own.
def reference_hash_field():
    return models.CharField(_("reference data hash"), max_length=64, blank=True, editable=False)


UNKNOWN = "unbekannt"


class ProductGroup(RevisionMixin, models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name (German)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    cpv_prefixes = models.CharField(
        _("CPV codes"),
        max_length=500,
        help_text=_(
            "Space-separated CPV codes; a notice's CPV belongs to the group when it "
            "starts with a code's significant digits (trailing zeros dropped)."
        ),
    )
    focus = models.CharField(_("focus"), max_length=32, choices=Focus.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    reference_hash = reference_hash_field()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self):
        return self.name

    @property
    def cpv_codes(self) -> list[str]:
        return self.cpv_prefixes.split()

    @property
    def significant_prefixes(self) -> list[str]:
        return sorted({code.split("-")[0].rstrip("0") or code for code in self.cpv_codes})

    def matches_cpv(self, cpv: str | None) -> bool:
        return bool(cpv) and any(cpv.startswith(p) for p in self.significant_prefixes)


def product_groups() -> list[ProductGroup]:
    """All product groups in their order, read once per worker process and generation: the
    label guide's sections and the practice examples' facet share them."""
    return per_generation("product-groups", lambda: list(ProductGroup.objects.all()))


class Verification(models.TextChoices):
    """How compliance with a label's standard is checked."""

    THIRD_PARTY = "third-party", _("independent third-party certification")
    SECOND_PARTY = "second-party", _("second party (e.g. a member organisation)")
    SELF_DECLARATION = "self-declaration", _("self-declaration")
    UNKNOWN = UNKNOWN, _("unknown")


class Label(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A label (Gütezeichen) that can serve as proof (§ 34 VgV)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    covers = models.CharField(_("covers"), max_length=32, choices=Focus.choices)
    product_groups = ParentalManyToManyField(
        ProductGroup, blank=True, related_name="labels", verbose_name=_("product groups")
    )
    description = RichTextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One URL per line."))
    website = models.URLField(_("website"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=255, default=UNKNOWN, help_text=_("Who owns the label.")
    )
    verification = models.CharField(
        _("verification"), max_length=20, choices=Verification.choices, default=Verification.UNKNOWN
    )
    standard_published = models.CharField(
        _("standard published at"),
        max_length=500,
        default=UNKNOWN,
        help_text=_("Where the label's standard is published (a web address), or 'unbekannt'."),
    )
    reference_hash = reference_hash_field()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("notes"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self):
        return self.name

    @property
    def covers_social(self) -> bool:
        return self.covers in (Focus.SOCIAL, Focus.BOTH)

    @property
    def covers_ecological(self) -> bool:
        return self.covers in (Focus.ECOLOGICAL, Focus.BOTH)

    @property
    def source_list(self) -> list[str]:
        return self.sources.split()

    @property
    def source_links(self) -> list[dict]:
        return source_links(self.sources)

    @property
    def standard_link(self) -> list[dict]:
        """Where the standard is published, as a source link; empty when unknown."""
        return [] if self.standard_published == UNKNOWN else source_links(self.standard_published)

    def get_absolute_url(self):
        return index_page_url("LabelIndexPage", f"{self.slug}/")


class StateLaw(DraftStateMixin, RevisionMixin, models.Model):
    """A federal state's procurement law and its social and ecological rules."""

    class YesNo(models.TextChoices):
        YES = "ja", _("yes")
        NO = "nein", _("no")
        UNKNOWN = "unbekannt", _("unknown")

    class Obligation(models.TextChoices):
        MANDATORY = "verpflichtend", _("mandatory")
        SHOULD = "soll", _("should")
        MAY = "kann", _("may")
        NONE = "keine", _("none")
        UNKNOWN = "unbekannt", _("unknown")

    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES, unique=True)
    nuts1 = models.CharField(_("NUTS-1 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    law = models.CharField(
        _("procurement law"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the state has no procurement law."),
    )
    tariff_compliance = models.CharField(
        _("tariff compliance"), max_length=16, choices=YesNo.choices, default=YesNo.UNKNOWN
    )
    ilo_core_labour_standards = models.CharField(
        _("ILO core labour standards"),
        max_length=16,
        choices=Obligation.choices,
        default=Obligation.UNKNOWN,
    )
    ecological_criteria = models.CharField(
        _("ecological criteria"),
        max_length=16,
        choices=Obligation.choices,
        default=Obligation.UNKNOWN,
    )
    notes = models.TextField(_("notes"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One URL per line."))
    as_of = models.DateField(_("as of"), null=True, blank=True)
    sections = models.TextField(
        _("sections"),
        blank=True,
        help_text=_("The law's sections, separated by semicolons (e.g. '§ 6 Tariftreue; …')."),
    )
    primary_source = models.CharField(
        _("official text"),
        max_length=500,
        default=UNKNOWN,
        help_text=_("Web address of the official law text, or 'unbekannt' / 'entfällt'."),
    )
    reference_hash = reference_hash_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("state procurement law")
        verbose_name_plural = _("state procurement laws")

    def __str__(self):
        return f"{self.name}: {self.law or '–'}"

    def get_absolute_url(self):
        return index_page_url("StateIndexPage", f"{self.state.lower()}/")

    @property
    def source_list(self) -> list[str]:
        return self.sources.split()

    @property
    def source_links(self) -> list[dict]:
        return source_links(self.sources)

    @property
    def primary_source_url(self) -> str:
        """The official text's address, or "" when it is unknown or does not apply."""
        return self.primary_source if self.primary_source.startswith("https://") else ""

    @property
    def section_list(self) -> list[str]:
        return [part.strip() for part in self.sections.split(";") if part.strip()]

    def rule(self, topic: str) -> dict:
        """What the law says on ``topic`` (a ``StateLawTopic``): the value, its label, whether it
        is unknown, and the sections that name the topic (none found: unknown, never guessed)."""
        attribute = TOPIC_ATTRIBUTES[topic]
        value = getattr(self, attribute)
        words = TOPIC_WORDS[topic]
        sections = [s for s in self.section_list if any(w in s.lower() for w in words)]
        return {
            "topic": StateLawTopic(topic).label,
            "value": value,
            "label": getattr(self, f"get_{attribute}_display")(),
            "unknown": value == UNKNOWN,
            "requires": value in ("ja", "verpflichtend", "soll"),
            "sections": sections,
        }


class StateLawTopic(models.TextChoices):
    """The rules of the state-law table a criterion can implement."""

    TARIFF = "tariff", _("tariff compliance")
    ILO = "ilo", _("ILO core labour standards")
    ECOLOGICAL = "ecological", _("ecological criteria")


TOPIC_ATTRIBUTES = {
    StateLawTopic.TARIFF: "tariff_compliance",
    StateLawTopic.ILO: "ilo_core_labour_standards",
    StateLawTopic.ECOLOGICAL: "ecological_criteria",
}
# Words by which a section of the table's ``sections`` names a topic (read, not inferred).
TOPIC_WORDS = {
    StateLawTopic.TARIFF: ("tarif", "mindestentgelt", "mindestlohn", "mindeststundenentgelt"),
    StateLawTopic.ILO: ("ilo", "kernarbeitsnorm", "sozialverträglich"),
    StateLawTopic.ECOLOGICAL: ("umwelt", "ökolog", "nachhaltig"),
}


class Criterion(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A reusable social or ecological tender criterion with sample wording."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    stage = models.CharField(_("tender stage"), max_length=16, choices=TenderStage.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the stage's legal basis is shown."),
    )
    wording = models.TextField(_("sample wording"), help_text=_("Text to copy into a tender."))
    explanation = RichTextField(_("explanation"), blank=True)
    product_groups = ParentalManyToManyField(
        ProductGroup, blank=True, related_name="criteria", verbose_name=_("product groups")
    )
    accepted_labels = ParentalManyToManyField(
        Label, blank=True, related_name="criteria", verbose_name=_("labels accepted as proof")
    )
    other_proofs = models.TextField(_("other accepted proofs"), blank=True)
    state_law_topic = models.CharField(
        _("rule of the state laws"),
        max_length=16,
        choices=StateLawTopic.choices,
        blank=True,
        help_text=_("The rule of the state procurement laws this criterion implements, if any."),
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)

    search_fields = [index.SearchField("title"), index.SearchField("wording")]

    class Meta:
        ordering = ["stage", "title"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.title

    @property
    def effective_legal_basis(self) -> str:
        return self.legal_basis or STAGE_LEGAL_BASIS.get(self.stage, "")

    def get_absolute_url(self):
        return index_page_url("CriterionIndexPage", f"{self.slug}/")
