"""Read-only JSON API of the network app, mounted under /api/v1/network/.

Only public data: current members of published organisations and published partners. No
join requests, no internal notes, no former memberships.
"""

import datetime

from django.db.models.functions import Lower
from ninja import Field, Router, Schema

from beschaffungsallianz.network.models import Membership, NetworkPartner

router = Router(tags=["network"])


class MemberOut(Schema):
    organisation: str
    sector: str = Field(
        description="municipality, civil_society, social_economy, authority, business or science"
    )
    sector_label: str
    place: str
    state: str = Field(description="Two-letter code of the federal state, or empty")
    website: str
    working_group: str
    member_since: datetime.date
    role: str
    is_sample: bool = Field(description="True for demo entries that are not real members")


class PartnerOut(Schema):
    name: str
    kind: str = Field(description="regional, state, national or network")
    kind_label: str
    url: str
    description: str
    alliance_role: str = Field(description="What the alliance does in this network")
    is_sample: bool


@router.get("/members/", response=list[MemberOut], summary="Current member organisations")
def list_members(request):
    memberships = Membership.objects.public().order_by(Lower("organisation__name"), "since")
    return [
        MemberOut(
            organisation=m.organisation.name,
            sector=m.organisation.sector,
            sector_label=str(m.organisation.get_sector_display()),
            place=m.organisation.place,
            state=m.organisation.state,
            website=m.organisation.website,
            working_group=m.working_group.name,
            member_since=m.since,
            role=m.role,
            is_sample=m.organisation.is_sample,
        )
        for m in memberships
    ]


@router.get("/partners/", response=list[PartnerOut], summary="Network partners")
def list_partners(request):
    return [
        PartnerOut(
            name=p.name,
            kind=p.kind,
            kind_label=str(p.get_kind_display()),
            url=p.url,
            description=p.description,
            alliance_role=p.alliance_role,
            is_sample=p.is_sample,
        )
        for p in NetworkPartner.objects.filter(live=True).order_by("sort_order", "name")
    ]
