"""Every public URL of the library per persona (all seven): exact statuses. The library is
public: every persona gets the same answers. Admin URLs: test_admin.py."""

import pytest

from beschaffungsallianz.library.tests.factories import LibraryEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(index):
    LibraryEntryFactory(slug="leitfaden")
    LibraryEntryFactory(slug="entwurf", live=False)
    return {
        "/informationsangebote/": 200,
        "/informationsangebote/?art=leitfaden&sortierung=titel": 200,
        "/informationsangebote/?art=broschuere": 400,
        "/informationsangebote/?q=Leitf%C3%A4den&seite=2": 200,
        "/informationsangebote/feed/": 200,
        "/informationsangebote/csv/": 200,
        "/informationsangebote/xlsx/": 200,
        "/informationsangebote/csv/?jahr=1800": 400,
        "/informationsangebote/leitfaden/": 200,
        "/informationsangebote/entwurf/": 404,
        "/informationsangebote/gibt-es-nicht/": 404,
        "/api/v1/library/": 200,
        "/api/v1/library/?kind=leitfaden": 200,
        "/api/v1/library/?kind=broschuere": 422,
        "/api/v1/library/?unbekannt=1": 422,
        "/api/v1/library/?product_group=gibt-es-nicht": 404,
        "/api/v1/library/leitfaden/": 200,
        "/api/v1/library/entwurf/": 404,
    }


def test_public_library_views_answer_every_persona_alike(any_persona, urls):
    name, client = any_persona

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == urls, name
