"""Browser journey (axe on every page, the admin's included): a coordinator invites the working
group to a meeting from the admin; a member of the working group gets the mail with the .ics,
logs in from its link and answers on the site (bad input first); the coordinator sees the
answers and exports the participant list, approves the minutes and enters a decision; the
member reads the minutes with their history and finds the decision in the register.

With MEETINGS_SCREENSHOTS=<dir> the public pages are also photographed at 320, 390 and 1280 px.
"""

import os
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from beschaffungsallianz.core.tests.factories import StandardPageFactory, make_home
from beschaffungsallianz.meetings.models import Decision, Minutes, Rsvp
from beschaffungsallianz.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MeetingIndexPageFactory,
    MinutesFactory,
)
from conftest import PASSWORD, admin_login, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 1280)
# Waits for the admin's short animations (the messages' fade-in); a long or endless one (a
# 25-second animation of the admin) is left running: waiting for it cost 25 s per admin page.
FADES_FINISHED = """Promise.all(document.getAnimations().filter(a => {
    const end = a.effect ? a.effect.getComputedTiming().endTime : Infinity;
    return Number.isFinite(end) && end <= 2000;
}).map(a => a.finished))"""


def _look(page, name):
    """axe, no horizontal overflow at any width, screenshots if asked for."""
    assert_accessible(page)
    folder = os.environ.get("MEETINGS_SCREENSHOTS")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: {overflow}px horizontal overflow at {width}px"
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}--{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _admin_accessible(page):
    """axe on an admin page once its animations are over (Wagtail fades its messages in; axe
    would measure the contrast of a half-transparent message)."""
    page.evaluate(FADES_FINISHED)
    assert_accessible(page)


def _log_in(page, login):
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill(login)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_coordinator_invites_member_answers_minutes_and_decisions(page, settings, user_for):
    settings.BASE_URL = page.base_url
    home = make_home()
    working_group = StandardPageFactory(parent=home, title="Arbeitskreis", slug="arbeitskreis")
    MeetingIndexPageFactory(parent=working_group, title="Sitzungen des Arbeitskreises")
    past = MeetingFactory(
        slug="fruehjahr",
        title="Frühjahrssitzung",
        start=timezone.now() - timedelta(days=90),
        public_summary="Der Arbeitskreis hat über Dienstkleidung gesprochen.",
    )
    minutes = MinutesFactory(meeting=past, body="<p>Anwesend waren sieben Mitglieder.</p>")
    upcoming = MeetingFactory(slug="herbst", title="Herbstsitzung")
    AgendaItemFactory(meeting=upcoming, title="Genehmigung des Protokolls", sort_order=0)
    AgendaItemFactory(meeting=upcoming, title="Berichte", sort_order=1)
    member = user_for("arbeitskreis")
    user_for("coordinator")

    # The public sees that the spring meeting took place, nothing of the autumn one.
    page.goto(page.base_url + "/arbeitskreis/sitzungen/")
    expect(page.get_by_role("link", name="Frühjahrssitzung")).to_be_visible()
    assert "Herbstsitzung" not in page.content()
    _look(page, "sitzungen-oeffentlich")
    page.get_by_role("link", name="Frühjahrssitzung").click()
    page.wait_for_url("**/arbeitskreis/sitzungen/fruehjahr/")
    assert "sieben Mitglieder" not in page.content()
    _look(page, "sitzung-oeffentlich")

    # A coordinator sends the invitation from the admin.
    admin_login(page, "coordinator")
    page.goto(page.base_url + "/admin/snippets/meetings/meeting/")
    _admin_accessible(page)
    page.get_by_role("button", name=f"Weitere Optionen für '{upcoming}'").click()
    page.get_by_role("link", name="Einladung versenden").click()
    page.wait_for_url(f"**/action/{upcoming.pk}/invite/")
    expect(page.get_by_text("1 Mitglied des Arbeitskreises")).to_be_visible()
    _admin_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/snippets/meetings/meeting/")
    _admin_accessible(page)

    # The member gets the mail with the agenda and the .ics ...
    (invitation,) = mail.outbox
    assert invitation.to == [member.email]
    assert "1. Genehmigung des Protokolls" in invitation.body
    (vevent,) = icalendar.Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")
    assert str(vevent["summary"]) == "Herbstsitzung"
    answer_link = next(line for line in invitation.body.splitlines() if "/antwort/" in line)

    # ... logs in from its link and answers (bad input first: nothing stored).
    page.context.clear_cookies()
    page.goto(answer_link.strip())
    page.wait_for_url("**/konto/anmelden/**")
    assert_accessible(page)
    _log_in(page, "arbeitskreis")
    page.wait_for_url("**/arbeitskreis/sitzungen/herbst/antwort/")
    _look(page, "antwort")
    page.get_by_role("button", name="Antwort speichern").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fehler:")
    _look(page, "antwort-fehler")
    assert not Rsvp.objects.exists()
    page.get_by_label("Ja, ich nehme teil").check()
    page.get_by_label("Hinweis an die Koordination").fill("Ich komme mit dem Zug.")
    page.get_by_role("button", name="Antwort speichern").click()
    page.wait_for_url("**/arbeitskreis/sitzungen/herbst/#antwort")
    expect(page.get_by_text("Ihre Antwort: Ja, ich nehme teil.")).to_be_visible()
    expect(page.get_by_text("Genehmigung des Protokolls")).to_be_visible()
    _look(page, "sitzung-arbeitskreis")
    page.goto(page.base_url + "/arbeitskreis/sitzungen/")
    expect(page.get_by_role("link", name="Herbstsitzung")).to_be_visible()
    _look(page, "sitzungen-arbeitskreis")

    # The coordinator sees the answer and exports the participant list.
    page.context.clear_cookies()
    admin_login(page, "coordinator")
    # (the unfiltered list: with a filter set, Wagtail 8's filter button shows a count beside its
    # aria-label "Show filters", which axe reports as label-content-name-mismatch)
    page.goto(page.base_url + "/admin/snippets/meetings/rsvp/")
    expect(page.get_by_text("Ich komme mit dem Zug.")).to_be_visible()
    _admin_accessible(page)
    export = page.request.get(
        page.base_url + f"/admin/snippets/meetings/rsvp/?meeting={upcoming.pk}&export=csv"
    )
    assert export.ok
    assert "Ja, ich nehme teil" in export.text()
    assert member.email in export.text()

    # ... approves the spring minutes at the autumn meeting and enters a decision.
    page.goto(page.base_url + "/admin/snippets/meetings/minutes/")
    _admin_accessible(page)
    page.get_by_role("button", name=f"Weitere Optionen für '{minutes}'").click()
    page.get_by_role("link", name="Genehmigen").click()
    page.wait_for_url(f"**/action/{minutes.pk}/approve/")
    _admin_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/snippets/meetings/minutes/")
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at) == (Minutes.Status.APPROVED, upcoming)

    page.goto(page.base_url + "/admin/snippets/meetings/decision/add/")
    _admin_accessible(page)
    page.locator("#id_number").fill("2026/1")
    page.locator("#id_decided_on").fill(past.start.date().isoformat())
    page.locator("#id_text").fill(
        "Die Mitglieder beschaffen Dienstkleidungen nach Sozialstandards."
    )
    page.get_by_role("button", name="Speichern").first.click()
    page.wait_for_url("**/admin/snippets/meetings/decision/")
    assert Decision.objects.get().number == "2026/1"

    # The member reads the approved minutes and finds the decision in the register.
    page.context.clear_cookies()
    page.goto(page.base_url + "/konto/anmelden/")
    _log_in(page, "arbeitskreis")
    page.wait_for_url("**/konto/")
    page.goto(page.base_url + "/arbeitskreis/sitzungen/fruehjahr/")
    expect(page.get_by_text("sieben Mitglieder")).to_be_visible()
    page.get_by_role("link", name="Alle Fassungen des Protokolls und ihre Änderungen").click()
    page.wait_for_url("**/fruehjahr/protokoll/")
    expect(page.get_by_text("genehmigt am").first).to_be_visible()
    _look(page, "protokoll")
    page.goto(page.base_url + "/arbeitskreis/sitzungen/")
    page.get_by_role("link", name="Beschlussregister").click()
    page.wait_for_url("**/arbeitskreis/sitzungen/beschluesse/")
    page.get_by_label("Beschlüsse durchsuchen").fill("Dienstkleidung")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**/beschluesse/?q=Dienstkleidung*")
    expect(page.get_by_role("heading", name="Beschluss 2026/1")).to_be_visible()
    _look(page, "beschluesse")
