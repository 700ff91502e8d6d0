from io import StringIO

import pytest
from wagtail.models import Page, Site

from beschaffungsallianz.network.demo import load_demo
from beschaffungsallianz.network.models import (
    Membership,
    NetworkPartner,
    Organisation,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Page.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        NetworkPartner.objects.count(),
        WorkingGroup.objects.count(),
    )


def test_demo_creates_pages_and_is_idempotent(home, client):
    load_demo(StringIO())
    first = _counts()
    out = StringIO()
    load_demo(out)
    assert _counts() == first
    assert "created 0 pages, 0 organisations, 0 memberships, 0 partners" in out.getvalue()

    for url in ("/arbeitskreis/", "/arbeitskreis/mitglieder/", "/netzwerk/", "/mitmachen/"):
        assert client.get(url).status_code == 200, url
    home.refresh_from_db()  # numchild changed
    menu = set(home.get_children().filter(show_in_menus=True).values_list("slug", flat=True))
    assert {"arbeitskreis", "netzwerk", "mitmachen"} <= menu


def test_demo_lists_no_real_organisation_as_member(home, client):
    load_demo(StringIO())
    assert Organisation.objects.exists()
    assert not Organisation.objects.filter(is_sample=False).exists()
    # One former sample member, kept with its end date and not shown.
    former = Membership.objects.former().get()
    content = client.get("/arbeitskreis/mitglieder/").content.decode()
    assert former.organisation.name not in content
    assert "Stadt Musterstadt" in content


def test_demo_partners_real_facts_and_samples(home):
    load_demo(StringIO())
    nfb = NetworkPartner.objects.get(name="Netzwerk Faire Beschaffung")
    assert not nfb.is_sample and nfb.kind == "national"
    assert "2007" in nfb.description and "SKEW" in nfb.description and "150" in nfb.description
    sponsor = NetworkPartner.objects.get(name="Zukunftsfähiges Thüringen e.V.")
    assert not sponsor.is_sample
    assert NetworkPartner.objects.filter(is_sample=True).count() >= 2
    group = WorkingGroup.objects.get()
    assert (group.founded_year, group.is_steering_body, group.is_open) == (2012, True, True)


def test_demo_without_site_skips_pages(db):
    Site.objects.all().delete()
    out = StringIO()
    load_demo(out)
    assert "pages skipped" in out.getvalue()
    assert Organisation.objects.exists()
