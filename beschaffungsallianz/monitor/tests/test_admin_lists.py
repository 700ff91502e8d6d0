"""The monitor's admin lists read plainly: German dates, yes/no icons (core/admin_ui.py)."""

import datetime

import pytest
from django.utils import timezone

from beschaffungsallianz.monitor.models import ImportRun
from beschaffungsallianz.monitor.tests.factories import LotFactory

pytestmark = pytest.mark.django_db


def test_import_run_is_named_by_its_german_start_time():
    run = ImportRun.objects.create(sources="2025-01-15.zip")
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=datetime.datetime(2025, 1, 15, 13, 30, tzinfo=datetime.UTC)
    )
    run.refresh_from_db()
    with timezone.override("Europe/Berlin"):
        assert str(run) == "15.01.2025 14:30 (2025-01-15.zip)"


def test_lot_list_shows_german_dates_and_yes_no(client, editor):
    LotFactory(issue_date=datetime.date(2025, 1, 15), uses_green=True)
    client.force_login(editor)
    content = client.get("/admin/snippets/monitor/lot/").content.decode()
    assert "15.01.2025" in content
    assert "True" not in content and "False" not in content
