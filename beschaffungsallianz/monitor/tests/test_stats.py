"""The statistics on a small data set whose every number was counted by hand.

Data set (``hand_checked``), latest issue date 2025-06-10, so the default period is 07/2024-06/2025:

=====  =====  ==========  ====================================================================
notice state  issue date  lots (main CPV: codes)
=====  =====  ==========  ====================================================================
N1     TH     2025-06-10  L1 30192000-1: BT-774 clim-mitig; L2 45000000-7: BT-06 none
N2     TH     2025-05-02  L1 39830000-9: BT-775 work-cond
N3     TH     2024-06-30  L1 30192000-1: BT-774 clim-mitig   (one day before the period)
N4     BY     2025-01-15  L1 45200000-9: BT-06 inn-pur; L2 45300000-0: -; L3 30190000-7: BT-805 eu
N5     BE     2024-12-01  L1 90000000-7: -
N6     -      2025-03-01  L1 30192000-1: BT-774 clim-mitig   (no German state)
=====  =====  ==========  ====================================================================

In the period, per lot: TH 3 lots (1 green, 1 social, 0 innovative, 2 any); BY 3 lots (1 green
via GPP criteria, 0 social, 1 innovative, 2 any); BE 1 lot; Germany 7 lots (2 green, 1 social,
1 innovative, 4 any); 1 lot without state. Per notice: TH 2 (1 green, 1 social, 2 any), BY 1
(green, innovative, any), BE 1; Germany 4 notices (2 green, 1 social, 1 innovative, 3 any).
"""

from datetime import date

import pytest

from beschaffungsallianz.monitor import rollups, stats
from beschaffungsallianz.monitor.models.notices import (
    Lot,
    MonitorRollup,
    Notice,
    json_list_contains,
)
from beschaffungsallianz.monitor.tests.factories import make_notice


def _counts(**values):
    counts = stats.Counts()
    counts.add(values)
    return counts


KINDS = ("", "_green", "_social", "_innovative", "_any")


def _by_kind(lots, notices):
    """Counts from two rows (all, green, social, innovative, any): of lots and of notices."""
    return _counts(
        **{f"lots{kind}": n for kind, n in zip(KINDS, lots, strict=True)},
        **{f"notices{kind}": n for kind, n in zip(KINDS, notices, strict=True)},
    )


def test_default_period_is_the_last_twelve_months_with_data(hand_checked):
    assert hand_checked == stats.Period(date(2024, 7, 1), date(2025, 6, 1))
    assert len(hand_checked.months) == 12
    assert hand_checked.last_day == date(2025, 6, 30)


def test_default_period_without_data_ends_this_month(db):
    period = stats.default_period(stats.data_range(), today=date(2026, 3, 17))
    assert period == stats.Period(date(2025, 4, 1), date(2026, 3, 1))


def test_state_counts_per_lot_and_per_notice(hand_checked):
    rows, germany, unknown = stats.state_rows(hand_checked)
    by_state = {row.key: row.counts for row in rows}
    assert len(rows) == 16
    # (all, green, social, innovative, any of them): lots, then notices
    assert by_state["TH"] == _by_kind((3, 1, 1, 0, 2), (2, 1, 1, 0, 2))
    assert by_state["BY"] == _by_kind((3, 1, 0, 1, 2), (1, 1, 0, 1, 1))
    assert by_state["BE"] == _by_kind((1, 0, 0, 0, 0), (1, 0, 0, 0, 0))
    assert by_state["SN"] == _counts()
    assert germany == _by_kind((7, 2, 1, 1, 4), (4, 2, 1, 1, 3))
    assert unknown == _by_kind((1, 1, 0, 0, 1), (1, 1, 0, 0, 1))


def test_shares_and_small_sample_flag(hand_checked):
    _rows, germany, _unknown = stats.state_rows(hand_checked)
    share = germany.share("any")
    assert (share.count, share.total) == (4, 7)
    assert share.percent == pytest.approx(57.142857, rel=1e-5)
    assert share.small  # 7 lots < 30
    assert germany.share("any", "notices").percent == pytest.approx(75.0)
    assert stats.Share(3, stats.SMALL_SAMPLE).small is False
    assert stats.Share(3, stats.SMALL_SAMPLE - 1).small is True
    assert stats.Share(0, 0).percent is None
    assert stats.Share(1, 3).as_dict() == {
        "count": 1,
        "total": 3,
        "percent": 33.33,
        "small_sample": True,
    }


