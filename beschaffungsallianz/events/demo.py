"""Demo content of the events app, loaded by ``manage.py load_demo_content``.

The six Thüringer Fachtage are real archive entries with exactly what the alliance has
published: number, place and date (only the year for the first two), the topic of the fifth
(IT) and sixth ("Nachhaltiges Büro"). No times, venues, organisers or programmes are invented;
each entry has an empty documentation section (Veranstaltungsnachlese) for the editors. One
upcoming Fachtag is a clearly marked sample with registration. The project page links the
Fachtage instead of keeping its own table. Idempotent: existing pages are left untouched.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone, translation

from beschaffungsallianz.core.demo import demo_home, ensure_child, paragraph
from beschaffungsallianz.events.dates import event_date
from beschaffungsallianz.events.models import (
    DatePrecision,
    EventFormat,
    EventIndexPage,
    EventPage,
)
from beschaffungsallianz.knowledge.models import ProductGroup
from beschaffungsallianz.network.models import Organisation

INDEX = {
    "title": "Termine",
    "show_in_menus": True,
    "intro": "Fachtage, Schulungen und Treffen des Arbeitskreises – zum Anmelden und als "
    "Kalender zum Abonnieren.",
}

FACHTAG_INTRO = "Thüringer Fachtag zur fairen und nachhaltigen Beschaffung"

# (number, slug, city, year, month, day, topic text, product-group slug) – facts only.
FACHTAGE = [
    (1, "1-thueringer-fachtag-2013", "Weimar", 2013, None, None, "", ""),
    (2, "2-thueringer-fachtag-2014", "Jena", 2014, None, None, "", ""),
    (3, "3-thueringer-fachtag-2015", "Erfurt", 2015, 6, 2, "", ""),
    (4, "4-thueringer-fachtag-2016", "Nordhausen", 2016, 10, 26, "", ""),
    (5, "5-thueringer-fachtag-2017", "Erfurt", 2017, 9, 27, "IT", "it-hardware"),
    (6, "6-thueringer-fachtag-2018", "Erfurt", 2018, 10, 17, "Nachhaltiges Büro", ""),
]

SAMPLE_SLUG = "beispiel-fachtag"
SAMPLE_ONLINE_URL = "https://example.org/beispiel-videokonferenz"

PROJECT_HEADING = "Geschichte: die Thüringer Fachtage"


def _local(day, at=time.min):
    return timezone.make_aware(datetime.combine(day, at))


def _fachtag_fields(number, city, year, month, day, topic):
    title = f"{number}. Thüringer Fachtag"
    if topic:
        title += f": {topic}"
    if month:
        start = _local(datetime(year, month, day).date())
        precision = DatePrecision.DAY
        when = f"am {day}. {_MONTHS[month - 1]} {year}"
    else:
        start = _local(datetime(year, 1, 1).date())
        precision = DatePrecision.YEAR
        when = f"{year}"
    intro = f"Der {number}. {FACHTAG_INTRO} fand {when} in {city} statt"
    intro += f", Schwerpunkt „{topic}“." if topic else "."
    return {
        "title": title,
        "intro": intro,
        "start": start,
        "date_precision": precision,
        "event_format": EventFormat.ON_SITE,
        "city": city,
        "is_sample": False,
    }


_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _sample_fields():
    day = timezone.localdate() + timedelta(days=45)
    return {
        "title": "Beispiel: Thüringer Fachtag faire und nachhaltige Beschaffung",
        "intro": "Beispiel-Termin der Demo: ein Fachtag für Beschaffende aus Kommunen und "
        "Landesbehörden, vor Ort und online. Dieser Termin ist erfunden.",
        "body": [
            paragraph(
                "<p>Dies ist ein erfundener Beispiel-Termin, damit Sie die Anmeldung "
                "ausprobieren können. Ort, Zeit und Programm sind nicht echt.</p>"
            )
        ],
        "start": _local(day, time(10)),
        "end": _local(day, time(16)),
        "date_precision": DatePrecision.TIME,
        "event_format": EventFormat.HYBRID,
        "venue": "Beispiel-Tagungshaus",
        "street": "Beispielstraße 1",
        "postcode": "99084",
        "city": "Erfurt",
        "online_url": SAMPLE_ONLINE_URL,
        "target_group": "Beschaffende aus Kommunen und Landesbehörden (Beispiel)",
        "costs": "kostenfrei (Beispiel)",
        "language": "Deutsch",
        "step_free": True,
        "sign_language_on_request": True,
        "accessibility_notes": "Beispiel: Bitte teilen Sie uns Ihren Bedarf bei der Anmeldung mit.",
        "is_sample": True,
        "registration_enabled": True,
        "capacity": 30,
        "waiting_list_places": 10,
        "registration_deadline": _local(day - timedelta(days=7), time(23, 59)),
    }


def ensure_index(home, stdout):
    """The events page /termine/, after /aktuelles/ in the menu when that exists."""
    index, created = ensure_child(home, EventIndexPage, "termine", stdout, app="events", **INDEX)
    if created:
        news = home.get_children().filter(slug="aktuelles").first()
        if news is not None:
            index.move(news, pos="right")
    return index


def ensure_fachtage(index, stdout) -> list[EventPage]:
    pages = []
    for number, slug, city, year, month, day, topic, group_slug in FACHTAGE:
        fields = _fachtag_fields(number, city, year, month, day, topic)
        page, created = ensure_child(index, EventPage, slug, stdout, app="events", **fields)
        if created and group_slug:
            group = ProductGroup.objects.filter(slug=group_slug).first()
            if group is not None:
                page.topics.add(group)
                page.save_revision().publish()
        pages.append(page)
    return pages


def ensure_sample(index, stdout):
    page, created = ensure_child(
        index, EventPage, SAMPLE_SLUG, stdout, app="events", **_sample_fields()
    )
    if created:
        organisation = Organisation.objects.filter(is_sample=True).order_by("name").first()
        groups = ProductGroup.objects.filter(slug__in=["papier", "it-hardware"])
        page.organiser = organisation
        page.topics.set(groups)
        page.save_revision().publish()
    return page


def link_project_page(home, fachtage, stdout):
    """/projekt/: a section linking the Fachtage (added once)."""
    project = home.get_children().filter(slug="projekt").first()
    if project is None or not fachtage:
        return
    project = project.specific
    if any(block.value == PROJECT_HEADING for block in project.body):
        return
    with translation.override("de"):
        items = "".join(
            f'<li><a linktype="page" id="{page.pk}">{page.title}</a> – {page.city}, '
            f"{event_date(page)}</li>"
            for page in fachtage
        )
    project.body.append(("heading", PROJECT_HEADING))
    project.body.append(
        paragraph(
            "<p>Schon vor dem Projektstart lud der Arbeitskreis zu Thüringer Fachtagen zur "
            "fairen und nachhaltigen Beschaffung ein. Datum, Ort und Nachlese stehen bei den "
            f"Terminen:</p><ul>{items}</ul>"
        )
    )
    project.save_revision().publish()
    stdout.write("  events: project page links the Fachtage\n")


def load_demo(stdout) -> None:
    home = demo_home()
    if home is None:
        stdout.write("  events: no default site, pages skipped\n")
        return
    index = ensure_index(home, stdout)
    fachtage = ensure_fachtage(index, stdout)
    ensure_sample(index, stdout)
    link_project_page(home, fachtage, stdout)
