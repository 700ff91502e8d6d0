"""Demo content of the newsletter app, loaded by ``manage.py load_demo_content`` (after the
events): the newsletter page /newsletter/ and one sample issue, marked "Beispiel" and shown in
the archive, that pulls in a sample news item, the sample Fachtag and the newest (real,
sourced) practice example by choosing them. Nothing is sent; no subscribers are made.
Idempotent: existing pages are left untouched.
"""

from django.utils import timezone

from beschaffungsallianz.core.demo import demo_home, ensure_child, paragraph
from beschaffungsallianz.core.models import NewsPage
from beschaffungsallianz.events.demo import SAMPLE_SLUG as SAMPLE_EVENT_SLUG
from beschaffungsallianz.events.models import EventPage
from beschaffungsallianz.knowledge.models import PracticeExample
from beschaffungsallianz.newsletter.models import NewsletterIndexPage, NewsletterIssuePage

INDEX = {
    "title": "Newsletter",
    "show_in_menus": False,
    "intro": "Neuigkeiten, Termine und Praxisbeispiele der Allianz per E-Mail – etwa alle "
    "zwei Monate. Sie können sich jederzeit mit einem Klick wieder abmelden.",
}

SAMPLE_SLUG = "beispiel-ausgabe"


def _sample_body():
    body = [
        ("heading", "Aus dem Arbeitskreis (Beispiel)"),
        paragraph(
            "<p>Dies ist eine erfundene Beispiel-Ausgabe, damit Sie sehen, wie ein Newsletter "
            "aussieht. Sie wurde an niemanden versandt.</p>"
        ),
    ]
    news = NewsPage.objects.live().filter(is_sample=True).order_by("-date").first()
    event = EventPage.objects.live().filter(slug=SAMPLE_EVENT_SLUG).first()
    example = PracticeExample.objects.filter(live=True).order_by("-year", "title").first()
    body += [("news", news)] if news else []
    body += [("heading", "Termine"), ("event", event)] if event else []
    body += [("heading", "Praxisbeispiel"), ("practice_example", example)] if example else []
    return body


def load_demo(stdout) -> None:
    home = demo_home()
    if home is None:
        stdout.write("  newsletter: no default site, pages skipped\n")
        return
    index, _created = ensure_child(
        home, NewsletterIndexPage, "newsletter", stdout, app="newsletter", **INDEX
    )
    ensure_child(
        index,
        NewsletterIssuePage,
        SAMPLE_SLUG,
        stdout,
        app="newsletter",
        title="Beispiel: Newsletter der Allianz",
        intro="Beispiel-Ausgabe der Demo: so sieht ein Newsletter aus.",
        issue_date=timezone.localdate(),
        is_sample=True,
        body=_sample_body(),
    )
