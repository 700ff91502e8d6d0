"""Read a download back in tests: the rows of a CSV or XLSX response, and both side by side."""

import csv
import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from beschaffungsallianz.core.downloads import csv_text


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV response (header first), as text."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def csv_dicts(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def xlsx_rows(response) -> list[list]:
    """The rows of an XLSX response (header first), with their types (int, datetime, bool …)."""
    return [
        ["" if v is None else v for v in row]
        for row in _sheet(response).iter_rows(values_only=True)
    ]


def _as_written(cell):
    """A cell's value as the download's code gave it: a date cell is read back as a datetime,
    a date-time as the local time (the CSV writes it in UTC)."""
    if not cell.is_date:
        return cell.value
    if "h" not in cell.number_format:
        return cell.value.date()
    return timezone.make_aware(cell.value).astimezone(datetime.UTC).replace(microsecond=0)


def _to_seconds(text: str) -> str:
    """A CSV date-time to whole seconds (the XLSX keeps no more); other text as it is."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if value.tzinfo is None:
        return text
    return value.replace(microsecond=0).isoformat()


def xlsx_as_csv_text(response) -> list[list[str]]:
    """The XLSX rows written the way the CSV writes each cell, to compare the two downloads."""
    return [[csv_text(_as_written(cell)) for cell in row] for row in _sheet(response).iter_rows()]


def assert_same_rows(client, csv_url: str, xlsx_url: str, **params) -> list[list[str]]:
    """The XLSX download holds exactly the rows of the CSV download; returns the CSV rows."""
    rows = csv_rows(client.get(csv_url, params))
    xlsx = xlsx_as_csv_text(client.get(xlsx_url, params))
    seconds = [[_to_seconds(text) for text in row] for row in rows]
    differing = [(c, x) for c, x in zip(seconds, xlsx, strict=False) if c != x]
    assert len(xlsx) == len(rows) and not differing, (len(xlsx), len(rows), differing[:2])
    return rows
