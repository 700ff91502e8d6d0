"""Library entries (Informationsangebote): a document uploaded to the site or a link to one
elsewhere, described by publisher, year, product groups, tender stages and language, with a
short comment by the editors.

Entries are snippets with drafts and revisions; only live (published) ones are public
(``LibraryEntry.objects.public()``, the one rule every public view, the feed, the downloads,
the API and the site search use). Page count and size of a document are read from the PDF
(publications.pdf), never typed in.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, Locale, RevisionMixin
from wagtail.search import index

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.knowledge.models import ProductGroup, TenderStage
from beschaffungsallianz.library import search
from beschaffungsallianz.publications import pdf

logger = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1900, 2100


class Kind(models.TextChoices):
    """What the earlier site offered; the values are the listing's URL parameters."""

    LEGAL = "rechtsgrundlage", _("Legal basis")
    GUIDE = "leitfaden", _("Guide")
    EVENT_REPORT = "veranstaltungsbericht", _("Event report")
    STUDY = "studie", _("Study or expert opinion")
    HANDOUT = "handreichung", _("Handout")
    LITERATURE = "literatur", _("Literature")
    LINK = "link", _("Link")
    PRACTICE = "praxisbeispiel", _("Practice example")


class LibraryEntryQuerySet(models.QuerySet):
    def public(self):
        """The entries anyone may see: the published ones."""
        return self.filter(live=True)

    def matching(self, q: str):
        """Entries whose text matches ``q`` (German stems, every word); all without words."""
        ids = search.matching_ids(q)
        return self if ids is None else self.filter(pk__in=ids)


def _index_url(route: str = "") -> str | None:
    """URL of ``route`` below the live library page (active language first), None without
    one. The page model is looked up by name: it imports this module."""
    pages = apps.get_model("library", "LibraryIndexPage").objects.live()
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    url = page.get_url() if page else None
    return url + route if url else None


class LibraryEntry(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """Informationsangebot: one document or link of the information library."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Part of the entry's address.")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    publisher = models.CharField(
        _("publisher"), max_length=255, help_text=_("Who published it, e.g. a ministry.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("Year of publication; empty when the source does not say."),
    )
    product_groups = ParentalManyToManyField(
        ProductGroup, blank=True, related_name="library_entries", verbose_name=_("product groups")
    )
    stages = models.JSONField(
        _("tender stages"),
        default=list,
        blank=True,
        help_text=_("The stages of a tender the entry helps with."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    comment = models.TextField(
        _("comment by the editors"),
        max_length=600,
        blank=True,
        help_text=_("What it is good for, in one to three sentences."),
    )
    document = optional_link(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        _("PDF document"),
        help_text=_("Either a PDF uploaded here or a link. Page count and size are read from it."),
    )
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Either a link or a PDF document.")
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the document or the facts come from, if not the link itself."),
    )
    practice_example = optional_link(
        "knowledge.PracticeExample",
        _("practice example in the knowledge base"),
        help_text=_("For practice examples: the example it describes, if there is one."),
    )
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Shown with a 'Beispiel' badge: demo content not backed by a source."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Read from the PDF, never edited by hand.
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), null=True, editable=False)
    pdf_error = models.CharField(
        _("problem reading the PDF"), max_length=255, blank=True, editable=False
    )
    # German stems of the published texts (library/search.py).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = LibraryEntryQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("publisher"),
        index.SearchField("comment"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-first_published_at", "-pk"]
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        indexes = [models.Index(fields=["live", "kind"], name="library_le_live_kind")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str | None:
        return _index_url(f"{self.slug}/")

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                _("Choose either a PDF document or enter a link, not both and not neither."),
                code="document_or_link",
            )
        unknown = set(self.stages or []) - set(TenderStage.values)
        if unknown:
            raise ValidationError({"stages": _("Unknown tender stage.")}, code="stage")

    def save(self, *args, **kwargs):
        """Read the PDF's facts, save, then store the stems of what is stored now: a draft of
        a live entry (saved with ``update_fields``) never reaches the public search."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "document" in update_fields:
            self.refresh_from_document()
        with transaction.atomic():
            super().save(*args, **kwargs)
            stored = LibraryEntry.objects.prefetch_related("product_groups").get(pk=self.pk)
            self.search_text = search.stem_text(*stored.searchable_texts())
            LibraryEntry.objects.filter(pk=self.pk).exclude(search_text=self.search_text).update(
                search_text=self.search_text
            )

    def searchable_texts(self) -> list[str]:
        """What the full-text search finds an entry by (the title counted twice, a boost)."""
        texts = [self.title, self.title, self.publisher, self.comment, self.get_kind_display()]
        for group in self.product_groups.all():
            texts += [group.name, group.name_en]
        return texts

    def refresh_from_document(self) -> None:
        """Page count and size from the PDF; a broken file clears them and says why."""
        self.page_count = self.file_size = None
        self.pdf_error = ""
        if self.document is None or not self.document.file:
            return
        try:
            with self.document.open_file() as handle:
                info = pdf.read_pdf_info(handle.read())
        except (pdf.PdfReadError, OSError) as exc:
            logger.warning("Cannot read PDF of library entry %s: %s", self.pk, exc)
            self.pdf_error = str(exc)[:255]
            return
        self.page_count, self.file_size = info.page_count, info.file_size

    # -- shown on the pages --------------------------------------------------------------
    @property
    def target_url(self) -> str:
        """Where the entry leads: the document's download or the external link."""
        return self.document.url if self.document_id else self.url

    @property
    def is_document(self) -> bool:
        return bool(self.document_id)

    @property
    def pdf_facts(self) -> str:
        return pdf.format_pdf_facts(self.page_count, self.file_size) if self.is_document else ""

    def stage_labels(self) -> list[str]:
        labels = dict(TenderStage.choices)
        return [str(labels[s]) for s in self.stages or [] if s in labels]
