"""The site header links to the login for visitors and to the account for people logged in."""

import pytest

from beschaffungsallianz.core.tests.factories import make_home

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix"), ["", "/en"])
def test_visitors_see_the_login_and_members_their_account_even_after_cached_pages(
    client, member, prefix
):
    make_home()
    for _ in range(2):  # the second answer may come from the page cache
        visitor = client.get(f"{prefix}/").content.decode()
    client.force_login(member)
    logged_in = client.get(f"{prefix}/").content.decode()

    assert f'href="{prefix}/konto/anmelden/"' in visitor
    assert f'href="{prefix}/konto/"' not in visitor
    assert f'href="{prefix}/konto/"' in logged_in
    assert f'href="{prefix}/konto/anmelden/"' not in logged_in
