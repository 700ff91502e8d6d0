"""Fixtures of the publications tests (personas, ``home`` and an empty cache: the root
conftest.py)."""

import pytest

from beschaffungsallianz.publications.tests.factories import build_publications_site


@pytest.fixture
def publications_site(db):
    return build_publications_site()
