"""Fixtures of the events tests (personas, ``home`` and an empty cache per test: the root
conftest.py)."""

import pytest

from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def event(index):
    """An upcoming event with registration: 2 places, 1 on the waiting list."""
    return EventPageFactory(
        parent=index,
        title="Fachtag Beschaffung",
        slug="fachtag",
        registration_enabled=True,
        capacity=2,
        waiting_list_places=1,
        event_format="hybrid",
        online_url="https://example.org/geheimer-raum",
        venue="Rathaus",
        street="Fischmarkt 1",
        postcode="99084",
    )
