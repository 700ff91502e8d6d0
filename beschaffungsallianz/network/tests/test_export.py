"""Coordinators download the join requests (and the member list) as CSV and XLSX."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from beschaffungsallianz.network.models import JoinRequest
from beschaffungsallianz.network.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

JOIN_REQUESTS = "/admin/snippets/network/joinrequest/"
MEMBERSHIPS = "/admin/snippets/network/membership/"


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response):
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def requests_():
    return [
        JoinRequestFactory(
            name="Erika Mustermann",
            organisation_name="Gemeinde Neudorf",
            sector="municipality",
            email="erika@example.org",
            phone="0361 123456",
            message="Wir möchten mitmachen.",
        ),
        JoinRequestFactory(
            name="Max Beispiel",
            organisation_name="Verein Abgelehnt e.V.",
            status=JoinRequest.Status.DECLINED,
        ),
    ]


def test_coordinator_exports_join_requests_as_csv(client, coordinator, requests_):
    client.force_login(coordinator)
    rows = _csv_rows(client.get(JOIN_REQUESTS, {"export": "csv"}))
    header, *data = rows
    assert header[:6] == [
        "Eingegangen",
        "Status",
        "Organisation",
        "Bereich",
        "Name",
        "E-Mail-Adresse",
    ]
    by_name = {row[4]: row for row in data}
    assert set(by_name) == {"Erika Mustermann", "Max Beispiel"}
    erika = dict(zip(header, by_name["Erika Mustermann"], strict=True))
    assert erika["Organisation"] == "Gemeinde Neudorf"
    assert erika["Bereich"] == "Kommune"
    assert erika["Status"] == "neu"
    assert erika["Telefon"] == "0361 123456"
    assert erika["Nachricht"] == "Wir möchten mitmachen."
    assert by_name["Max Beispiel"][1] == "abgelehnt"
    # Received in the site's time zone, to the minute (Wagtail alone writes UTC).
    local = timezone.localtime(requests_[0].created_at)
    assert erika["Eingegangen"] == local.strftime("%Y-%m-%d %H:%M")


def test_join_request_export_follows_the_list_filter(client, coordinator, requests_):
    client.force_login(coordinator)
    _header, *data = _csv_rows(client.get(JOIN_REQUESTS, {"export": "csv", "status": "new"}))
    assert [row[4] for row in data] == ["Erika Mustermann"]


def test_coordinator_exports_join_requests_as_xlsx(client, coordinator, requests_):
    client.force_login(coordinator)
    header, *data = _xlsx_rows(client.get(JOIN_REQUESTS, {"export": "xlsx"}))
    assert header[:5] == ["Eingegangen", "Status", "Organisation", "Bereich", "Name"]
    assert {row[4] for row in data} == {"Erika Mustermann", "Max Beispiel"}
    erika = next(row for row in data if row[4] == "Erika Mustermann")
    received = timezone.make_naive(requests_[0].created_at)
    assert abs(erika[0] - received) < datetime.timedelta(seconds=1)  # local time, not UTC


def test_join_request_list_offers_both_downloads_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    content = client.get(JOIN_REQUESTS).content.decode()
    assert "export=csv" in content and "export=xlsx" in content


def test_editor_cannot_export_join_requests(client, editor, requests_):
    client.force_login(editor)
    for fmt in ("csv", "xlsx"):
        response = client.get(JOIN_REQUESTS, {"export": fmt})
        assert response.status_code == 403
        assert b"Erika" not in response.content


def test_coordinator_exports_memberships(client, coordinator):
    MembershipFactory(organisation=OrganisationFactory(name="Stadt Musterstadt", place="Erfurt"))
    client.force_login(coordinator)
    header, *data = _csv_rows(client.get(MEMBERSHIPS, {"export": "csv"}))
    assert header[:3] == ["Organisation", "Arbeitskreis", "Mitglied seit"]
    assert data[0][0] == "Stadt Musterstadt"
    assert data[0][2] == "2015-01-01"
    header, *data = _xlsx_rows(client.get(MEMBERSHIPS, {"export": "xlsx"}))
    assert data[0][0] == "Stadt Musterstadt"


def test_join_request_export_escapes_formulas_in_both_formats(client, coordinator):
    # The join form is public: a name that a spreadsheet would run as a formula stays text.
    JoinRequestFactory(name="=cmd|' /C calc'!A0", organisation_name="@SUM(1+1)")
    client.force_login(coordinator)
    (csv_row,) = _csv_rows(client.get(JOIN_REQUESTS, {"export": "csv"}))[1:]
    (xlsx_row,) = _xlsx_rows(client.get(JOIN_REQUESTS, {"export": "xlsx"}))[1:]
    for row in (csv_row, xlsx_row):
        assert row[2] == "'@SUM(1+1)" and row[4] == "'=cmd|' /C calc'!A0"
