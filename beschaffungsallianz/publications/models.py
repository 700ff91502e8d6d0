"""Publications (flyer, brochure, booklet …) and the versioned rules of procedure.

- ``Publication``: a snippet with drafts and revisions. Page count, file size and the cover
  thumbnail are read from the PDF itself whenever the document changes (``refresh_from_document``),
  never typed in by hand.
- ``RulesOfProcedure`` ("Geschäfts- und Arbeitsordnung") with ``RulesOfProcedureVersion``s; the
  current version is the published one adopted last. Earlier versions stay reachable.
- ``PublicationIndexPage`` (/publikationen/) and ``RulesOfProcedurePage``
  (/arbeitskreis/geschaeftsordnung/, routable: version/<id>/, vergleich/).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.pagecache import per_generation
from beschaffungsallianz.publications import pdf
from beschaffungsallianz.publications.compare import CompareVersionsForm

logger = logging.getLogger(__name__)

RULES_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class PublicationKind(models.TextChoices):
    FLYER = "flyer", _("leaflet")
    BROCHURE = "brochure", _("brochure")
    BOOKLET = "booklet", _("booklet")
    REPORT = "report", _("report")
    OTHER = "other", _("other publication")


class PublicationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def of_kind(self, kind: str | None):
        if kind in PublicationKind.values:
            return self.filter(kind=kind)
        return self


class Publication(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=PublicationKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("PDF document"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Page count, file size and cover are read from this PDF."),
    )
    cover_image = optional_link(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        _("cover image"),
        help_text=_(
            "Generated from page 1 of the PDF when left empty. You may choose another "
            "image; it then stays until you remove it."
        ),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Shown with a 'Beispiel' badge: demo content that is not a real publication."),
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    # Read from the file, never edited by hand.
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), null=True, editable=False)
    pdf_error = models.CharField(
        _("problem reading the PDF"), max_length=255, blank=True, editable=False
    )
    source_file = models.CharField(max_length=255, blank=True, editable=False)
    generated_cover = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublicationQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["sort_order", "-year", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_from_document()
        super().save(*args, **kwargs)

    # -- facts read from the PDF ---------------------------------------------------------
    def refresh_from_document(self, force: bool = False) -> bool:
        """Re-read page count, size and cover when the document's file changed.

        Returns True if anything was read. A broken PDF never raises: the facts are cleared and
        ``pdf_error`` says why (shown in the admin list).
        """
        document = self.document
        if document is None or not document.file:
            changed = bool(self.source_file or self.page_count)
            self.page_count = self.file_size = None
            self.source_file = ""
            self.pdf_error = ""
            return changed
        if (
            not force
            and self.source_file == document.file.name
            and self.pdf_error == ""
            and self.page_count is not None
        ):
            if self.cover_image_id is None:
                self._set_generated_cover(document)
            return False
        self.source_file = document.file.name
        try:
            with document.open_file() as handle:
                data = handle.read()
            info = pdf.read_pdf_info(data)
        except (pdf.PdfReadError, OSError) as exc:
            logger.warning("Cannot read PDF of publication %s: %s", self.pk, exc)
            self.page_count = self.file_size = None
            self.pdf_error = str(exc)[:255]
            return True
        self.page_count, self.file_size, self.pdf_error = info.page_count, info.file_size, ""
        if self.cover_image_id is None or self.cover_image_id == self.generated_cover_id:
            self._set_generated_cover(document, data)
        return True

    def _set_generated_cover(self, document, data: bytes | None = None) -> None:
        if data is None:
            try:
                with document.open_file() as handle:
                    data = handle.read()
            except OSError:
                return
        try:
            cover = pdf.render_cover_png(data)
        except pdf.PdfReadError as exc:
            logger.warning("Cannot render cover of publication %s: %s", self.pk, exc)
            return
        title = self.title or document.title
        # Stored content: in the publication's language, not the language of the request.
        with translation.override(self.language or settings.LANGUAGE_CODE):
            alt_text = gettext("Cover of “%(title)s”") % {"title": title}
            image_title = gettext("Cover: %(title)s") % {"title": title}
        image = get_image_model()(
            title=image_title[:255],
            alt_text=alt_text[:255],
            collection=document.collection,
        )
        image.file.save(
            f"{slugify_filename(title)}-titelseite.png", ContentFile(cover.png), save=False
        )
        image.width, image.height = cover.width, cover.height
        image._set_image_file_metadata()
        image.save()
        self.generated_cover = image
        self.cover_image = image

    @property
    def pdf_facts(self) -> str:
        return pdf.format_pdf_facts(self.page_count, self.file_size)

    @property
    def cover_alt_text(self) -> str:
        image = self.cover_image
        if image is not None and getattr(image, "alt_text", ""):
            return image.alt_text
        return gettext("Cover of “%(title)s”") % {"title": self.title}


def slugify_filename(title: str) -> str:
    return slugify(title)[:60] or "publikation"


class RulesOfProcedure(models.Model):
    """Geschäfts- und Arbeitsordnung: the document; its texts are the versions."""

    title = models.CharField(_("title"), max_length=255, default="Geschäfts- und Arbeitsordnung")
    body_of = models.CharField(
        _("committee"),
        max_length=255,
        blank=True,
        help_text=_("Which body these rules govern, e.g. the working group's name."),
    )

    class Meta:
        verbose_name = _("rules of procedure")
        verbose_name_plural = _("rules of procedure")

    def __str__(self):
        return self.title

    def published_versions(self):
        return self.versions.filter(live=True).order_by("-adopted_on", "-pk")

    def version_list(self) -> list[RulesOfProcedureVersion]:
        """The published versions, newest first, each knowing its predecessor's id
        (``previous_pk``, for the "compare with the previous version" links)."""
        versions = list(self.published_versions().select_related("document"))
        for newer, older in zip(versions, versions[1:], strict=False):
            newer.previous_pk = older.pk
        return versions

    @property
    def current_version(self) -> RulesOfProcedureVersion | None:
        return self.published_versions().first()


class RulesOfProcedureVersion(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """One adopted text of the rules of procedure. Publishing a newer one makes it current."""

    rules = models.ForeignKey(
        RulesOfProcedure,
        verbose_name=_("rules of procedure"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    label = models.CharField(
        _("version"), max_length=100, help_text=_("E.g. “Fassung vom 12. März 2019”.")
    )
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Sitzung des Arbeitskreises in Erfurt”."),
    )
    body = RichTextField(_("text"), features=RULES_FEATURES)
    document = optional_link(settings.WAGTAILDOCS_DOCUMENT_MODEL, _("PDF document"))
    change_summary = models.TextField(
        _("summary of changes"),
        blank=True,
        help_text=_("What changed compared with the previous version, in one or two sentences."),
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)

    search_fields = [
        index.SearchField("label"),
        index.SearchField("body"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("version of the rules of procedure")
        verbose_name_plural = _("versions of the rules of procedure")

    def __str__(self):
        return f"{self.rules}: {self.label}"

    @property
    def is_current(self) -> bool:
        current = self.rules.current_version
        return current is not None and current.pk == self.pk

    @property
    def pdf_facts(self) -> str:
        size = getattr(self.document, "file_size", None) if self.document else None
        return pdf.format_pdf_facts(None, size)


class PublicationIndexPage(BasePage):
    """Lists the published publications with cover, kind, year, pages, size and download."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("publications page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("art", "")
        if kind not in PublicationKind.values:
            kind = ""
        # kinds are a fixed set: each list is read once per worker process and generation
        publications = per_generation(
            f"publications:{kind}",
            lambda: list(
                Publication.objects.live().of_kind(kind).select_related("document", "cover_image")
            ),
        )
        present = per_generation(
            "publication-kinds",
            lambda: set(Publication.objects.live().values_list("kind", flat=True)),
        )
        context.update(
            publications=publications,
            selected_kind=kind,
            kinds=[(value, label) for value, label in PublicationKind.choices if value in present],
        )
        return context


