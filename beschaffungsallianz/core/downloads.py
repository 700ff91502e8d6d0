"""Tables for download: one table, two formats, every CSV/XLSX download of the site goes here.

- CSV (``text/csv; charset=utf-8``) is RFC 4180 for machines: comma, CRLF, UTF-8 with a BOM so
  spreadsheets guess the encoding; streamed row by row.
- XLSX is for people (German Excel splits a comma CSV into one column per row): typed cells
  (numbers as numbers, dates as dates, date-times in the site's time zone, whole seconds), a
  bold header row frozen at the top and columns sized to their content; written with
  openpyxl's write-only workbook to a temporary file that is streamed out.

Both formats escape text a spreadsheet would evaluate as a formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return at the start) with a leading apostrophe, the OWASP rule for CSV injection.
Callers give a file name without extension, the header and an iterable of rows; dates are
``date``/``datetime`` objects, numbers ``int``/``float``. Use ``spreadsheet_response`` from a
route that serves both (``…/csv/`` and ``…/xlsx/``) and ``dated(name)`` for "name-2025-03-01".
"""

from __future__ import annotations

import csv
import datetime
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Column widths (in characters) come from the header and the first rows.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60


def escape_formula(value):
    """Text a spreadsheet would evaluate as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(value) -> str:
    """One cell as the CSV writes it: ISO 8601 dates (date-times with a time zone in UTC, as
    the database gives them), empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):  # naive datetime too
        return value.isoformat()
    return str(escape_formula(value))


def dated(name: str) -> str:
    """``name-YYYY-MM-DD`` (today, local) for a download's file name."""
    return f"{name}-{timezone.localdate().isoformat()}"


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer yields strings."""

    def write(self, value):
        return value


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_text(value) for value in row])


def _with_licence(response, licence_url: str | None):
    if licence_url:
        response["Link"] = f'<{licence_url}>; rel="license"'
    return response


def csv_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence], *, licence_url: str | None = None
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return _with_licence(response, licence_url)


def _xlsx_value(value):
    value = escape_formula(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones (the site's local time) and keeps milliseconds at best.
        value = value.replace(microsecond=0)
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    return value


def _xlsx_cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, _xlsx_value(value))
    if cell.data_type == "f":  # cannot happen after escaping; never write a formula
        cell.data_type = "s"
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell


def _width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    return len(csv_text(value))


def write_xlsx(out, header: Sequence[str], rows: Iterable[Sequence], title: str = "Daten"):
    """Write the table as an XLSX workbook to ``out`` (a binary file)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    # A write-only sheet takes its layout before the first row.
    for index, name in enumerate(header):
        longest = max([len(name) + 2] + [_width(row[index]) + 1 for row in sample])
        width = min(max(longest, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, name, bold) for name in header])
    for row in itertools.chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(out)


def xlsx_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence], *, licence_url: str | None = None
) -> FileResponse:
    out = tempfile.TemporaryFile()  # closed (and removed) by the response when it is sent
    write_xlsx(out, header, rows)
    out.seek(0)
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return _with_licence(response, licence_url)


def spreadsheet_response(
    fmt: str,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    licence_url: str | None = None,
):
    """The table as ``fmt`` ("csv" or "xlsx"); ``name`` without extension."""
    if fmt == "csv":
        return csv_response(name, header, rows, licence_url=licence_url)
    if fmt == "xlsx":
        return xlsx_response(name, header, rows, licence_url=licence_url)
    raise ValueError(f"unknown download format {fmt!r}")
