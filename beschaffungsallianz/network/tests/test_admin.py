"""Permission matrix for every admin URL of the network viewsets, and the join-request actions."""

import pytest
from django.urls import reverse

from beschaffungsallianz.network.models import JoinRequest, Membership, Organisation
from beschaffungsallianz.network.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    NetworkPartnerFactory,
    OrganisationFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

CONTENT = ("organisation", "networkpartner", "workinggroup")  # editors and up
PERSONAL = ("membership", "joinrequest")  # coordinators and admins only

# The persona's expected outcome per model group: "ok" (200), "denied" (403), "login"
# (redirect to the admin login: anonymous, and users without admin access).
EXPECTED = {
    "anonymous": {"content": "login", "personal": "login"},
    "member": {"content": "login", "personal": "login"},
    "editor": {"content": "ok", "personal": "denied"},
    "coordinator": {"content": "ok", "personal": "ok"},
    "admin_user": {"content": "ok", "personal": "ok"},
}


@pytest.fixture
def objects():
    group = WorkingGroupFactory()
    return {
        "organisation": OrganisationFactory(),
        "networkpartner": NetworkPartnerFactory(),
        "workinggroup": group,
        "membership": MembershipFactory(working_group=group),
        "joinrequest": JoinRequestFactory(),
    }


def _urls(model, obj):
    """(view name, URL) for every admin view of the model's viewset."""
    ns = f"wagtailsnippets_network_{model}"
    urls = [("list", reverse(f"{ns}:list"))]
    urls += [
        (view, reverse(f"{ns}:{view}", args=[obj.pk]))
        for view in ("edit", "delete", "history", "usage")
    ]
    if model == "joinrequest":
        urls += [
            (action, reverse(f"{ns}:action", args=[obj.pk, action]))
            for action in ("contact", "accept", "decline")
        ]
    else:
        urls.append(("add", reverse(f"{ns}:add")))
    return urls


def _expected(persona, model, view):
    # Editors may not delete the working group itself (coordinators may).
    if persona == "editor" and model == "workinggroup" and view == "delete":
        return "denied"
    return EXPECTED[persona]["content" if model in CONTENT else "personal"]


def _assert_outcome(response, expected, url):
    if expected == "login":
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    elif expected == "denied":
        # 403, or Wagtail's redirect to the dashboard with a "no permission" message.
        assert response.status_code == 403 or (
            response.status_code == 302 and response["Location"] == "/admin/"
        ), url
    else:
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", CONTENT + PERSONAL)
def test_admin_url_permission_matrix(persona, objects, model):
    name, client = persona
    for view, url in _urls(model, objects[model]):
        _assert_outcome(client.get(url), _expected(name, model, view), url)


def test_editor_gets_403_on_join_request_urls(client, editor, objects):
    client.force_login(editor)
    for _view, url in _urls("joinrequest", objects["joinrequest"]):
        assert client.get(url).status_code == 403, url


def test_join_requests_are_hidden_from_editors_menu(client, editor, coordinator):
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/snippets/network/organisation/" in dashboard
    assert "/admin/snippets/network/joinrequest/" not in dashboard
    assert "/admin/snippets/network/membership/" not in dashboard
    client.force_login(coordinator)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/snippets/network/joinrequest/" in dashboard
    assert "/admin/snippets/network/membership/" in dashboard


def test_nobody_adds_join_requests_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    _assert_outcome(client.get("/admin/snippets/network/joinrequest/add/"), "denied", "add")
    assert not JoinRequest.objects.exists()
    listing = client.get("/admin/snippets/network/joinrequest/").content.decode()
    assert "/admin/snippets/network/joinrequest/add/" not in listing


