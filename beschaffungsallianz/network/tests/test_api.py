import datetime

import pytest

from beschaffungsallianz.network.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    NetworkPartnerFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_members_api_lists_current_public_members_without_personal_data(client):
    MembershipFactory(
        organisation=OrganisationFactory(
            name="Stadt Musterstadt", sector="municipality", state="TH", is_sample=True
        ),
        since=datetime.date(2016, 4, 1),
        role="Sprecherin",
        notes="intern: Frau X anrufen",
    )
    MembershipFactory(
        organisation=OrganisationFactory(name="Ehemalig"), until=datetime.date(2020, 1, 1)
    )
    MembershipFactory(organisation=OrganisationFactory(name="Entwurf", live=False))
    JoinRequestFactory(email="geheim@example.org")

    response = client.get("/api/v1/network/members/")

    assert response.status_code == 200
    data = response.json()
    assert [m["organisation"] for m in data] == ["Stadt Musterstadt"]
    member = data[0]
    assert member["sector"] == "municipality"
    assert member["member_since"] == "2016-04-01"
    assert member["is_sample"] is True
    assert member["state"] == "TH"
    assert "notes" not in member
    assert "geheim@example.org" not in response.content.decode()
    assert "Frau X" not in response.content.decode()


def test_partners_api_lists_published_partners_in_order(client):
    NetworkPartnerFactory(name="B", sort_order=2)
    NetworkPartnerFactory(name="A", sort_order=1, kind="network")
    NetworkPartnerFactory(name="Entwurf", live=False)
    data = client.get("/api/v1/network/partners/").json()
    assert [p["name"] for p in data] == ["A", "B"]
    assert data[0]["kind"] == "network"


def test_api_is_read_only(client):
    assert client.post("/api/v1/network/members/").status_code == 405


def test_api_is_public_for_every_persona(persona):
    _name, client = persona
    assert client.get("/api/v1/network/members/").status_code == 200
    assert client.get("/api/v1/network/partners/").status_code == 200
