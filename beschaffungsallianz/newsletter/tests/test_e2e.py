"""Browser journey (axe on every page): a visitor signs up for the newsletter (bad input
first), confirms with the link from the mail, receives an issue (its HTML passes axe too),
reads the archive, and leaves with the unsubscribe link. The sign-up page is the page cache's:
its token comes from site.js.

With NEWSLETTER_SCREENSHOTS=<dir> the pages are also photographed at 320, 390 and 1280 px.
"""

import os

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.newsletter.models import Subscriber
from beschaffungsallianz.newsletter.tests.factories import (
    NewsletterIndexPageFactory,
    NewsletterIssuePageFactory,
)
from conftest import assert_accessible, look_at_widths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link(message, marker):
    line = next(line for line in message.body.splitlines() if marker in line)
    return line.split()[-1]


def test_visitor_subscribes_confirms_receives_an_issue_and_unsubscribes(page, settings):
    settings.BASE_URL = page.base_url
    home = make_home()
    ProductGroupFactory(slug="papier", name="Papier")
    index = NewsletterIndexPageFactory(parent=home, intro="Neuigkeiten per E-Mail.")
    issue = NewsletterIssuePageFactory(parent=index, title="Newsletter März", slug="maerz")

    # Bad input first: nothing is stored.
    page.goto(page.base_url + "/newsletter/")
    assert_accessible(page)
    look_at_widths(page, "newsletter", "NEWSLETTER_SCREENSHOTS")
    # The page is the page cache's (no token in it): site.js fetched this visitor's token.
    token = page.locator("input[name=csrfmiddlewaretoken]")
    page.wait_for_function("document.querySelector('[data-csrf-token-url]').value !== ''")
    assert len(token.input_value()) >= 32
    page.get_by_label("E-Mail-Adresse").fill("kein-at-zeichen")
    page.get_by_role("button", name="Abonnieren").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Bitte korrigieren Sie 2 Angaben")
    assert page.title().startswith("Fehler:")
    assert_accessible(page)
    look_at_widths(page, "newsletter-errors", "NEWSLETTER_SCREENSHOTS")
    assert not Subscriber.objects.exists()

    # Good input.
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Papier").check()
    page.get_by_label("Ich möchte den Newsletter").check()
    page.get_by_role("button", name="Abonnieren").click()
    page.wait_for_url("**/newsletter/")
    assert page.get_by_role("heading", name="Vielen Dank. Bitte sehen Sie in Ihr Postfach.")
    assert_accessible(page)
    look_at_widths(page, "newsletter-sent", "NEWSLETTER_SCREENSHOTS")

    # The confirmation link: a button, then confirmed.
    (confirmation,) = mail.outbox
    page.goto(_link(confirmation, "/bestaetigen/"))
    assert_accessible(page)
    look_at_widths(page, "confirm", "NEWSLETTER_SCREENSHOTS")
    page.get_by_role("button", name="Abonnement bestätigen").click()
    expect(page.get_by_role("heading", name="Ihr Abonnement ist bestätigt.")).to_be_visible()
    assert_accessible(page)
    look_at_widths(page, "confirmed", "NEWSLETTER_SCREENSHOTS")
    assert Subscriber.objects.get().is_confirmed

    # The issue arrives; its HTML part passes axe as a page of its own.
    call_command("send_newsletter", str(issue.pk), stdout=open(os.devnull, "w"))  # noqa: SIM115
    newsletter = mail.outbox[-1]
    assert newsletter.to == ["erika@example.org"]
    page.goto(page.base_url + "/newsletter/archiv/")  # a page of the site, then replaced
    page.set_content(newsletter.alternatives[0][0])
    assert_accessible(page)
    look_at_widths(page, "mail", "NEWSLETTER_SCREENSHOTS")

    # The archive lists it; the issue reads as in the mail.
    page.goto(page.base_url + "/newsletter/archiv/")
    assert_accessible(page)
    look_at_widths(page, "archive", "NEWSLETTER_SCREENSHOTS")
    page.get_by_role("link", name="Newsletter März").click()
    page.wait_for_url("**/newsletter/maerz/")
    expect(page.get_by_role("heading", name="Aus dem Arbeitskreis")).to_be_visible()
    assert_accessible(page)
    look_at_widths(page, "issue", "NEWSLETTER_SCREENSHOTS")

    # She leaves with the link from the mail.
    page.goto(_link(newsletter, "/newsletter/abmelden/"))
    assert_accessible(page)
    look_at_widths(page, "unsubscribe", "NEWSLETTER_SCREENSHOTS")
    page.get_by_role("button", name="Jetzt abmelden").click()
    expect(page.get_by_role("heading", name="Sie sind abgemeldet.")).to_be_visible()
    assert_accessible(page)
    look_at_widths(page, "unsubscribed", "NEWSLETTER_SCREENSHOTS")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_without_javascript_the_sign_up_comes_back_once_and_then_succeeds(page):
    """The cached sign-up page has no token without site.js: the first submit returns the
    form with the entries kept and a note (axe, widths), the second signs up."""
    home = make_home()
    NewsletterIndexPageFactory(parent=home, intro="Neuigkeiten per E-Mail.")
    context = page.context.browser.new_context(java_script_enabled=False, base_url=page.base_url)
    plain = context.new_page()
    try:
        plain.goto(page.base_url + "/newsletter/")
        plain.get_by_label("E-Mail-Adresse").fill("erika@example.org")
        plain.get_by_label("Ich möchte den Newsletter").check()
        plain.get_by_role("button", name="Abonnieren").click()

        summary = plain.locator("#error-summary")
        expect(summary).to_contain_text("bitte senden Sie das Formular noch einmal ab")
        assert plain.get_by_label("E-Mail-Adresse").input_value() == "erika@example.org"
        assert not Subscriber.objects.exists()
        page.goto(page.base_url + "/newsletter/")  # axe needs scripts: the same HTML there
        page.set_content(plain.content())
        assert_accessible(page)
        look_at_widths(page, "newsletter-resubmit", "NEWSLETTER_SCREENSHOTS")

        plain.get_by_role("button", name="Abonnieren").click()
        plain.wait_for_url("**/newsletter/")
        assert "Bitte sehen Sie in Ihr Postfach" in plain.content()
        assert Subscriber.objects.get().email == "erika@example.org"
    finally:
        context.close()
