"""Fixtures of the monitor's tests: the hand-checked notices behind most statistics tests, the
page. (Root fixtures - personas, client_as, home, an empty cache per test - come from the root
conftest.py.)"""

from datetime import date

import pytest

from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.monitor import rollups, stats
from beschaffungsallianz.monitor.tests.factories import make_monitor_page, make_notice


@pytest.fixture
def monitor_page(db):
    return make_monitor_page()


@pytest.fixture
def groups(db):
    return {
        "it": ProductGroupFactory(
            slug="it", name="IT-Geräte", cpv_prefixes="30190000-7 30200000-1", sort_order=1
        ),
        "textiles": ProductGroupFactory(
            slug="textil", name="Textilien", cpv_prefixes="39830000-9 18000000-9", sort_order=2
        ),
        "civil": ProductGroupFactory(
            slug="tiefbau", name="Tiefbau", cpv_prefixes="45200000-9", sort_order=3
        ),
    }


@pytest.fixture
def hand_checked(db, groups):
    make_notice(
        "TH",
        date(2025, 6, 10),
        [
            {"main_cpv": "30192000-1", "green": ["clim-mitig"]},
            {"main_cpv": "45000000-7", "strategic": ["none"]},
        ],
        notice_id="n1",
    )
    make_notice(
        "TH",
        date(2025, 5, 2),
        [{"main_cpv": "39830000-9", "social": ["work-cond"]}],
        notice_id="n2",
    )
    make_notice(
        "TH",
        date(2024, 6, 30),
        [{"main_cpv": "30192000-1", "green": ["clim-mitig"]}],
        notice_id="n3",
    )
    make_notice(
        "BY",
        date(2025, 1, 15),
        [
            {"main_cpv": "45200000-9", "strategic": ["inn-pur"]},
            {"main_cpv": "45300000-0"},
            {"main_cpv": "30190000-7", "gpp": ["eu"]},
        ],
        notice_id="n4",
    )
    make_notice("BE", date(2024, 12, 1), [{"main_cpv": "90000000-7"}], notice_id="n5")
    make_notice(
        None,
        date(2025, 3, 1),
        [{"main_cpv": "30192000-1", "green": ["clim-mitig"]}],
        notice_id="n6",
    )
    rollups.rebuild_rollups()
    return stats.default_period(stats.data_range())


@pytest.fixture
def data(monitor_page, hand_checked):
    """The hand-checked notices and the page that shows them."""
    return hand_checked
