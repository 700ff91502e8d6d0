"""CSV downloads of /laender/, /guetezeichen/ and /kriterien/ (the practice examples' CSV streams,
see examples.py): UTF-8 with BOM for spreadsheets, comma-separated, formula-safe cells, a dated
file name and the data licence as an HTTP ``Link`` header.
"""

from __future__ import annotations

import csv
import logging

from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Site

from beschaffungsallianz.core.models import SiteSettings

logger = logging.getLogger(__name__)

DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def spreadsheet_safe(cell):
    """Prefix text a spreadsheet would evaluate as a formula (as the examples' CSV does)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def data_licence_url() -> str:
    try:
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            return SiteSettings.for_site(site).data_licence_url
    except Exception:
        # Any failure reading the setting (e.g. a settings row that cannot be created) must not
        # break a download; the licence falls back to the default and the error is logged.
        logger.exception("Could not read the data licence")
    return DEFAULT_LICENCE_URL


def csv_response(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    licence = data_licence_url()
    if licence:
        response["Link"] = f'<{licence}>; rel="license"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return response
