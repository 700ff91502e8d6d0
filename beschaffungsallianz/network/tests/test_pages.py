import datetime

import pytest
from django.utils import timezone

from beschaffungsallianz.network.tests.factories import (
    MembershipFactory,
    NetworkPartnerFactory,
    OrganisationFactory,
)
from conftest import assert_contains

pytestmark = pytest.mark.django_db

PAGES = ["/arbeitskreis/", "/arbeitskreis/mitglieder/", "/netzwerk/", "/mitmachen/"]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_are_open_to_every_persona(network_site, persona, url):
    _name, client = persona
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("url", PAGES)
def test_odd_query_strings_do_not_break_public_pages(network_site, client, url):
    for query in ("?page=-1", "?sector=%00", "?q=" + "x" * 3000, "?gesendet=ja"):
        assert client.get(url + query).status_code == 200


def test_a_membership_that_begins_tomorrow_is_listed_tomorrow_without_a_change(
    network_site, client, settings, monkeypatch
):
    # the list is kept per generation of the page cache (issue 12) and for one day: who is a
    # current member depends on the date, and no write marks the day a membership begins
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/arbeitskreis/mitglieder/")  # the first request stores the site settings
    today = timezone.localdate()
    MembershipFactory(
        working_group=network_site["group"],
        since=today + datetime.timedelta(days=1),
        organisation=OrganisationFactory(name="Neue Kommune"),
    )
    assert "Neue Kommune" not in client.get("/arbeitskreis/mitglieder/").content.decode()

    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=1))

    assert "Neue Kommune" in client.get("/arbeitskreis/mitglieder/").content.decode()


def test_members_page_lists_current_members_grouped_by_sector(network_site, client):
    group = network_site["group"]
    MembershipFactory(
        working_group=group,
        since=datetime.date(2016, 4, 1),
        organisation=OrganisationFactory(
            name="Stadt Musterstadt",
            sector="municipality",
            place="Musterstadt",
            website="https://m.example.org/",
        ),
    )
    MembershipFactory(
        working_group=group,
        organisation=OrganisationFactory(
            name="Beispiel-Initiative e.V.", sector="civil_society", is_sample=True
        ),
    )
    MembershipFactory(  # former member: kept, not listed
        working_group=group,
        until=datetime.date(2020, 12, 31),
        organisation=OrganisationFactory(name="Ehemaliger Verein e.V."),
    )
    MembershipFactory(  # unpublished organisation: not listed
        working_group=group,
        organisation=OrganisationFactory(name="Entwurf GmbH", live=False),
    )

    content = client.get("/arbeitskreis/mitglieder/").content.decode()

    assert "Stadt Musterstadt" in content and "Beispiel-Initiative e.V." in content
    assert "Ehemaliger Verein e.V." not in content
    assert "Entwurf GmbH" not in content
    assert content.index(">Kommune<") < content.index(">Zivilgesellschaft<")
    assert content.index(">Kommune<") < content.index("Stadt Musterstadt")
    assert content.index(">Zivilgesellschaft<") < content.index("Beispiel-Initiative e.V.")
    assert "April 2016" in content
    assert 'href="https://m.example.org/"' in content
    assert "Beispiel" in content and "kern-badge" in content  # sample marked visibly
    assert '<caption class="kern-sr-only">' in content and 'scope="row"' in content
    assert "2 Organisationen sind derzeit Mitglied" in content


def test_working_group_page_shows_facts_and_links_to_members(network_site, client):
    MembershipFactory(working_group=network_site["group"])
    content = client.get("/arbeitskreis/").content.decode()
    assert_contains(
        content,
        "Faire und nachhaltige Beschaffung in Thüringen",
        "2012",
        "Steuerungsgremium des Projekts",
        "Offen für neue Akteure",
        'href="/arbeitskreis/mitglieder/"',
        'href="/mitmachen/"',
    )


def test_working_group_page_accepts_any_child_page_type():
    from beschaffungsallianz.core.models import StandardPage
    from beschaffungsallianz.network.models import WorkingGroupPage

    assert StandardPage in WorkingGroupPage.allowed_subpage_models()


def test_network_page_groups_partners_by_kind_with_what_we_do(network_site, client):
    NetworkPartnerFactory(
        name="Netzwerk Faire Beschaffung",
        kind="national",
        alliance_role="Wir bringen Thüringer Erfahrungen ein.",
    )
    NetworkPartnerFactory(name="Regionaler Beispielpartner", kind="regional", is_sample=True)
    NetworkPartnerFactory(name="Entwurfspartner", kind="regional", live=False)

    content = client.get("/netzwerk/").content.decode()

    assert content.index(">Regional<") < content.index(">Bundesweit<")
    assert "Wir bringen Thüringer Erfahrungen ein." in content
    assert "Was wir dort tun:" in content
    assert "Regionaler Beispielpartner" in content and "kern-badge" in content
    assert "Entwurfspartner" not in content


def test_empty_lists_say_so(network_site, client):
    assert (
        "Noch sind keine Mitgliedsorganisationen"
        in client.get("/arbeitskreis/mitglieder/").content.decode()
    )
    assert "Noch sind keine Netzwerkpartner" in client.get("/netzwerk/").content.decode()
