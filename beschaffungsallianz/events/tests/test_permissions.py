"""Every public view of the events app, per persona (anonymous, member, editor, coordinator,
admin): exact statuses. The admin views are in test_admin.py (from the URL resolver)."""

import pytest

from beschaffungsallianz.events.tests.factories import EventPageFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(event, index):
    registration = RegistrationFactory(event=event)
    EventPageFactory(parent=index, slug="entwurf", live=False)
    return {
        "/termine/": 200,
        "/termine/?format=online": 200,
        "/termine/?format=webinar": 400,
        "/termine/kalender/": 200,
        "/termine/kalender/gibt-es-nicht/": 404,
        "/termine/feed/": 200,
        "/termine/fachtag/": 200,
        "/termine/fachtag/kalender/": 200,
        "/termine/fachtag/anmelden/": 200,
        event.personal_url(registration).removeprefix("http://testserver"): 200,
        f"/termine/fachtag/teilnahme/{registration.key}/falsch/": 404,
        "/termine/entwurf/": 404,
        "/termine/entwurf/anmelden/": 404,
        "/api/v1/events/": 200,
        f"/api/v1/events/{event.pk}/": 200,
    }


def test_public_event_views_answer_every_persona_alike(persona, urls):
    name, client = persona

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == urls, name


def test_posting_the_form_is_open_to_every_persona(persona, event):
    name, client = persona

    response = client.post(
        "/termine/fachtag/anmelden/",
        {"name": name, "email": f"{name}@example.net", "consent": "on"},
    )

    assert response.status_code == 302, name
