"""Fixtures of the network tests (personas, ``home`` and an empty cache: the root conftest.py)."""

import pytest

from beschaffungsallianz.network.tests.factories import build_network_site


@pytest.fixture
def network_site(db):
    return build_network_site()
