"""Building blocks for the admin listings of every app (used in each app's wagtail_hooks.py).

- ``ExportIndexView``: a snippet listing whose "Download CSV/XLSX" (``list_export``) writes
  times in the site's time zone (Wagtail writes UTC), minutes only in the CSV.
"""

import datetime

from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.views.snippets import IndexView


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class ExportIndexView(IndexView):
    """Snippet listing with a spreadsheet export in local time (set ``list_export`` on the
    viewset, ``export_headings`` for columns that are methods, e.g. ``get_status_display``)."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {  # replaces Wagtail's UTC conversion, keeps its place (first)
            SpreadsheetExportMixin.FORMAT_XLSX: _local_naive,
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: _local_naive(value).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
    }
