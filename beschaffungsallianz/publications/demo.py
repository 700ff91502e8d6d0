"""Demo content of the publications app, loaded by ``manage.py load_demo_content``.

Generates REAL PDFs with reportlab, every page marked "Beispiel / Musterdokument", with the page
counts the alliance states for its publications (project flyer: 6-page leaflet; brochure:
8 pages with background and good practice) plus the booklet "Kleine Kniffe" (12 pages, marked
as a sample). Page counts and sizes shown on the site are then read from these files.

The rules of procedure get two sample versions (2016 and 2019) whose text is clearly marked
"Beispieltext": the structure is realistic, the wording is not the working group's.

Idempotent: documents, publications, rules and pages are looked up by title/slug first, and a
second run creates and changes nothing.
"""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from wagtail.documents import get_document_model
from wagtail.models import Collection

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.core.models import StandardPage
from beschaffungsallianz.publications.models import (
    Publication,
    PublicationIndexPage,
    PublicationKind,
    RulesOfProcedure,
    RulesOfProcedurePage,
    RulesOfProcedureVersion,
)

SAMPLE_MARK = "Beispiel / Musterdokument"
SAMPLE_NOTE = (
    "Dieses Dokument ist ein Beispiel der Demo-Inhalte. Es ersetzt keine "
    "Veröffentlichung der Beschaffungsallianz."
)

# --- PDF generation ---------------------------------------------------------------------------


def _marker(canvas, doc):
    """Header and footer on every page: the sample mark and the page number."""
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(12 * mm, height - 9 * mm, SAMPLE_MARK.upper())
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(width - 12 * mm, 8 * mm, f"{SAMPLE_MARK} – Seite {doc.page}")
    canvas.setFont("Helvetica-Bold", 40)
    canvas.setFillGray(0.9)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, "BEISPIEL")
    canvas.restoreState()


def build_pdf(title: str, pages: list[list[tuple[str, str]]], pagesize=A4) -> bytes:
    """A PDF with one page per entry of ``pages`` (if its text fits); entries are (style, text).

    Styles: "title", "h2", "h3", "p". ``invariant`` keeps the output byte-identical between runs.
    """
    styles = getSampleStyleSheet()
    style_map = {
        "title": styles["Title"],
        "h2": styles["Heading2"],
        "h3": styles["Heading3"],
        "p": styles["BodyText"],
    }
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author="Beschaffungsallianz (Beispiel)",
        subject=SAMPLE_MARK,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        invariant=1,
    )
    story = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        for style, text in page:
            story.append(Paragraph(escape(text), style_map[style]))
            story.append(Spacer(1, 2 * mm))
    document.build(story, onFirstPage=_marker, onLaterPages=_marker)
    return buffer.getvalue()


