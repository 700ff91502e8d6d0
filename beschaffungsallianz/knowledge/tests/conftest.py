"""Fixtures of the knowledge tests (the personas come from the root conftest.py)."""

import pytest
from django.core.cache import cache

from beschaffungsallianz.knowledge.tests.factories import build_site


@pytest.fixture
def knowledge_site(db):
    """The site with the four knowledge index pages; a dict of the pages by key."""
    return build_site()


@pytest.fixture
def clear_cache():
    """Rate-limit counters live in the cache; start and end with none."""
    cache.clear()
    yield
    cache.clear()
