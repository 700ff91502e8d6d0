"""Fixtures of the library tests (personas, ``home`` and an empty cache per test: the root
conftest.py)."""

import pytest

from beschaffungsallianz.library.tests.factories import LibraryIndexPageFactory


@pytest.fixture
def index(home):
    return LibraryIndexPageFactory(parent=home)