def _publication_pages(title: str, topics: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    pages = [[("title", title), ("p", SAMPLE_MARK), ("p", SAMPLE_NOTE)]]
    for heading, text in topics:
        pages.append([("h2", heading), ("p", f"Beispieltext: {text}"), ("p", SAMPLE_NOTE)])
    return pages


FLYER_TOPICS = [
    (
        "Wer wir sind",
        "Die Thüringer Beschaffungsallianz – fair und nachhaltig ist seit April "
        "2016 ein Projekt des Zukunftsfähiges Thüringen e.V.",
    ),
    (
        "Der Arbeitskreis",
        "Der Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“ "
        "ist seit 2012 aktiv und steuert das Projekt.",
    ),
    (
        "Was wir tun",
        "Informieren, vernetzen, beraten: zu sozialen und ökologischen Kriterien "
        "in der öffentlichen Beschaffung.",
    ),
    ("Mitmachen", "Der Arbeitskreis ist offen für neue Akteure."),
    ("Kontakt", "Kontaktangaben stehen auf der Website."),
]
BROCHURE_TOPICS = [
    ("Hintergrund", "Warum faire und nachhaltige öffentliche Beschaffung wichtig ist."),
    ("Rechtlicher Rahmen", "Soziale und ökologische Kriterien im Vergaberecht."),
    ("Gute Praxis: Arbeitskleidung", "Ein erfundenes Beispiel einer Kommune."),
    ("Gute Praxis: Papier", "Ein erfundenes Beispiel einer Verwaltung."),
    ("Gute Praxis: IT-Geräte", "Ein erfundenes Beispiel einer Hochschule."),
    ("Gütezeichen", "Wie Gütezeichen als Nachweis dienen können."),
    ("Weiterlesen", "Hinweise auf Leitfäden und Netzwerke."),
]
BOOKLET_TOPICS = [
    (f"Kniff {n}", f"Ein kleiner Beispiel-Kniff Nummer {n} für die Praxis.") for n in range(1, 12)
]

PUBLICATIONS = [
    {
        "title": "Projektflyer Thüringer Beschaffungsallianz",
        "kind": PublicationKind.FLYER,
        "year": 2016,
        "sort_order": 10,
        "description": "Faltblatt (6 Seiten) zum Projekt: wer wir sind, was wir tun, "
        "wie man mitmacht. Demo-Datei: ein erzeugtes Musterdokument.",
        "filename": "projektflyer-beispiel.pdf",
        "topics": FLYER_TOPICS,
        "pagesize": A5,
    },
    {
        "title": "Broschüre Faire und nachhaltige Beschaffung in Thüringen",
        "kind": PublicationKind.BROCHURE,
        "year": 2018,
        "sort_order": 20,
        "description": "Broschüre (8 Seiten) mit Hintergrund und guter Praxis. Demo-Datei: "
        "ein erzeugtes Musterdokument.",
        "filename": "broschuere-beispiel.pdf",
        "topics": BROCHURE_TOPICS,
        "pagesize": A4,
    },
    {
        "title": "Kleine Kniffe",
        "kind": PublicationKind.BOOKLET,
        "year": 2019,
        "sort_order": 30,
        "description": "Heft mit praktischen Hinweisen für Beschaffende. Beispiel-Eintrag: "
        "Inhalt und Seitenzahl sind erfunden.",
        "filename": "kleine-kniffe-beispiel.pdf",
        "topics": BOOKLET_TOPICS,
        "pagesize": A5,
    },
]

# --- Rules of procedure -----------------------------------------------------------------------

RULES_TITLE = "Geschäfts- und Arbeitsordnung"
RULES_BODY_OF = "Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“"
NOTICE = (
    "Beispieltext: Diese Fassung ist ein erfundenes Muster der Demo-Inhalte, nicht die "
    "tatsächliche Geschäfts- und Arbeitsordnung des Arbeitskreises."
)

# Blocks the 2019 version keeps unchanged from 2016 (a new version restates the whole text).
_PURPOSE = [
    ("p", NOTICE),
    ("h3", "§ 1 Zweck"),
    (
        "p",
        "Der Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“ fördert die "
        "Berücksichtigung sozialer und ökologischer Kriterien in der öffentlichen "
        "Beschaffung in Thüringen. Er steuert das Projekt „Thüringer Beschaffungsallianz – "
        "fair und nachhaltig“.",
    ),
    ("h3", "§ 2 Mitglieder"),
    (
        "p",
        "Mitglied kann jede Organisation aus Kommunen, Zivilgesellschaft, Sozialwirtschaft, "
        "Verwaltung, Wirtschaft und Wissenschaft werden, die den Zweck unterstützt.",
    ),
]
_MAJORITY = [
    ("h3", "§ 4 Beschlüsse"),
    (
        "p",
        "Beschlüsse werden mit einfacher Mehrheit der anwesenden Mitglieder gefasst. Jede "
        "Mitgliedsorganisation hat eine Stimme.",
    ),
]
_COORDINATION = [
    ("h3", "§ 5 Koordination"),
    ("p", "Die Projektstelle beim Träger koordiniert die Arbeit des Arbeitskreises."),
]

RULES_2016 = [
    *_PURPOSE,
    ("p", "Über die Aufnahme entscheidet der Arbeitskreis in seiner nächsten Sitzung."),
    ("h3", "§ 3 Sitzungen"),
    (
        "p",
        "Der Arbeitskreis tagt mindestens zweimal im Jahr. Die Einladung erfolgt vier Wochen "
        "vor der Sitzung schriftlich.",
    ),
    *_MAJORITY,
    *_COORDINATION,
]
RULES_2019 = [
    *_PURPOSE,
    (
        "p",
        "Über die Aufnahme entscheidet die Koordination im Einvernehmen mit dem Arbeitskreis; "
        "Anträge können jederzeit über die Website gestellt werden.",
    ),
    ("h3", "§ 3 Sitzungen"),
    (
        "p",
        "Der Arbeitskreis tagt mindestens dreimal im Jahr, auch online. Die Einladung erfolgt "
        "drei Wochen vor der Sitzung per E-Mail.",
    ),
    *_MAJORITY,
    (
        "p",
        "Beschlüsse können auch im Umlaufverfahren per E-Mail gefasst werden, wenn kein "
        "Mitglied widerspricht.",
    ),
    *_COORDINATION,
    ("h3", "§ 6 Inkrafttreten"),
    ("p", "Diese Fassung tritt mit ihrem Beschluss in Kraft und ersetzt die Fassung von 2016."),
]

RULES_VERSIONS = [
    {
        "label": "Fassung 2016 (Beispiel)",
        "adopted_on": datetime.date(2016, 6, 15),
        "adopted_by": "Sitzung des Arbeitskreises (Beispielangabe)",
        "change_summary": "Erste Fassung (Beispiel).",
        "blocks": RULES_2016,
        "filename": "geschaeftsordnung-2016-beispiel.pdf",
    },
    {
        "label": "Fassung 2019 (Beispiel)",
        "adopted_on": datetime.date(2019, 5, 8),
        "adopted_by": "Sitzung des Arbeitskreises (Beispielangabe)",
        "change_summary": "Aufnahme über die Koordination, drei Sitzungen im Jahr, "
        "Umlaufverfahren, neuer § 6 (Beispiel).",
        "blocks": RULES_2019,
        "filename": "geschaeftsordnung-2019-beispiel.pdf",
    },
]


def blocks_to_html(blocks: list[tuple[str, str]]) -> str:
    return "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in blocks)


def rules_pdf(label: str, blocks: list[tuple[str, str]]) -> bytes:
    page = [("title", RULES_TITLE), ("p", f"{RULES_BODY_OF} – {label}")] + list(blocks)
    return build_pdf(f"{RULES_TITLE} – {label}", [page])


# --- Loading ----------------------------------------------------------------------------------


def ensure_document(
    title: str, filename: str, content: bytes, stdout, *, collection=None, app="publications"
) -> tuple[object, bool]:
    """The demo document ``title`` (in ``collection``, default the root), created if missing."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    document = document_model(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    stdout.write(f"  {app}: document {filename} created\n")
    return document, True


def load_demo(stdout) -> None:
    created = {"documents": 0, "publications": 0, "versions": 0, "pages": 0}

    for spec in PUBLICATIONS:
        pages = _publication_pages(spec["title"], spec["topics"])
        content = build_pdf(spec["title"], pages, pagesize=spec["pagesize"])
        document, new = ensure_document(spec["title"], spec["filename"], content, stdout)
        created["documents"] += new
        if Publication.objects.filter(title=spec["title"]).exists():
            continue
        publication = Publication(
            title=spec["title"],
            kind=spec["kind"],
            year=spec["year"],
            description=spec["description"],
            document=document,
            language="de",
            is_sample=True,
            sort_order=spec["sort_order"],
            live=False,
        )
        publication.save()
        publication.save_revision().publish()
        created["publications"] += 1

    rules, _new = RulesOfProcedure.objects.get_or_create(
        title=RULES_TITLE, defaults={"body_of": RULES_BODY_OF}
    )
    for spec in RULES_VERSIONS:
        title = f"{RULES_TITLE} – {spec['label']}"
        document, new = ensure_document(
            title, spec["filename"], rules_pdf(spec["label"], spec["blocks"]), stdout
        )
        created["documents"] += new
        if rules.versions.filter(label=spec["label"]).exists():
            continue
        version = RulesOfProcedureVersion(
            rules=rules,
            label=spec["label"],
            adopted_on=spec["adopted_on"],
            adopted_by=spec["adopted_by"],
            change_summary=spec["change_summary"],
            body=blocks_to_html(spec["blocks"]),
            document=document,
            is_sample=True,
            live=False,
        )
        version.save()
        version.save_revision().publish()
        created["versions"] += 1

    home = demo_home()
    if home is None:
        stdout.write("  publications: no default site, pages skipped\n")
    else:
        _page, new = ensure_child(
            home,
            PublicationIndexPage,
            "publikationen",
            stdout,
            app="publications",
            title="Publikationen",
            show_in_menus=True,
            intro="Faltblatt, Broschüre und Hefte der Beschaffungsallianz zum Herunterladen. "
            "Seitenzahl und Dateigröße werden aus den PDF-Dateien gelesen.",
        )
        created["pages"] += new
        working_group = home.get_children().filter(slug="arbeitskreis").first()
        if working_group is None:
            working_group, new = ensure_child(
                home,
                StandardPage,
                "arbeitskreis",
                stdout,
                app="publications",
                title="Arbeitskreis",
                show_in_menus=True,
                intro="Der Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“.",
            )
            created["pages"] += new
        _page, new = ensure_child(
            working_group,
            RulesOfProcedurePage,
            "geschaeftsordnung",
            stdout,
            app="publications",
            title="Geschäfts- und Arbeitsordnung",
            show_in_menus=True,
            intro="Die Regeln, nach denen der Arbeitskreis arbeitet: die geltende Fassung, "
            "alle früheren Fassungen und was sich zwischen ihnen geändert hat.",
            rules=rules,
        )
        created["pages"] += new

    stdout.write(
        "  publications: created {documents} documents, {publications} publications, "
        "{versions} versions of the rules of procedure, {pages} pages\n".format(**created)
    )
