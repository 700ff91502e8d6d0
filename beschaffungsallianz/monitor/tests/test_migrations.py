"""Data migrations of the monitor, run on rows as an older version stored them."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from beschaffungsallianz.monitor import rollups
from beschaffungsallianz.monitor.models import MonitorRollup
from beschaffungsallianz.monitor.tests.factories import make_notice

pytestmark = pytest.mark.django_db

buyer_rule = importlib.import_module(
    "beschaffungsallianz.monitor.migrations.0003_performance_states"
).apply_the_buyer_rule


def total(state: str) -> int:
    row = MonitorRollup.objects.filter(dimension="total", state=state).first()
    return row.lots if row else 0


def test_migration_takes_the_state_from_buyers_abroad_and_recounts_the_month():
    # As stored before: a Polish buyer counted for Bremen by its place of performance.
    polish = make_notice(
        "HB",
        date(2025, 3, 10),
        lots=({"place_nuts": ["DE502"]}, {"place_nuts": ["DE501", "PL621"]}),
        buyer_country="POL",
        buyer_nuts="PL621",
        state_rule="place-of-performance",
    )
    german = make_notice("TH", date(2025, 3, 12), lots=({"place_nuts": ["DEG03", "DE300"]},))
    rollups.refresh_rollups_for({date(2025, 3, 1)})
    assert (total("HB"), total("TH"), total("DE"), total("")) == (2, 1, 3, 0)

    buyer_rule(apps, None)

    polish.refresh_from_db()
    assert (polish.state, polish.state_rule, polish.performance_states) == (None, None, ["HB"])
    assert set(polish.lots.values_list("state", flat=True)) == {None}
    german.refresh_from_db()
    assert (german.state, german.state_rule, german.performance_states) == (
        "TH",
        "buyer-nuts",
        ["BE", "TH"],
    )
    assert (total("HB"), total("TH"), total("DE"), total("")) == (0, 1, 1, 2)


def test_migration_leaves_german_buyers_and_their_roll_ups_alone():
    make_notice(
        "BW", date(2025, 4, 1), buyer_nuts=None, state_rule="place-of-performance", lots=({},)
    )
    rollups.refresh_rollups_for({date(2025, 4, 1)})
    before = list(MonitorRollup.objects.values_list("pk", flat=True))

    buyer_rule(apps, None)

    assert list(MonitorRollup.objects.values_list("pk", flat=True)) == before