def test_join_request_listing_filters_by_status_and_searches(client, coordinator):
    JoinRequestFactory(organisation_name="Offene Anfrage GmbH")
    JoinRequestFactory(organisation_name="Abgelehnt e.V.", status=JoinRequest.Status.DECLINED)
    client.force_login(coordinator)
    url = "/admin/snippets/network/joinrequest/"
    content = client.get(url, {"status": "new"}).content.decode()
    assert "Offene Anfrage GmbH" in content and "Abgelehnt e.V." not in content
    content = client.get(url, {"q": "abgelehnt"}).content.decode()
    assert "Abgelehnt e.V." in content and "Offene Anfrage GmbH" not in content
    content = client.get(url, {"ordering": "created_at"}).content.decode()
    assert "Offene Anfrage GmbH" in content
    # Odd query strings never fail.
    for query in ({"status": "nonsense"}, {"ordering": "password"}, {"p": "-1"}):
        assert client.get(url, query).status_code in (200, 302)


def test_listing_offers_status_buttons_for_open_requests_only(client, coordinator):
    open_request = JoinRequestFactory()
    done = JoinRequestFactory(status=JoinRequest.Status.ACCEPTED)
    client.force_login(coordinator)
    content = client.get("/admin/snippets/network/joinrequest/").content.decode()
    assert f"/action/{open_request.pk}/accept/" in content
    assert f"/action/{open_request.pk}/contact/" in content
    assert f"/action/{done.pk}/" not in content


def test_coordinator_accepts_request_in_the_admin(client, coordinator):
    group = WorkingGroupFactory()
    join_request = JoinRequestFactory(organisation_name="Gemeinde Neudorf")
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_network_joinrequest:action", args=[join_request.pk, "accept"])

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert 'name="working_group"' in form_page.content.decode()

    response = client.post(
        url, {"organisation": "", "working_group": group.pk, "since": "2025-03-01"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation__name="Gemeinde Neudorf")
    assert str(membership.since) == "2025-03-01"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    # A second attempt is refused and changes nothing.
    again = client.post(url, {"working_group": group.pk, "since": "2025-03-01"})
    assert again.status_code == 302
    assert Membership.objects.count() == 1


def test_accept_form_with_bad_input_redisplays_and_changes_nothing(client, coordinator):
    WorkingGroupFactory()
    join_request = JoinRequestFactory()
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_network_joinrequest:action", args=[join_request.pk, "accept"])
    response = client.post(url, {"working_group": "999999", "since": "not a date"})
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.NEW


@pytest.mark.parametrize(("action", "status"), [("contact", "in_contact"), ("decline", "declined")])
def test_coordinator_moves_status(client, coordinator, action, status):
    join_request = JoinRequestFactory()
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_network_joinrequest:action", args=[join_request.pk, action])
    assert client.post(url).status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == status
    assert join_request.handled_by == coordinator


def test_unknown_action_and_missing_request(client, coordinator):
    join_request = JoinRequestFactory()
    client.force_login(coordinator)
    assert (
        client.get(
            f"/admin/snippets/network/joinrequest/action/{join_request.pk}/delete-all/"
        ).status_code
        == 404
    )
    assert (
        client.get("/admin/snippets/network/joinrequest/action/999999/accept/").status_code == 404
    )


def test_editor_cannot_post_actions(client, editor):
    join_request = JoinRequestFactory()
    client.force_login(editor)
    url = reverse("wagtailsnippets_network_joinrequest:action", args=[join_request.pk, "decline"])
    assert client.post(url).status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.NEW


def test_coordinator_edit_view_shows_request_and_saves_only_notes(client, coordinator):
    join_request = JoinRequestFactory(email="erika@example.org")
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_network_joinrequest:edit", args=[join_request.pk])
    content = client.get(url).content.decode()
    assert "erika@example.org" in content
    assert f"/action/{join_request.pk}/accept/" in content
    client.post(
        url,
        {"staff_notes": "Angerufen am Montag", "status": "accepted", "email": "evil@example.org"},
    )
    join_request.refresh_from_db()
    assert join_request.staff_notes == "Angerufen am Montag"
    assert join_request.status == JoinRequest.Status.NEW
    assert join_request.email == "erika@example.org"
