"""Browser tests: the join form with bad then good input; a coordinator accepts a request.

Every page visited is checked with axe-core (WCAG 2.1 A/AA): zero violations.
"""

import pytest
from playwright.sync_api import expect

from beschaffungsallianz.network.tests.factories import build_network_site
from conftest import PASSWORD, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_join_form_bad_then_good_input(page):
    from beschaffungsallianz.network.models import JoinRequest

    build_network_site()
    page.goto(page.base_url + "/mitmachen/")
    assert_accessible(page)

    # Bad input: no name, a broken address, no consent.
    page.get_by_label("Organisation", exact=True).fill("Gemeinde Neudorf")
    page.get_by_label("E-Mail-Adresse").fill("kein-at-zeichen")
    page.get_by_role("button", name="Anfrage senden").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Bitte korrigieren Sie 4 Angaben")
    assert page.title().startswith("Fehler:")
    assert page.get_by_label("Organisation", exact=True).input_value() == "Gemeinde Neudorf"
    email = page.get_by_label("E-Mail-Adresse")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in email.get_attribute("aria-describedby")
    assert_accessible(page)
    assert not JoinRequest.objects.exists()

    # The error summary links to the field.
    summary.get_by_role("link", name="Geben Sie eine E-Mail-Adresse").click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    # Good input.
    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("Bereich").select_option("municipality")
    email.fill("erika@neudorf.example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anfrage senden").click()
    page.wait_for_url("**/mitmachen/?gesendet=1")
    thanks = page.get_by_role("heading", name="Vielen Dank, Ihre Anfrage wurde gesendet.")
    expect(thanks).to_be_visible()
    assert_accessible(page)
    join_request = JoinRequest.objects.get()
    assert (join_request.organisation_name, join_request.sector) == (
        "Gemeinde Neudorf",
        "municipality",
    )


def test_coordinator_accepts_request_and_organisation_appears_on_members_page(page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from beschaffungsallianz.core.roles import COORDINATOR_GROUP
    from beschaffungsallianz.network.models import JoinRequest
    from beschaffungsallianz.network.tests.factories import (
        JoinRequestFactory,
        MembershipFactory,
        NetworkPartnerFactory,
    )

    site = build_network_site()
    MembershipFactory(working_group=site["group"])
    NetworkPartnerFactory(name="Netzwerk Faire Beschaffung", url="https://example.org/nfb/")
    NetworkPartnerFactory(name="Beispielnetzwerk", kind="regional", is_sample=True)
    join_request = JoinRequestFactory(organisation_name="Gemeinde Neudorf", sector="municipality")
    coordinator = get_user_model().objects.create_user(
        "koordination", email="k@example.org", password=PASSWORD
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR_GROUP))

    page.goto(page.base_url + "/arbeitskreis/mitglieder/")
    assert page.get_by_text("Gemeinde Neudorf").count() == 0
    assert_accessible(page)

    page.goto(page.base_url + "/admin/login/")
    page.locator("input[name=username]").fill("koordination")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(page.base_url + "/admin/")

    page.goto(page.base_url + "/admin/snippets/network/joinrequest/")
    # The status actions are in the row's "…" menu.
    page.get_by_role("button", name="Weitere Optionen für 'Gemeinde Neudorf'").click()
    page.get_by_role("link", name="Annehmen").click()
    page.wait_for_url(f"**/action/{join_request.pk}/accept/")
    page.locator("main form button[type=submit]", has_text="Annehmen").click()
    page.wait_for_url("**/admin/snippets/network/joinrequest/")
    assert page.get_by_text("ist jetzt Mitglied").count() >= 1
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED

    page.goto(page.base_url + "/arbeitskreis/mitglieder/")
    expect(page.get_by_role("rowheader", name="Gemeinde Neudorf")).to_be_visible()
    assert_accessible(page)

    for url in ("/netzwerk/", "/arbeitskreis/"):
        page.goto(page.base_url + url)
        assert_accessible(page)