def test_trend_per_month_for_a_state_and_germany(hand_checked):
    rows = stats.trend(hand_checked, "TH")
    assert [row.key for row in rows][:2] == ["2024-07", "2024-08"]
    assert len(rows) == 12
    by_month = {row.key: row for row in rows}
    assert (by_month["2025-06"].counts.lots, by_month["2025-06"].counts.lots_any) == (2, 1)
    assert (by_month["2025-05"].counts.lots, by_month["2025-05"].counts.lots_social) == (1, 1)
    assert by_month["2025-01"].counts.lots == 0
    assert (by_month["2025-01"].germany.lots, by_month["2025-01"].germany.lots_any) == (3, 2)
    assert by_month["2025-03"].germany.lots == 0  # n6 has no German state


def test_cpv_divisions_with_german_labels(hand_checked):
    rows = {row.key: row for row in stats.cpv_rows(hand_checked, "TH")}
    assert list(rows) == ["30", "39", "45", "90"]
    assert rows["45"].label == "Bauarbeiten"
    assert (rows["45"].germany.lots, rows["45"].germany.lots_innovative) == (3, 1)
    assert (rows["45"].germany.notices, rows["45"].germany.notices_innovative) == (2, 1)
    assert (rows["45"].counts.lots, rows["45"].counts.notices) == (1, 1)
    assert (rows["30"].germany.lots, rows["30"].germany.lots_green) == (2, 2)
    assert (rows["30"].counts.lots, rows["30"].counts.lots_green) == (1, 1)
    assert rows["90"].counts.lots == 0


def test_product_groups_match_on_significant_cpv_prefixes(hand_checked):
    rows = {row.key: row for row in stats.group_rows(hand_checked, "TH")}
    assert list(rows) == ["it", "textil", "tiefbau"]
    # it: 3019/302 -> n1 L1 (30192000) and n4 L3 (30190000); not 45..., not n3 (outside)
    assert (rows["it"].germany.lots, rows["it"].germany.lots_green) == (2, 2)
    assert rows["it"].counts.lots == 1
    assert (rows["textil"].germany.lots, rows["textil"].germany.lots_social) == (1, 1)
    # tiefbau: 452 -> only 45200000, not 45000000 or 45300000
    assert (rows["tiefbau"].germany.lots, rows["tiefbau"].germany.lots_innovative) == (1, 1)
    assert rows["tiefbau"].counts.lots == 0


def test_codes_per_field(hand_checked):
    rows = {row.key: row for row in stats.code_rows(hand_checked, "TH")}
    assert set(rows) == {"green:clim-mitig", "social:work-cond", "strategic:inn-pur", "gpp:eu"}
    assert "strategic:none" not in rows
    assert (rows["green:clim-mitig"].counts.lots, rows["green:clim-mitig"].germany.lots) == (1, 1)
    assert rows["green:clim-mitig"].label == "Klimaschutz"
    assert rows["strategic:inn-pur"].extra["bt"] == "BT-06"
    assert (rows["gpp:eu"].counts.lots, rows["gpp:eu"].germany.notices) == (0, 1)


def test_overview_combines_region_and_germany(hand_checked):
    result = stats.overview(hand_checked, "TH", "green")
    assert result.region.lots == 3
    assert result.germany.lots == 7
    assert result.has_data


def _direct_state_counts(period):
    """The per-state figures computed straight from Lot, for comparison with the roll-ups."""
    from django.db.models import Count, Q

    lots = Lot.objects.filter(issue_date__gte=period.start, issue_date__lte=period.last_day)
    result = {}
    for row in (
        lots.values("state")
        .annotate(
            lots=Count("id"),
            green=Count("id", filter=Q(uses_green=True)),
            any=Count("id", filter=Q(uses_any=True)),
            notices=Count("notice", distinct=True),
            notices_social=Count("notice", filter=Q(uses_social=True), distinct=True),
        )
        .order_by()
    ):
        result[row["state"] or ""] = (
            row["lots"],
            row["green"],
            row["any"],
            row["notices"],
            row["notices_social"],
        )
    return result


def _rollup_state_counts(period):
    rows, _germany, unknown = stats.state_rows(period)
    result = {
        row.key: (
            row.counts.lots,
            row.counts.lots_green,
            row.counts.lots_any,
            row.counts.notices,
            row.counts.notices_social,
        )
        for row in rows
        if row.counts.lots
    }
    if unknown.lots:
        result[""] = (
            unknown.lots,
            unknown.lots_green,
            unknown.lots_any,
            unknown.notices,
            unknown.notices_social,
        )
    return result


