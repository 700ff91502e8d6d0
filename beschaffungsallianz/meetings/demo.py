"""Demo content of the meetings app, loaded by ``manage.py load_demo_content``.

Fact: the working group "Faire und nachhaltige Beschaffung in Thüringen" exists since 2012 and
meets about twice a year. Everything else is a sample, marked ``is_sample`` and "Beispiel":
two past meetings (about eleven and five months ago) with minutes and decisions, and one
upcoming meeting (in about five weeks) with an agenda. The first meeting's minutes were
approved at the second (version 1, and a corrected version 2 with its change note); the
second meeting's minutes are a draft, to be approved at the upcoming meeting. Dates are set
relative to the first run; idempotent by the meetings' slugs and the decisions' numbers.

It also makes the members-only library (``meetings/library.py``).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.meetings.library import ensure_library
from beschaffungsallianz.meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingIndexPage,
    Minutes,
)

PAGE = {
    "title": "Sitzungen des Arbeitskreises",
    "intro": (
        "Der Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“ besteht seit 2012 "
        "und trifft sich etwa zweimal im Jahr. Hier steht, wann er getagt hat; Tagesordnungen, "
        "Protokolle und Beschlüsse sehen die Mitglieder des Arbeitskreises nach der Anmeldung."
    ),
}

TITLE = "Beispiel-Sitzung des Arbeitskreises"
PLACE = "Beispielort, Musterstraße 1 (Beispiel)"
ONLINE = "https://example.org/beispiel-videokonferenz"

# slug, days from the first run, agenda, public summary
MEETINGS = [
    (
        "beispiel-sitzung-1",
        -330,
        ["Begrüßung", "Berichte aus den Mitgliedsorganisationen", "Planung des Jahres"],
        "Beispiel: Der Arbeitskreis hat die Planung des Jahres besprochen.",
    ),
    (
        "beispiel-sitzung-2",
        -150,
        ["Genehmigung des Protokolls der letzten Sitzung", "Berichte", "Verschiedenes"],
        "Beispiel: Der Arbeitskreis hat über Berichte aus den Kommunen gesprochen.",
    ),
    (
        "beispiel-sitzung-3",
        35,
        [
            "Genehmigung des Protokolls der letzten Sitzung",
            "Stand der Beschlüsse",
            "Berichte aus den Mitgliedsorganisationen",
            "Verschiedenes",
        ],
        "",
    ),
]

MINUTES_1 = (
    "<h3>Beispielprotokoll</h3><p>Dies ist ein erfundenes Beispielprotokoll der Demo.</p>"
    "<p>Anwesend: sieben Mitglieder (Beispiel).</p>"
    "<p>Zu TOP 3 verabredet der Arbeitskreis zwei Treffen im Jahr.</p>"
)
MINUTES_1_CORRECTED = MINUTES_1.replace("sieben Mitglieder", "acht Mitglieder")
MINUTES_2 = (
    "<h3>Beispielprotokoll</h3><p>Dies ist ein erfundenes Beispielprotokoll der Demo, ein "
    "Entwurf bis zur nächsten Sitzung.</p><p>Zu TOP 2 berichten die Mitglieder aus ihren "
    "Organisationen (Beispiel).</p>"
)

# number, meeting slug, text, status
DECISIONS = [
    (
        "Beispiel 1/1",
        "beispiel-sitzung-1",
        "Beispiel: Der Arbeitskreis trifft sich zweimal im Jahr; die Koordination lädt ein.",
        Decision.Status.DONE,
    ),
    (
        "Beispiel 1/2",
        "beispiel-sitzung-1",
        "Beispiel: Die Koordination sammelt Praxisbeispiele aus den Mitgliedsorganisationen.",
        Decision.Status.IN_PROGRESS,
    ),
    (
        "Beispiel 2/1",
        "beispiel-sitzung-2",
        "Beispiel: Ein Leitfaden zur Vergabe von Dienstkleidung wird vorbereitet.",
        Decision.Status.OPEN,
    ),
]


def _start(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _ensure_meetings(stdout) -> dict[str, Meeting]:
    meetings = {}
    for slug, days, agenda, summary in MEETINGS:
        meeting = Meeting.objects.filter(slug=slug).first()
        if meeting is None:
            start = _start(days)
            meeting = Meeting.objects.create(
                slug=slug,
                title=TITLE,
                start=start,
                end=start + timedelta(hours=3),
                place=PLACE,
                online_url=ONLINE,
                invitation="Beispiel: Wir laden Sie herzlich zur Sitzung des Arbeitskreises ein.",
                public_summary=summary,
                is_sample=True,
            )
            for position, title in enumerate(agenda):
                AgendaItem.objects.create(meeting=meeting, title=title, sort_order=position)
            stdout.write(f"  meetings: meeting {slug} created\n")
        meetings[slug] = meeting
    return meetings


def _ensure_minutes(meetings: dict[str, Meeting]) -> None:
    first, second = meetings["beispiel-sitzung-1"], meetings["beispiel-sitzung-2"]
    approval = {
        "status": Minutes.Status.APPROVED,
        "approved_at": second,
        "approved_on": second.local_start.date(),
    }
    versions = [
        (first, 1, MINUTES_1, approval, ""),
        (first, 2, MINUTES_1_CORRECTED, approval, "Beispiel: Zahl der Anwesenden berichtigt."),
        (second, 1, MINUTES_2, {}, ""),
    ]
    for meeting, number, body, state, note in versions:
        if not Minutes.objects.filter(meeting=meeting, version=number).exists():
            Minutes.objects.create(
                meeting=meeting,
                version=number,
                body=body,
                change_note=note,
                is_sample=True,
                **state,
            )


def load_demo(stdout) -> None:
    ensure_library(stdout)
    meetings = _ensure_meetings(stdout)
    _ensure_minutes(meetings)
    for number, slug, text, status in DECISIONS:
        Decision.objects.get_or_create(
            number=number,
            defaults={
                "meeting": meetings[slug],
                "decided_on": meetings[slug].local_start.date(),
                "text": text,
                "status": status,
                "is_sample": True,
            },
        )
    home = demo_home()
    working_group = home.get_children().filter(slug="arbeitskreis").first() if home else None
    if working_group is None:
        stdout.write("  meetings: no page /arbeitskreis/, meetings page skipped\n")
        return
    ensure_child(
        working_group.specific, MeetingIndexPage, "sitzungen", stdout, app="meetings", **PAGE
    )
