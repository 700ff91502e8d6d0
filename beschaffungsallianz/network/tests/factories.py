import datetime

import factory
from factory.django import DjangoModelFactory

from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.network.models import pages
from beschaffungsallianz.network.models.join_requests import JoinRequest
from beschaffungsallianz.network.models.organisations import (
    Membership,
    NetworkPartner,
    Organisation,
    PartnerKind,
    Sector,
    WorkingGroup,
)


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("name",)

    name = "Faire und nachhaltige Beschaffung in Thüringen"
    founded_year = 2012
    is_steering_body = True
    is_open = True


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.MUNICIPALITY
    place = "Musterstadt"
    website = "https://example.org/"
    is_sample = False


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    working_group = factory.SubFactory(WorkingGroupFactory)
    since = datetime.date(2015, 1, 1)
    until = None


class NetworkPartnerFactory(DjangoModelFactory):
    class Meta:
        model = NetworkPartner

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.NATIONAL
    description = "Ein Netzwerk."
    alliance_role = "Wir tauschen uns aus."


class JoinRequestFactory(DjangoModelFactory):
    class Meta:
        model = JoinRequest

    name = "Erika Mustermann"
    organisation_name = factory.Sequence(lambda n: f"Neue Organisation {n}")
    sector = Sector.CIVIL_SOCIETY
    email = "erika@example.org"
    message = "Wir möchten mitmachen."
    consent = True


def build_network_site() -> dict:
    """The home page (default site root) with the four network pages below it; the pages and
    the working group by key (the ``network_site`` fixture; browser tests call it inside the
    test, once the live server runs)."""
    group = WorkingGroupFactory()
    home = make_home()
    wg_page = home.add_child(
        instance=pages.WorkingGroupPage(
            title="Arbeitskreis",
            slug="arbeitskreis",
            working_group=group,
            show_in_menus=True,
            intro="Der Arbeitskreis steuert das Projekt.",
        )
    )
    members = wg_page.add_child(
        instance=pages.MemberListPage(title="Mitglieder", slug="mitglieder")
    )
    network = home.add_child(instance=pages.NetworkPage(title="Netzwerk", slug="netzwerk"))
    join = home.add_child(
        instance=pages.JoinPage(title="Mitmachen", slug="mitmachen", intro="Machen Sie mit.")
    )
    return {
        "group": group,
        "home": home,
        "working_group": wg_page,
        "members": members,
        "network": network,
        "join": join,
    }
