"""Models of the network app, one module per kind of content:

- ``organisations``: organisations, the working group, memberships, network partners;
- ``join_requests``: requests to join, sent through /mitmachen/ (personal data);
- ``pages``: the four pages, whose ``serve`` and ``get_context`` are the public views.

Code the pages call (forms.py, services.py, tasks.py) imports from ``organisations`` and
``join_requests`` directly, never from this package, so no import cycle runs through the pages.
"""

from beschaffungsallianz.network.models.join_requests import JoinRequest, JoinRequestQuerySet
from beschaffungsallianz.network.models.organisations import (
    Membership,
    MembershipQuerySet,
    NetworkPartner,
    Organisation,
    OrganisationQuerySet,
    PartnerKind,
    Sector,
    WorkingGroup,
)
from beschaffungsallianz.network.models.pages import (
    JoinPage,
    MemberListPage,
    NetworkPage,
    WorkingGroupPage,
)

__all__ = [
    "JoinPage",
    "JoinRequest",
    "JoinRequestQuerySet",
    "MemberListPage",
    "Membership",
    "MembershipQuerySet",
    "NetworkPage",
    "NetworkPartner",
    "Organisation",
    "OrganisationQuerySet",
    "PartnerKind",
    "Sector",
    "WorkingGroup",
    "WorkingGroupPage",
]
