"""Fixtures of the newsletter tests (personas, ``home`` and an empty cache per test: the root
conftest.py)."""

import pytest

from beschaffungsallianz.newsletter.tests.factories import (
    NewsletterIndexPageFactory,
    NewsletterIssuePageFactory,
)


@pytest.fixture
def index(home):
    return NewsletterIndexPageFactory(parent=home)


@pytest.fixture
def issue(index):
    """A published issue, not yet sent, for every subscriber."""
    return NewsletterIssuePageFactory(parent=index, title="Newsletter März", slug="maerz")