def test_incremental_refresh_equals_direct_computation(db, groups):
    import random

    rng = random.Random(4)
    codes = [[], ["clim-mitig"], ["circ-econ", "other"]]
    for number in range(60):
        make_notice(
            rng.choice(["TH", "BY", "SN", None]),
            date(2025, rng.randint(1, 4), rng.randint(1, 28)),
            [
                {
                    "main_cpv": rng.choice(["30192000-1", "45000000-7", "39830000-9"]),
                    "green": rng.choice(codes),
                    "social": rng.choice([[], ["work-cond"]]),
                }
                for _ in range(rng.randint(1, 3))
            ],
            notice_id=f"r{number}",
        )
    rollups.rebuild_rollups()
    period = stats.Period(date(2025, 1, 1), date(2025, 4, 1))
    assert _rollup_state_counts(period) == _direct_state_counts(period)

    # The importer changes data in two months and refreshes only those.
    moved = Notice.objects.filter(issue_date__month=1).first()
    old_month = moved.issue_date
    moved.lots.update(issue_date=date(2025, 3, 3), uses_social=True, uses_any=True)
    Notice.objects.filter(pk=moved.pk).update(issue_date=date(2025, 3, 3))
    Notice.objects.filter(issue_date__month=2).delete()
    make_notice("TH", date(2025, 4, 9), [{"green": ["clim-mitig"]}], notice_id="late")
    rollups.refresh_rollups_for({old_month, date(2025, 2, 1), date(2025, 3, 31), date(2025, 4, 9)})
    assert _rollup_state_counts(period) == _direct_state_counts(period)
    assert not MonitorRollup.objects.filter(month=date(2025, 2, 1)).exists()

    before = list(
        MonitorRollup.objects.order_by("dimension", "month", "state", "key").values_list(
            "dimension", "month", "state", "key", "lots", "notices_any"
        )
    )
    rollups.rebuild_rollups()
    after = list(
        MonitorRollup.objects.order_by("dimension", "month", "state", "key").values_list(
            "dimension", "month", "state", "key", "lots", "notices_any"
        )
    )
    assert before == after


def test_refresh_of_no_months_writes_nothing(db):
    assert rollups.refresh_rollups_for([]) == 0
    assert rollups.rebuild_rollups() == 0


def test_saving_a_product_group_updates_its_rollups(
    hand_checked, groups, django_capture_on_commit_callbacks
):
    groups["civil"].cpv_prefixes = "45000000-7"
    with django_capture_on_commit_callbacks(execute=True):
        groups["civil"].save()
    rows = {row.key: row for row in stats.group_rows(hand_checked, "TH")}
    assert rows["tiefbau"].germany.lots == 3
    assert rows["tiefbau"].counts.lots == 1
    pk = groups["civil"].pk
    groups["civil"].delete()
    assert not MonitorRollup.objects.filter(dimension="group", key=str(pk)).exists()


def test_code_filter_matches_whole_codes_only(db):
    make_notice("TH", date(2025, 1, 1), [{"green": ["clim-mitig"]}], notice_id="a")
    make_notice("TH", date(2025, 1, 1), [{"green": ["clim-mitig-x"]}], notice_id="b")
    found = Lot.objects.filter(json_list_contains("green", "clim-mitig"))
    assert [lot.notice.notice_id for lot in found] == ["a"]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"state": "TH"},
        {"state": "DE", "kind": "green"},
        {"kind": "any"},
        {"start": date(2025, 1, 1), "end": date(2025, 6, 1), "state": "BY"},
        {"cpv": "45", "state": "DE"},
        {"cpv": "30", "kind": "green"},
        {"group": "it"},
        {"group": "it", "kind": "green", "state": "TH"},
        {"code": "green:clim-mitig"},
        {"code": "strategic:inn-pur", "state": "DE"},
    ],
)
def test_notice_count_from_rollups_equals_the_list(hand_checked, groups, filters):
    if "group" in filters:
        filters = {**filters, "group": groups["it"]}
    expected = Notice.objects.drill_down(**filters).count()
    assert stats.count_notices(**filters) == expected


def test_notice_count_without_rollup_answer(hand_checked):
    assert stats.count_notices(cpv="3019") is None
    assert stats.count_notices(code="green:clim-mitig", kind="green") is None
