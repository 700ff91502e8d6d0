import pytest
from django.core.cache import cache

from conftest import ensure_base_data


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def build_network_site():
    """Home page as the default site's root, with the four network pages below it."""
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage
    from beschaffungsallianz.network.models import (
        JoinPage,
        MemberListPage,
        NetworkPage,
        WorkingGroupPage,
    )
    from beschaffungsallianz.network.tests.factories import WorkingGroupFactory

    ensure_base_data()
    group = WorkingGroupFactory()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    wg_page = home.add_child(
        instance=WorkingGroupPage(
            title="Arbeitskreis",
            slug="arbeitskreis",
            working_group=group,
            show_in_menus=True,
            intro="Der Arbeitskreis steuert das Projekt.",
        )
    )
    members = wg_page.add_child(instance=MemberListPage(title="Mitglieder", slug="mitglieder"))
    network = home.add_child(instance=NetworkPage(title="Netzwerk", slug="netzwerk"))
    join = home.add_child(
        instance=JoinPage(
            title="Mitmachen",
            slug="mitmachen",
            intro="Machen Sie mit.",
        )
    )
    return {
        "group": group,
        "home": home,
        "working_group": wg_page,
        "members": members,
        "network": network,
        "join": join,
    }


@pytest.fixture
def network_site(db):
    return build_network_site()
