"""Demo content of the monitor: page, real sample notices via the importer, labelled synthetic
notices; idempotent."""

import io

import pytest
from django.core.management import call_command

from beschaffungsallianz.monitor import demo, stats
from beschaffungsallianz.monitor.models import ImportRun, Lot, MonitorPage, MonitorRollup, Notice
from beschaffungsallianz.monitor.tests.factories import make_monitor_page

pytestmark = pytest.mark.django_db


def _home():
    page = make_monitor_page()
    home = page.get_parent()
    page.delete()
    return home


def test_demo_creates_page_real_and_synthetic_notices_idempotently(db, monkeypatch):
    monkeypatch.setattr(demo, "SYNTHETIC_NOTICES", 120)
    _home()
    demo.load_demo(io.StringIO())
    page = MonitorPage.objects.get()
    assert page.slug == "monitor" and page.show_in_menus and page.live
    real = Notice.objects.exclude(notice_id__startswith="demo-")
    assert real.count() == 12  # tests/data/real-notices
    synthetic = Notice.objects.filter(notice_id__startswith="demo-")
    assert synthetic.count() == 120
    assert set(synthetic.values_list("source_name", flat=True)) == {"synthetic demo data"}
    assert all(
        name.startswith("Beispielbehörde")
        for name in synthetic.values_list("buyer_name", flat=True)
    )
    assert stats.has_synthetic_data()
    counts = (
        Notice.objects.count(),
        Lot.objects.count(),
        MonitorRollup.objects.count(),
        ImportRun.objects.count(),
    )

    demo.load_demo(io.StringIO())
    assert (
        Notice.objects.count(),
        Lot.objects.count(),
        MonitorRollup.objects.count(),
        ImportRun.objects.count(),
    ) == counts
    assert MonitorPage.objects.count() == 1


def test_synthetic_notices_are_deterministic():
    first = [
        (n.notice_id, n.state, n.issue_date, [lot.uses_any for lot in lots])
        for n, lots in demo.synthetic_notices(50)
    ]
    second = [
        (n.notice_id, n.state, n.issue_date, [lot.uses_any for lot in lots])
        for n, lots in demo.synthetic_notices(50)
    ]
    assert first == second


def test_rebuild_rollups_command(db, monkeypatch):
    monkeypatch.setattr(demo, "SYNTHETIC_NOTICES", 40)
    demo.ensure_synthetic_notices(io.StringIO())
    before = MonitorRollup.objects.count()
    MonitorRollup.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert MonitorRollup.objects.count() == before
    assert "roll-up rows written" in out.getvalue()
    call_command("rebuild_rollups", "--month", "2025-01", stdout=out)
    with pytest.raises(Exception, match="JJJJ-MM|YYYY-MM"):
        call_command("rebuild_rollups", "--month", "2025-13")
