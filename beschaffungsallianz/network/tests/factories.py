import datetime

import factory
from factory.django import DjangoModelFactory

from beschaffungsallianz.network.models import (
    JoinRequest,
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
