import pytest

from beschaffungsallianz.core.tests.production_server import manage, production_environment


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after ``collectstatic`` (the production settings need the manifest)."""
    root = tmp_path_factory.mktemp("static")
    manage(production_environment(STATIC_ROOT=str(root)), "collectstatic", "--noinput", "-v0")
    return root
