"""Admin forms: the publication and version forms that insist on real PDFs, and the document
upload form base used for every Wagtail document upload (WAGTAILDOCS_DOCUMENT_FORM_BASE).
The public comparison form is in compare.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm

from beschaffungsallianz.core.validators import file_extension, validate_upload
from beschaffungsallianz.publications import pdf


class DocumentForm(BaseDocumentForm):
    """Every document uploaded in the admin is sniffed: a .pdf must really be a PDF."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_upload(
                file,
                allowed=tuple(settings.WAGTAILDOCS_EXTENSIONS),
                max_bytes=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
            )
        return file


def validate_pdf_document(document) -> None:
    """The chosen Wagtail document must be a PDF that can be read."""
    if document is None:
        return
    if file_extension(document.file.name) != "pdf":
        raise ValidationError(_("Please choose a PDF document."), code="not_pdf")
    try:
        with document.open_file() as handle:
            pdf.read_pdf_info(handle.read())
    except OSError as exc:
        raise ValidationError(_("The document's file is missing."), code="missing") from exc
    except pdf.PdfReadError as exc:
        raise ValidationError(
            _("The chosen document cannot be read as a PDF: %(reason)s"),
            params={"reason": str(exc)},
            code="damaged",
        ) from exc


class PublicationAdminForm(WagtailAdminModelForm):
    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document is None:
            raise ValidationError(_("Please choose the PDF of the publication."), code="required")
        validate_pdf_document(document)
        return document


class RulesOfProcedureVersionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("rules")
        if field is not None and not self.instance.rules_id and not self.initial.get("rules"):
            first = field.queryset.order_by("pk").first()
            if first is not None:  # usually there is exactly one rules of procedure
                self.initial["rules"] = first.pk

    def clean_document(self):
        document = self.cleaned_data.get("document")
        validate_pdf_document(document)
        return document
