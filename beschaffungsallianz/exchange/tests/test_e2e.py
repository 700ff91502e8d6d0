"""Browser journey of the members' exchange: a member logs in and asks a question (bad input
first); another member finds it on the start page and answers, quoting it; the asker gets the
notification mail, follows its link, marks the answer as helpful and finds the thread again by
search. axe-core (WCAG 2.1 A/AA) on every page visited: zero violations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.exchange.models import Thread
from conftest import PASSWORD, PERSONA_USERS, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    """On /konto/anmelden/?next=…: fill in and send the form."""
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill(username)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_ask_answer_notify_and_find_again(page, _playwright_browser, live_server):
    make_home()
    asker = PERSONA_USERS["member"]("member")
    PERSONA_USERS["arbeitskreis"]("arbeitskreis")

    # The asker: the members' area sends to the login and back.
    page.goto(page.base_url + "/mitgliederbereich/")
    page.wait_for_url(re.compile(r".*/konto/anmelden/\?next="))
    log_in(page, "member")
    page.wait_for_url(page.base_url + "/mitgliederbereich/")
    assert_accessible(page)
    page.get_by_role("link", name="Frage stellen").first.click()
    page.wait_for_url("**/austausch/neu/")
    assert_accessible(page)
    page.get_by_role("button", name="Frage veröffentlichen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fehler:")
    assert_accessible(page)
    assert not Thread.objects.exists()
    page.get_by_label("Titel").fill("Wer hat Erfahrung mit fairen Arbeitsschuhen?")
    page.get_by_label("Ihr Text").fill("Wir suchen Nachweise für Sicherheitsschuhe.")
    page.get_by_label("Bundesland").select_option("TH")
    page.get_by_role("button", name="Frage veröffentlichen").click()
    page.wait_for_url(re.compile(r".*/austausch/\d+/$"))
    expect(
        page.get_by_role("heading", name="Wer hat Erfahrung mit fairen Arbeitsschuhen?")
    ).to_be_visible()
    assert_accessible(page)
    thread_path = page.url.removeprefix(page.base_url)

    # Another member finds it on the start page and answers with a quote.
    other = _playwright_browser.new_context(locale="de-DE", base_url=live_server.url)
    answer = other.new_page()
    answer.goto(live_server.url + "/konto/anmelden/?next=/mitgliederbereich/")
    log_in(answer, "arbeitskreis")
    answer.wait_for_url(live_server.url + "/mitgliederbereich/")
    answer.base_url = live_server.url
    answer.get_by_role("link", name="Wer hat Erfahrung mit fairen Arbeitsschuhen?").click()
    answer.wait_for_url(re.compile(r".*/austausch/\d+/$"))
    answer.get_by_role("link", name=re.compile("^Zitieren")).first.click()
    reply = answer.get_by_label("Ihr Text")
    assert reply.input_value().startswith("> Member:\n> Wir suchen Nachweise")
    assert_accessible(answer)
    mail.outbox.clear()
    reply.fill(reply.input_value() + "Wir haben das Gütezeichen Blauer Engel anerkannt.")
    answer.get_by_role("button", name="Antwort veröffentlichen").click()
    answer.wait_for_url(re.compile(r".*#beitrag-\d+$"))
    assert_accessible(answer)
    other.close()

    # The asker gets the mail and follows its link.
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert "Blauer Engel" in mail.outbox[0].body
    link = re.search(r"https?://\S+?(/mitgliederbereich/austausch/\d+/)", mail.outbox[0].body)
    assert link.group(1) == thread_path
    page.goto(page.base_url + link.group(1))
    page.get_by_role("button", name=re.compile("^Als hilfreich markieren")).click()
    expect(page.get_by_text("Hilfreiche Antwort")).to_be_visible()
    assert_accessible(page)

    # … and finds it again by search.
    page.goto(page.base_url + "/mitgliederbereich/austausch/")
    page.get_by_label("Austausch durchsuchen").fill("Engel")
    page.get_by_role("button", name="Themen suchen").click()
    expect(
        page.get_by_role("link", name="Wer hat Erfahrung mit fairen Arbeitsschuhen?")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(page.base_url + "/mitgliederbereich/mitglieder/")
    assert_accessible(page)
