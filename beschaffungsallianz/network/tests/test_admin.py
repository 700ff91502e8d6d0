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
from conftest import LOGIN, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

# --- Personal data: every admin URL Wagtail registers, from the URL resolver -----------------


def _expected_personal(persona, admin_url):
    """Join requests and memberships: login for anonymous and members, 403 for editors,
    200 for coordinators and admins (nobody adds join requests: Wagtail's redirect)."""
    if persona in ("anonymous", "member"):
        return LOGIN
    if persona == "editor":
        # The editing-session ping is Wagtail's generic URL, not the viewset's: it answers 404.
        return 404 if admin_url.view == "ping" else 403
    if "joinrequest" in admin_url.url and admin_url.view in ("add", "create"):
        return "302 /admin/"
    return 200


@pytest.mark.parametrize("factory", [JoinRequestFactory, MembershipFactory])
def test_personal_data_admin_urls_per_persona(persona, factory):
    name, client = persona
    obj = factory()
    urls = admin_urls_for(type(obj), obj, fill={"action": ["contact", "accept", "decline"]})
    views = {url.view for url in urls}
    assert {"list", "edit", "choose", "chosen", "chosen_multiple", "bulk:delete"} <= views
    assert_admin_matrix(client, name, urls, _expected_personal)


@pytest.mark.parametrize("view", ["choose", "choose_results", "chosen", "chosen_multiple"])
def test_editor_chooser_shows_no_applicant(client, editor, view):
    join_request = JoinRequestFactory(name="Erika Geheim", organisation_name="Verein Verborgen")
    client.force_login(editor)
    url = next(
        u.url
        for u in admin_urls_for(JoinRequest, join_request, {"action": ["accept"]})
        if u.view == view
    )
    response = client.get(url)
    assert response.status_code == 403
    assert "Geheim" not in response.content.decode()
    assert "Verborgen" not in response.content.decode()


def test_editor_bulk_delete_confirmation_is_denied_and_deletes_nothing(client, editor):
    join_request = JoinRequestFactory(name="Erika Geheim")
    client.force_login(editor)
    url = f"/admin/bulk/network/joinrequest/delete/?id={join_request.pk}"
    response = client.get(url)
    assert response.status_code == 403
    assert "Geheim" not in response.content.decode()
    assert client.post(url).status_code == 403
    assert JoinRequest.objects.filter(pk=join_request.pk).exists()


def test_organisation_usage_hides_the_applicant_from_editors(client, editor, coordinator):
    organisation = OrganisationFactory(name="Verein Sichtbar")
    JoinRequestFactory(
        name="Erika Geheim", organisation_name="Anfrage Verborgen", organisation=organisation
    )
    url = reverse("wagtailsnippets_network_organisation:usage", args=[organisation.pk])
    client.force_login(editor)
    content = client.get(url).content.decode()
    assert "Verborgen" not in content and "Geheim" not in content
    client.force_login(coordinator)
    assert "Anfrage Verborgen" in client.get(url).content.decode()


def test_coordinator_bulk_deletes_join_requests(client, coordinator):
    join_request = JoinRequestFactory()
    client.force_login(coordinator)
    response = client.post(f"/admin/bulk/network/joinrequest/delete/?id={join_request.pk}")
    assert response.status_code == 302
    assert not JoinRequest.objects.filter(pk=join_request.pk).exists()


# --- Public content: editors and up ------------------------------------------------------


def _expected_content(persona, admin_url):
    if persona in ("anonymous", "member"):
        return LOGIN
    if admin_url.view == "reorder":  # drag and drop in the listing: POST only
        return 405
    return 200


def _content_object(factory):
    obj = factory()
    if hasattr(obj, "save_revision"):
        obj.save_revision()
    return obj


def _expected_working_group(persona, admin_url):
    """Editors may not delete the working group itself (coordinators may): Wagtail redirects
    them to the dashboard; the bulk confirmation lists it as "no permission"."""
    if persona == "editor" and admin_url.view == "delete":
        return "302 /admin/"
    return _expected_content(persona, admin_url)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (OrganisationFactory, _expected_content),
        (NetworkPartnerFactory, _expected_content),
        (WorkingGroupFactory, _expected_working_group),
    ],
)
def test_content_admin_urls_per_persona(persona, factory, expected):
    name, client = persona
    obj = _content_object(factory)
    assert_admin_matrix(client, name, admin_urls_for(type(obj), obj), expected)


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
    response = client.get("/admin/snippets/network/joinrequest/add/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
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
        assert client.get(url, query).status_code == 200


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


# --- Lists and dashboard for coordinators (issue 7 item 19) -------------------------------


def test_lists_show_german_dates_and_yes_no_icons(client, coordinator):
    import datetime

    MembershipFactory(
        since=datetime.date(2015, 1, 1),
        until=datetime.date(2020, 12, 31),
        organisation=OrganisationFactory(is_sample=True),
    )
    client.force_login(coordinator)
    memberships = client.get("/admin/snippets/network/membership/").content.decode()
    assert "01.01.2015" in memberships and "31.12.2020" in memberships
    assert "Jahre" not in memberships  # not "vor 11 Jahren"
    organisations = client.get("/admin/snippets/network/organisation/").content.decode()
    assert "True" not in organisations and "False" not in organisations


def test_dashboard_shows_open_join_requests_to_coordinators(client, coordinator):
    JoinRequestFactory(organisation_name="Gemeinde Neudorf", name="Erika Geheim")
    JoinRequestFactory(organisation_name="Verein im Gespräch", status=JoinRequest.Status.IN_CONTACT)
    JoinRequestFactory(organisation_name="Schon Mitglied", status=JoinRequest.Status.ACCEPTED)
    JoinRequestFactory(organisation_name="Abgelehnt e.V.", status=JoinRequest.Status.DECLINED)
    client.force_login(coordinator)
    content = client.get("/admin/").content.decode()
    assert "Offene Mitmach-Anfragen" in content
    assert "2 Mitmach-Anfragen warten auf eine Antwort." in content
    assert "Gemeinde Neudorf" in content and "Verein im Gespräch" in content
    assert "Schon Mitglied" not in content and "Abgelehnt e.V." not in content
    assert "Erika Geheim" not in content  # organisations only, even here


def test_dashboard_panel_without_open_requests_says_so(client, coordinator):
    client.force_login(coordinator)
    content = client.get("/admin/").content.decode()
    assert "Offene Mitmach-Anfragen" in content
    assert "Keine offenen Mitmach-Anfragen." in content


def test_dashboard_panel_is_not_shown_to_editors(client, editor):
    JoinRequestFactory(organisation_name="Gemeinde Neudorf")
    client.force_login(editor)
    content = client.get("/admin/").content.decode()
    assert "Offene Mitmach-Anfragen" not in content
    assert "Gemeinde Neudorf" not in content
