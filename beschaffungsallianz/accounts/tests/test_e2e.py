"""Browser test of the account journey: register (bad, then good input), confirm the address
from the mail, a coordinator confirms the account in the admin (mail), log in as a member.

Every public page visited is checked with axe-core (WCAG 2.1 A/AA): zero violations.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD, admin_login, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, login):
    """On /konto/anmelden/: fill in and send the form; lands on /konto/."""
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill(login)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/konto/")


def test_register_confirm_verify_and_log_in_as_member(page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from beschaffungsallianz.accounts.models import Profile
    from beschaffungsallianz.core.roles import COORDINATOR_GROUP
    from beschaffungsallianz.core.tests.factories import make_home

    make_home()
    coordinator = get_user_model().objects.create_user(
        "koordination", email="k@example.org", password=PASSWORD
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR_GROUP))

    # Register: bad input first.
    page.goto(page.base_url + "/konto/registrieren/")
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("kein-at-zeichen")
    page.get_by_role("button", name="Registrieren").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Fehler:")
    assert page.get_by_label("E-Mail-Adresse").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert not Profile.objects.exists()

    # Good input.
    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@gotha.example.org")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORD)
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url("**/konto/e-mail/bestaetigen/")
    assert_accessible(page)

    # The confirmation link from the mail.
    assert mail.outbox[-1].to == ["erika@gotha.example.org"]
    link = re.search(r"https?://\S+?(/konto/e-mail/bestaetigen/\S+/)", mail.outbox[-1].body)
    page.goto(page.base_url + link.group(1))
    assert_accessible(page)
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/konto/anmelden/")
    assert_accessible(page)
    log_in(page, "erika@gotha.example.org")
    expect(page.get_by_text("wartet auf die Bestätigung durch die Koordination")).to_be_visible()
    assert_accessible(page)
    profile = Profile.objects.get(user__email="erika@gotha.example.org")
    assert profile.status == Profile.Status.PENDING

    # A coordinator confirms the account in the admin.
    page.context.clear_cookies()
    admin_login(page, "koordination")
    page.goto(page.base_url + "/admin/snippets/accounts/profile/?status=pending")
    page.get_by_role("button", name="Weitere Optionen für 'Erika Mustermann'").click()
    page.get_by_role("link", name="Bestätigen").click()
    page.wait_for_url(f"**/action/{profile.pk}/approve/")
    page.get_by_label("Begründung").fill("Vergabestelle des Landkreises")
    page.locator("main form button[type=submit]", has_text="Bestätigen").click()
    page.wait_for_url("**/admin/snippets/accounts/profile/")
    profile.refresh_from_db()
    assert profile.status == Profile.Status.VERIFIED
    assert mail.outbox[-1].subject == "Ihr Konto wurde bestätigt"
    assert "Vergabestelle des Landkreises" in mail.outbox[-1].body

    # The person logs in as a member.
    page.context.clear_cookies()
    page.goto(page.base_url + "/konto/anmelden/")
    log_in(page, "erika@gotha.example.org")
    expect(page.get_by_text("Sie können den Mitgliederbereich nutzen")).to_be_visible()
    assert_accessible(page)
    for url in ("/konto/e-mail/", "/konto/passwort/aendern/", "/konto/loeschen/"):
        page.goto(page.base_url + url)
        assert_accessible(page)
    page.goto(page.base_url + "/konto/abmelden/")
    assert_accessible(page)
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(page.base_url + "/")
