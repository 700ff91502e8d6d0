"""Building blocks for the admin of every app (used in each app's wagtail_hooks.py), so that
non-technical editors read their lists and forms in plain German:

- columns: ``YesNoColumn`` (a tick or cross titled "ja"/"nein", never True/False),
  ``ShortDateColumn`` (15.01.2025, with the time in the site's time zone for date-times; never
  ISO, never "vor 11 Jahren"), ``FileSizeColumn`` ("2,2 KB", never a byte count). Status of
  drafts: Wagtail's ``LiveStatusTagColumn``; status of a case (account, join request,
  registration) and when it came in: ``case_columns``. core/tests/test_admin_ui.py checks every
  snippet list for columns that show a yes/no, a date or a size without them.
- slugs: ``title_and_slug_panels("title")`` fills the slug from the title as the editor types
  (Wagtail's slug sync, as on pages) and ``SlugFromTitleForm`` fills an empty one on save.
- ``ExportIndexView``: a listing whose "Download CSV/XLSX" writes times in the site's time zone
  and escapes formulas as ``core.downloads`` does (Wagtail writes the files).
"""

import datetime
import re

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import IndexView

from beschaffungsallianz.core.downloads import escape_formula

# --- Columns ------------------------------------------------------------------------------


class YesNoColumn(BooleanColumn):
    """A tick or a cross, titled "ja" / "nein" (Wagtail's title is "True" / "False")."""

    cell_template_name = "core/admin/yes_no_cell.html"


class ShortDateColumn(Column):
    """15.01.2025 (dates) or 15.01.2025 14:30 (date-times, in the site's time zone)."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value


class FileSizeColumn(Column):
    """A byte count as people read it: "41 KB", "1,2 MB"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "" if value is None else filesizeformat(value)


def case_columns(primary_status, status_label, received_label) -> list:
    """The ``status`` of a case as a tag (``primary_status``, the one to act on, highlighted)
    and its ``created_at``: for a listing's ``list_display``."""
    return [
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label=status_label,
            sort_key="status",
            primary=lambda obj: obj.status == primary_status,
        ),
        ShortDateColumn("created_at", label=received_label, sort_key="created_at"),
    ]


# --- Slugs filled from the title ----------------------------------------------------------

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def slug_for(text: str) -> str:
    """ASCII slug as the URL shows it: "Grüner Knopf" -> "gruener-knopf"."""
    return slugify(text.translate(_GERMAN))


def unique_slug(model, text: str, exclude_pk=None, max_length: int = 50) -> str:
    base = slug_for(text)[:max_length].strip("-") or "eintrag"
    taken = set(
        model._default_manager.exclude(pk=exclude_pk)
        .filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$")
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[: max_length - len(suffix)] + suffix, number + 1
    return slug


def title_and_slug_panels(title_field: str = "title") -> list:
    """The title (or name) field, and the slug field filled from it while the entry is not
    published (Wagtail's w-sync / w-slug, German transliteration)."""
    return [
        TitleFieldPanel(title_field, placeholder=False),
        FieldPanel(
            "slug",
            widget=SlugInput(locale="de", attrs={"data-w-slug-allow-unicode-value": "false"}),
            help_text=_("Part of the web address. Filled from the title when left empty."),
        ),
    ]


class SlugFromTitleForm(WagtailAdminModelForm):
    """Admin form of a snippet with a slug: an empty slug is made from the title (or name)."""

    slug_source_fields = ("title", "name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            source = next(
                (cleaned_data.get(f) for f in self.slug_source_fields if cleaned_data.get(f)), ""
            )
            if source:
                max_length = self._meta.model._meta.get_field("slug").max_length
                cleaned_data["slug"] = unique_slug(
                    self._meta.model, source, exclude_pk=self.instance.pk, max_length=max_length
                )
        return cleaned_data


# --- Spreadsheet export -------------------------------------------------------------------


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class ExportIndexView(IndexView):
    """Snippet listing with a spreadsheet export in local time (set ``list_export`` on the
    viewset, ``export_headings`` for columns that are methods, e.g. ``get_status_display``).
    Text a spreadsheet would run as a formula is escaped (``core.downloads.escape_formula``):
    join requests come from a public form."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {  # replaces Wagtail's UTC conversion, keeps its place (first)
            SpreadsheetExportMixin.FORMAT_XLSX: _local_naive,
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: _local_naive(value).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
    }

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(super().preprocess_field_value(field, value, export_format))