class RulesOfProcedurePage(RoutablePageMixin, BasePage):
    """Current rules of procedure as HTML, earlier versions, and a readable comparison."""

    rules = optional_link(
        RulesOfProcedure,
        _("rules of procedure"),
        help_text=_("Leave empty to show the first rules of procedure."),
    )

    subpage_types = []
    content_panels = (
        BasePage.content_panels[:2]
        + [
            MultiFieldPanel([FieldPanel("rules")], heading=_("Rules of procedure")),
        ]
        + BasePage.content_panels[2:]
    )

    class Meta:
        verbose_name = _("rules of procedure page")

    def get_rules(self) -> RulesOfProcedure | None:
        if self.rules_id:
            return self.rules
        return RulesOfProcedure.objects.order_by("pk").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rules = self.get_rules()
        versions = rules.version_list() if rules else []
        context.update(rules=rules, versions=versions, current=versions[0] if versions else None)
        return context

    @path("")
    def current_view(self, request):
        context = self.get_context(request)
        context["version"] = context["current"]
        return TemplateResponse(request, "publications/rules_of_procedure_page.html", context)

    @path("version/<int:version_id>/")
    def version_view(self, request, version_id):
        context = self.get_context(request)
        context["version"] = next((v for v in context["versions"] if v.pk == version_id), None)
        if context["version"] is None:
            raise Http404(gettext("This version of the rules of procedure does not exist."))
        return TemplateResponse(request, "publications/rules_of_procedure_page.html", context)

    @path("vergleich/")
    def compare_view(self, request):
        """Two versions chosen with ?von=&zu= (400 with an error summary when invalid)."""
        context = self.get_context(request)
        form = CompareVersionsForm.for_query(request.GET, versions=context["versions"])
        context.update(form=form, **form.comparison())
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "publications/rules_of_procedure_compare.html", context, status=status
        )

    def get_version_url(self, version) -> str:
        return self.url + self.reverse_subpage("version_view", args=[version.pk])
