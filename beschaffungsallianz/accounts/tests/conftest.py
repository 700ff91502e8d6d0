import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and the login lockout count in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()
