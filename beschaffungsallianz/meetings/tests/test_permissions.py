"""Every URL of the meetings page per persona (all seven): exact statuses; and every admin
URL Wagtail registers for the app's models, from the URL resolver."""

import pytest

from beschaffungsallianz.meetings.models import Decision, Meeting, Minutes, Rsvp
from beschaffungsallianz.meetings.tests.factories import RsvpFactory
from conftest import ALL_PERSONAS, LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

LOGIN_REDIRECT = "302 /konto/anmelden/"
INTERNAL = ("arbeitskreis", "coordinator", "admin_user")  # group Arbeitskreis, staff


def _members_only(persona):
    if persona == "anonymous":
        return LOGIN_REDIRECT
    return 200 if persona in INTERNAL else 403


def _expected(persona):
    """URL -> expected outcome for the persona."""
    internal = persona in INTERNAL
    return {
        "/arbeitskreis/sitzungen/": 200,
        "/arbeitskreis/sitzungen/fruehjahr/": 200,
        "/arbeitskreis/sitzungen/gibt-es-nicht/": 404,
        # the public knows only meetings that have taken place
        "/arbeitskreis/sitzungen/herbst/": 200 if internal else 404,
        "/arbeitskreis/sitzungen/herbst/antwort/": (
            LOGIN_REDIRECT if persona == "anonymous" else 200 if persona == "arbeitskreis" else 403
        ),
        "/arbeitskreis/sitzungen/fruehjahr/antwort/": (
            LOGIN_REDIRECT if persona == "anonymous" else 404 if persona == "arbeitskreis" else 403
        ),
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/": _members_only(persona),
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/?fassung=1": _members_only(persona),
        "/arbeitskreis/sitzungen/fruehjahr/protokoll/?fassung=9": (
            404 if internal else _members_only(persona)
        ),
        "/arbeitskreis/sitzungen/herbst/protokoll/": 404 if internal else _members_only(persona),
        "/arbeitskreis/sitzungen/beschluesse/": _members_only(persona),
        "/arbeitskreis/sitzungen/beschluesse/?status=erledigt": (
            400 if internal else _members_only(persona)
        ),
        "/arbeitskreis/sitzungen/beschluesse/?q=Dienstkleidung&status=open&jahr=": (
            _members_only(persona)
        ),
    }


def _outcome(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return response.status_code


def test_meeting_urls_per_persona(any_persona, past, upcoming, minutes, decision):
    name, client = any_persona
    expected = _expected(name)

    got = {url: _outcome(client.get(url)) for url in expected}

    assert got == expected, name


def test_every_persona_is_in_the_matrix():
    assert set(ALL_PERSONAS) == {"anonymous", "unverified", "member", *INTERNAL, "editor"}


# --- admin ------------------------------------------------------------------------------------


def _expected_admin(persona, admin_url):
    """The working group's business: the login for the public personas, 403 for editors,
    200 for coordinators and admins; nobody adds an answer by hand (Wagtail's redirect)."""
    if persona in ("anonymous", "unverified", "member", "arbeitskreis"):
        return LOGIN
    if persona == "editor":
        return 404 if admin_url.view == "ping" else 403
    if "/rsvp/" in admin_url.url and admin_url.view in ("add", "create"):
        return "302 /admin/"
    if "/action/" in admin_url.url and admin_url.url.rstrip("/").endswith("/approve"):
        return f"302 /admin/snippets/meetings/minutes/edit/{admin_url.url.split('/')[-3]}/"
    return 200


@pytest.mark.parametrize(
    ("model", "fill"),
    [
        (Meeting, {"action": ["invite"]}),
        (Minutes, {"action": ["approve"]}),
        (Decision, None),
        (Rsvp, None),
    ],
)
def test_admin_urls_per_persona(
    any_persona, model, fill, past, upcoming, minutes, decision, arbeitskreis
):
    name, client = any_persona
    objects = {
        Meeting: upcoming,
        Minutes: minutes,  # approved: the approve action goes back to its page
        Decision: decision,
        Rsvp: RsvpFactory(meeting=upcoming, user=arbeitskreis),
    }
    urls = admin_urls_for(model, objects[model], fill=fill)
    assert {"list", "edit", "choose", "bulk:delete"} <= {url.view for url in urls}
    assert_admin_matrix(client, name, urls, _expected_admin)
