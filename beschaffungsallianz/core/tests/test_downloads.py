"""core.downloads: one table, served as CSV (RFC 4180, for machines) and XLSX (for people)."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from beschaffungsallianz.core.downloads import (
    XLSX_CONTENT_TYPE,
    csv_response,
    spreadsheet_response,
    xlsx_response,
)
from beschaffungsallianz.core.tests.spreadsheets import body

HEADER = ["name", "count", "published", "updated", "note"]
ROWS = [
    ["Gemeinde Öhringen", 42, datetime.date(2025, 3, 1), None, "=cmd|' /C calc'!A0"],
    ["Müller & Söhne", 7, None, datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC), "-5"],
    ['Komma, "Zitat"', 0, None, None, True],
]


def test_csv_is_rfc_4180_with_bom_and_formulas_escaped():
    response = csv_response("liste", HEADER, iter(ROWS))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert body(response).decode("utf-8") == (
        "\ufeffname,count,published,updated,note\r\n"
        "Gemeinde Öhringen,42,2025-03-01,,'=cmd|' /C calc'!A0\r\n"
        "Müller & Söhne,7,,2025-03-01T09:30:00+00:00,'-5\r\n"
        '"Komma, ""Zitat""",0,,,True\r\n'
    )


def test_xlsx_has_typed_cells_a_bold_frozen_header_and_the_same_escaping():
    response = xlsx_response("liste", HEADER, iter(ROWS))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="liste.xlsx"'
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1] == [
        "Gemeinde Öhringen",
        42,
        datetime.datetime(2025, 3, 1),  # openpyxl reads every date cell back as a datetime
        None,
        "'=cmd|' /C calc'!A0",
    ]
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].data_type == "n"
    assert sheet["E2"].data_type == "s"  # text, not a formula
    # Local time (Europe/Berlin), as the site shows it; Excel has no time zones.
    assert values[2][3] == datetime.datetime(2025, 3, 1, 10, 30)
    assert values[2][4] == "'-5"
    assert values[3][4] is True
    widths = [sheet.column_dimensions[c].width for c in "ABCDE"]
    assert all(8 <= w <= 60 for w in widths), widths
    assert widths[0] > widths[1]  # the names are wider than the counts


def test_licence_goes_into_a_link_header_of_both_formats():
    for fmt in ("csv", "xlsx"):
        response = spreadsheet_response(
            fmt, "liste", HEADER, iter(ROWS), licence_url="https://example.org/l"
        )
        assert response["Link"] == '<https://example.org/l>; rel="license"'


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        spreadsheet_response("ods", "liste", HEADER, iter(ROWS))


def test_an_empty_table_still_has_its_header():
    sheet = load_workbook(io.BytesIO(body(xlsx_response("leer", HEADER, iter([]))))).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [HEADER]
