"""Fixtures of the knowledge tests (personas, ``home`` and an empty cache: the root
conftest.py)."""

import pytest

from beschaffungsallianz.knowledge.tests.factories import build_site


@pytest.fixture
def knowledge_site(db):
    """The site with the five knowledge index pages; a dict of the pages by key."""
    return build_site()
