"""Who may use /suche/ and the synonym admin: exact status per persona."""

import pytest

from beschaffungsallianz.search.models import SearchSynonym
from beschaffungsallianz.search.tests.factories import SearchSynonymFactory
from conftest import ALL_PERSONAS, LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ALL_PERSONAS)
def test_everybody_may_search(client_as, coffee, name):
    response = client_as(name).get("/suche/", {"q": "Kaffee"})

    assert response.status_code == 200
    assert "Fairer <mark>Kaffee</mark> im Rathaus" in response.content.decode()


def _expected(persona, admin_url):
    """Editors, coordinators and admins maintain the synonym list; the public may not."""
    if persona in ("anonymous", "member"):
        return LOGIN
    return 200


def test_synonym_admin_urls_per_persona(persona):
    name, client = persona
    synonym = SearchSynonymFactory()
    urls = admin_urls_for(SearchSynonym, synonym)
    assert {"list", "add", "edit", "delete"} <= {url.view for url in urls}
    assert_admin_matrix(client, name, urls, _expected)
