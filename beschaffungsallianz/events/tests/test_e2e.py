"""Browser journey (axe on every page): a visitor finds the next Fachtag on /termine/,
registers (bad input first), gets the confirmation with the .ics, cancels with the personal
link, and the first on the waiting list moves up and is told.

With EVENTS_SCREENSHOTS=<dir> the pages are also photographed at 320, 390 and 1280 px.
"""

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import assert_accessible, look_at_widths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_registers_cancels_and_the_waiting_list_moves_up(page, settings):
    from beschaffungsallianz.core.tests.factories import make_home
    from beschaffungsallianz.events.models import Registration
    from beschaffungsallianz.events.tests.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        RegistrationFactory,
    )

    settings.BASE_URL = page.base_url
    home = make_home()
    index = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=index,
        title="5. Thüringer Fachtag: IT",
        slug="fachtag-5",
        start=EventPageFactory.start.function().replace(year=2017),
        end=None,
        date_precision="day",
    )
    event = EventPageFactory(
        parent=index,
        title="Thüringer Fachtag 2027",
        slug="fachtag",
        registration_enabled=True,
        capacity=1,
        waiting_list_places=1,
        event_format="hybrid",
        online_url="https://example.org/raum",
        venue="Rathaus",
        street="Fischmarkt 1",
        postcode="99084",
        costs="kostenfrei",
        step_free=True,
    )
    waiting = RegistrationFactory(
        event=event, email="wartend@example.org", status=Registration.Status.WAITLISTED
    )
    waiting.status = Registration.Status.WAITLISTED
    waiting.save()

    # The visitor finds the next Fachtag.
    page.goto(page.base_url + "/termine/")
    assert_accessible(page)
    look_at_widths(page, "termine", "EVENTS_SCREENSHOTS")
    page.get_by_role("link", name="Thüringer Fachtag 2027").click()
    page.wait_for_url("**/termine/fachtag/")
    assert_accessible(page)
    look_at_widths(page, "event", "EVENTS_SCREENSHOTS")
    assert "example.org/raum" not in page.content()
    page.locator("#main").get_by_role("link", name="Anmelden").click()
    page.wait_for_url("**/termine/fachtag/anmelden/")
    assert_accessible(page)
    look_at_widths(page, "registration", "EVENTS_SCREENSHOTS")

    # Bad input first: nothing is stored.
    page.get_by_label("E-Mail-Adresse").fill("kein-at-zeichen")
    page.get_by_role("button", name="Anmelden").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Bitte korrigieren Sie 3 Angaben")
    assert page.title().startswith("Fehler:")
    assert_accessible(page)
    look_at_widths(page, "registration-errors", "EVENTS_SCREENSHOTS")
    assert Registration.objects.count() == 1

    # Good input.
    page.get_by_label("Ihr Name").fill("Erika Muster")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/termine/fachtag/anmelden/")
    expect(page.get_by_role("heading", name="Vielen Dank, Sie sind angemeldet.")).to_be_visible()
    assert_accessible(page)

    # The confirmation carries the calendar file and the personal link.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["erika@example.org"]
    (vevent,) = icalendar.Calendar.from_ical(confirmation.attachments[0][1]).walk("VEVENT")
    assert str(vevent["summary"]) == "Thüringer Fachtag 2027"
    link = next(line for line in confirmation.body.splitlines() if "/teilnahme/" in line)

    # She cancels with the link; the first on the waiting list moves up and is told.
    page.goto(link.strip())
    expect(page.get_by_role("link", name="https://example.org/raum")).to_be_visible()
    assert_accessible(page)
    look_at_widths(page, "personal", "EVENTS_SCREENSHOTS")
    page.get_by_role("button", name="Meine Anmeldung stornieren").click()
    expect(
        page.get_by_role(
            "heading", name="Ihre Anmeldung ist storniert und Ihre Angaben sind gelöscht."
        )
    ).to_be_visible()
    assert_accessible(page)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    moved_up = mail.outbox[-1]
    assert moved_up.to == ["wartend@example.org"]
    assert moved_up.subject.startswith("Sie haben einen Platz")
    assert "https://example.org/raum" in moved_up.body
