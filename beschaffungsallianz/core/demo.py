"""Demo content of the core app: start page, project, news, legal pages, site settings.

States as fact only what the alliance has published (project start April 2016, carried by
Zukunftsfähiges Thüringen e.V., the working group since 2012; the six Thüringer Fachtage are
in events/demo.py).
Everything else is marked as a sample ("Beispiel"). Idempotent: existing pages are found by
their slug and left untouched.

Every app's ``demo.py`` makes its pages with ``ensure_child`` below ``demo_home()``.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from beschaffungsallianz.core.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)

ALLIANCE_NAME = "Thüringer Beschaffungsallianz – fair und nachhaltig"
SPONSOR = "Zukunftsfähiges Thüringen e.V."
SAMPLE = "Beispiel:"
SAMPLE_ADDRESS = "beschaffungsallianz@example.org"


def paragraph(html):
    return ("paragraph", RichText(html))


HOME = {
    "title": ALLIANCE_NAME,
    "intro": (
        "Die Thüringer Beschaffungsallianz – fair und nachhaltig bringt Kommunen, Behörden, "
        "Zivilgesellschaft, Sozialwirtschaft, Wirtschaft und Wissenschaft zusammen, damit die "
        "öffentliche Hand in Thüringen fair und nachhaltig einkauft."
    ),
    "body": [
        paragraph(
            "<p>Die Allianz ist ein Projekt des Zukunftsfähiges Thüringen e.V. seit April 2016. "
            "Gesteuert wird sie vom Arbeitskreis „Faire und nachhaltige Beschaffung in "
            "Thüringen“, der seit 2012 aktiv ist. Hier finden Sie Praxisbeispiele, Kriterien, "
            "Gütezeichen, einen Blick auf die anderen Länder und den Vergabemonitor.</p>"
        ),
    ],
}

# slug -> page definition, in the order they appear below the start page.
PAGES = {
    "projekt": {
        "model": StandardPage,
        "title": "Projekt",
        "show_in_menus": True,
        "intro": (
            "Die Thüringer Beschaffungsallianz – fair und nachhaltig ist ein Projekt des "
            "Zukunftsfähiges Thüringen e.V. und läuft seit April 2016."
        ),
        "body": [
            ("heading", "Träger"),
            paragraph(
                "<p>Träger des Projekts ist der Zukunftsfähiges Thüringen e.V. Gesteuert wird "
                "das Projekt vom Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“, "
                "der seit 2012 aktiv und offen für neue Akteure ist.</p>"
            ),
            ("heading", "Ziele"),
            paragraph(
                "<ul><li>Öffentliche Auftraggeber in Thüringen dabei unterstützen, soziale und "
                "ökologische Kriterien in ihre Vergaben aufzunehmen.</li>"
                "<li>Beschaffende, Zivilgesellschaft, Wirtschaft und Wissenschaft vernetzen.</li>"
                "<li>Erfahrungen austauschen: Was haben andere Kommunen und Länder gemacht, und "
                "wie ist es ausgegangen?</li>"
                "<li>Wissen offen bereitstellen: Praxisbeispiele, Kriterien, Gütezeichen und "
                "Zahlen aus den veröffentlichten Bekanntmachungen.</li></ul>"
            ),
        ],
    },
    "aktuelles": {
        "model": NewsIndexPage,
        "title": "Aktuelles",
        "show_in_menus": True,
        "intro": "Neuigkeiten aus der Allianz und dem Arbeitskreis.",
        "body": [],
    },
    "kontakt": {
        "model": StandardPage,
        "title": "Kontakt",
        "show_in_menus": False,
        "intro": "So erreichen Sie die Thüringer Beschaffungsallianz.",
        "body": [
            paragraph(
                "<p>Die Thüringer Beschaffungsallianz – fair und nachhaltig ist ein Projekt des "
                "Zukunftsfähiges Thüringen e.V.</p>"
                f"<p>{SAMPLE} E-Mail: {SAMPLE_ADDRESS} (Beispieladresse der Demo; die "
                "Redaktion trägt die echte Adresse in den Website-Einstellungen und auf dieser "
                "Seite ein).</p>"
            ),
            paragraph(
                "<p>Sie möchten im Arbeitskreis mitarbeiten? Nutzen Sie das Formular unter "
                "„Mitmachen“.</p>"
            ),
        ],
    },
    "impressum": {
        "model": StandardPage,
        "title": "Impressum",
        "show_in_menus": False,
        "intro": "Angaben nach § 5 Digitale-Dienste-Gesetz (DDG).",
        "body": [
            ("heading", "Anbieter"),
            paragraph(
                "<p>Zukunftsfähiges Thüringen e.V.</p>"
                f"<p>{SAMPLE} Anschrift, Vertretungsberechtigte, Registergericht und "
                "Registernummer trägt die Redaktion hier ein. Diese Demo nennt sie nicht, "
                "weil sie nicht erfunden werden dürfen.</p>"
            ),
            ("heading", "Kontakt"),
            paragraph(f"<p>{SAMPLE} E-Mail: {SAMPLE_ADDRESS}</p>"),
            ("heading", "Software"),
            paragraph(
                "<p>Diese Website läuft mit freier Software unter der Lizenz EUPL-1.2. Die "
                "offenen Daten stehen unter der in der Fußzeile genannten Lizenz.</p>"
            ),
        ],
    },
    "datenschutz": {
        "model": StandardPage,
        "title": "Datenschutz",
        "show_in_menus": False,
        "intro": (
            "Wir verarbeiten personenbezogene Daten nur, soweit es für diese Website und Ihre "
            "Anfragen nötig ist. Hier steht, welche Daten das sind, wozu und wie lange."
        ),
        "body": [
            ("heading", "Verantwortlich"),
            paragraph("<p>Zukunftsfähiges Thüringen e.V. (Anschrift siehe Impressum).</p>"),
            ("heading", "Aufruf der Website und Server-Protokolle"),
            paragraph(
                "<p>Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten: "
                "IP-Adresse, Zeitpunkt, aufgerufene Adresse, übertragene Datenmenge und die "
                "Kennung des Browsers. Sie dienen dem sicheren Betrieb und der Abwehr von "
                "Angriffen (Art. 6 Abs. 1 lit. f DSGVO). "
                f"{SAMPLE} Die Protokolle werden nach 7 Tagen gelöscht (die Redaktion trägt "
                "hier die tatsächliche Frist des Betriebs ein).</p>"
                "<p>Die Website lädt keine Schriften, Skripte oder Bilder von fremden Servern "
                "und setzt keine Analyse- oder Werbe-Cookies. Technisch notwendige Cookies "
                "(Sitzung, Schutz vor gefälschten Formularen, gewählte Sprache) werden nur "
                "gesetzt, wenn Sie ein Formular nutzen oder sich anmelden.</p>"
            ),
            ("heading", "Formular „Mitmachen“"),
            paragraph(
                "<p>Wenn Sie über das Formular „Mitmachen“ Ihr Interesse an einer Mitarbeit im "
                "Arbeitskreis bekunden, verarbeiten wir Ihren Namen, Ihre Organisation, deren "
                "Bereich, Ihre E-Mail-Adresse, Ihre Telefonnummer (freiwillig) und Ihre "
                "Nachricht, um Ihre Anfrage zu bearbeiten (Art. 6 Abs. 1 lit. a und b DSGVO; "
                "Ihre Einwilligung geben Sie im Formular). Die Angaben sehen nur die "
                "Koordination und die Administration; die Koordination wird per E-Mail über "
                "neue Anfragen informiert.</p>"
                "<p>Abgelehnte und nicht weiter verfolgte Anfragen werden nach 180 Tagen "
                "automatisch gelöscht. Wird Ihre Organisation aufgenommen, erscheinen nur "
                "Name, Ort, Website und Beginn der Mitgliedschaft der Organisation auf der "
                "Mitgliederseite, nicht Ihre persönlichen Angaben.</p>"
            ),
            ("heading", "Vorschläge für Praxisbeispiele"),
            paragraph(
                "<p>Wenn Sie ein Praxisbeispiel vorschlagen, verarbeiten wir Ihre Angaben und "
                "die hochgeladenen Dokumente, um den Vorschlag redaktionell zu prüfen "
                "(Art. 6 Abs. 1 lit. a DSGVO). Eine Ansprechperson wird nur veröffentlicht, "
                "wenn sie ausdrücklich eingewilligt hat. Nicht veröffentlichte Vorschläge "
                "löscht die Redaktion.</p>"
            ),
            ("heading", "Schutz vor Spam"),
            paragraph(
                "<p>Um automatisierte Einsendungen abzuwehren, zählen wir Formular-Einsendungen "
                "je IP-Adresse für eine Stunde im Arbeitsspeicher des Servers; danach verfällt "
                "der Zähler. Es gibt kein CAPTCHA und keine Dienste Dritter.</p>"
            ),
            ("heading", "Ihre Rechte"),
            paragraph(
                "<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
                "Verarbeitung, Datenübertragbarkeit und Widerspruch (Art. 15 bis 21 DSGVO) "
                "sowie das Recht, eine Einwilligung jederzeit für die Zukunft zu widerrufen. "
                "Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren, in "
                "Thüringen beim Thüringer Landesbeauftragten für den Datenschutz und die "
                "Informationsfreiheit (TLfDI).</p>"
            ),
        ],
    },
    "barrierefreiheit": {
        "model": StandardPage,
        "title": "Barrierefreiheit",
        "show_in_menus": False,
        "intro": (
            "Erklärung zur Barrierefreiheit: Wir möchten, dass alle Menschen diese Website "
            "nutzen können, und richten uns nach der Barrierefreie-Informationstechnik-"
            "Verordnung (BITV 2.0) und den WCAG 2.1 (Stufe AA)."
        ),
        "body": [
            ("heading", "Stand der Vereinbarkeit"),
            paragraph(
                "<p>Diese Website ist weitgehend mit der BITV 2.0 vereinbar. Die Erklärung "
                "beruht auf einer Selbstbewertung: Jede Seite wird bei jeder Änderung der "
                "Software automatisch mit axe-core gegen die Regeln der WCAG 2.1 A und AA "
                "geprüft, dazu kommen Tests der Bedienung mit der Tastatur. Eine Prüfung durch "
                "eine unabhängige Stelle (BITV-Test) steht noch aus.</p>"
            ),
            ("heading", "Nicht barrierefreie Inhalte"),
            paragraph(
                "<ul><li>PDF-Dokumente (zum Beispiel Flyer und Broschüren) sind nicht immer "
                "vollständig barrierefrei. Auf Anfrage senden wir Ihnen den Inhalt in einer "
                "zugänglichen Form.</li>"
                "<li>Auf der englischen Fassung der Website sind manche Inhalte nur auf "
                "Deutsch verfügbar; sie sind entsprechend gekennzeichnet.</li></ul>"
            ),
            ("heading", "Feedback und Kontakt"),
            paragraph(
                "<p>Sind Ihnen Barrieren aufgefallen? Schreiben Sie uns: "
                f"{SAMPLE} {SAMPLE_ADDRESS} (Beispieladresse der Demo). Wir antworten "
                "innerhalb von sechs Wochen.</p>"
            ),
            ("heading", "Schlichtungsverfahren"),
            paragraph(
                "<p>Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die "
                "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG) wenden. "
                "Sie hilft, Streit über Barrieren außergerichtlich zu lösen; das Verfahren ist "
                "kostenlos und braucht keinen Rechtsbeistand.</p>"
                "<p>Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem "
                "Beauftragten der Bundesregierung für die Belange von Menschen mit "
                "Behinderungen, Mauerstraße 53, 10117 Berlin, "
                '<a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a>'
                "</p>"
            ),
        ],
    },
}

NEWS = [
    {
        "slug": "beispiel-neue-website",
        "title": "Beispiel: Die Allianz hat eine neue Website",
        "days_ago": 5,
        "intro": "Beispiel-Meldung der Demo: Praxisbeispiele, Kriterien und der Vergabemonitor "
        "sind jetzt an einem Ort.",
        "body": [
            paragraph(
                "<p>Dies ist eine erfundene Beispiel-Meldung, die zeigt, wie Neuigkeiten aussehen. "
                "Die Redaktion ersetzt oder löscht sie.</p>"
            )
        ],
    },
    {
        "slug": "beispiel-praxisbeispiele-gesucht",
        "title": "Beispiel: Praxisbeispiele gesucht",
        "days_ago": 20,
        "intro": "Beispiel-Meldung der Demo: Schicken Sie uns Ihre Ausschreibung mit sozialen "
        "oder ökologischen Kriterien.",
        "body": [
            paragraph(
                "<p>Dies ist eine erfundene Beispiel-Meldung. Vorschläge für Praxisbeispiele nimmt "
                "das Formular auf der Seite „Praxisbeispiele“ entgegen.</p>"
            )
        ],
    },
    {
        "slug": "beispiel-arbeitskreis-traf-sich",
        "title": "Beispiel: Der Arbeitskreis traf sich in Erfurt",
        "days_ago": 45,
        "intro": "Beispiel-Meldung der Demo über ein Treffen des Arbeitskreises.",
        "body": [
            paragraph(
                "<p>Dies ist eine erfundene Beispiel-Meldung; das Treffen hat so nicht "
                "stattgefunden.</p>"
            )
        ],
    },
]

# English titles and introductions of the main pages (the body may stay German; the
# templates then mark it with lang="de" and a notice).
ENGLISH = {
    "": (
        "Thuringian Procurement Alliance – fair and sustainable",
        "The Thuringian Procurement Alliance brings together municipalities, public "
        "authorities, civil society, the social economy, business and research so that the "
        "public sector in Thuringia buys fairly and sustainably.",
    ),
    "projekt": (
        "Project",
        "The Thuringian Procurement Alliance – fair and sustainable is a project of "
        "Zukunftsfähiges Thüringen e.V. and has been running since April 2016.",
    ),
    "aktuelles": ("News", "News from the alliance and the working group."),
    "termine": ("Dates", "Meetings of the working group, conferences and events."),
    "kontakt": ("Contact", "How to reach the Thuringian Procurement Alliance."),
    "impressum": ("Imprint", "Legal notice under § 5 of the German Digital Services Act (DDG)."),
    "datenschutz": (
        "Privacy",
        "We process personal data only as far as this website and your requests require. "
        "This page explains which data, for what purpose and for how long.",
    ),
    "barrierefreiheit": (
        "Accessibility",
        "Accessibility statement: we want everyone to be able to use this website and follow "
        "the German BITV 2.0 and WCAG 2.1 (level AA).",
    ),
    "arbeitskreis": (
        "Working group",
        "The working group “Fair and sustainable procurement in Thuringia” has been active "
        "since 2012 and steers the project. It is open to new members.",
    ),
    "mitglieder": ("Members", "The organisations currently working in the working group."),
    "geschaeftsordnung": (
        "Rules of procedure",
        "The working group's rules of procedure, with all earlier versions.",
    ),
    "netzwerk": ("Network", "The networks in which the alliance takes part."),
    "mitmachen": ("Join us", "How to join the working group."),
    "publikationen": ("Publications", "Flyers, brochures and booklets of the alliance."),
    "praxisbeispiele": (
        "Practice examples",
        "How public buyers have put social and ecological criteria into their tenders.",
    ),
    "laender": ("Federal states", "What do the other federal states do?"),
    "guetezeichen": ("Labels", "Which labels cover what, per product group."),
    "kriterien": ("Criteria", "Building blocks for social and ecological tender criteria."),
    "monitor": (
        "Tender monitor",
        "How often public buyers use green, social and innovative procurement, from the "
        "published notices.",
    ),
}

# Entry points on the start page, in this order (only those that exist are used).
ENTRY_POINTS = [
    "produktgruppen",
    "projekt",
    "arbeitskreis",
    "praxisbeispiele",
    "laender",
    "guetezeichen",
    "kriterien",
    "monitor",
    "mitmachen",
]


def _publish(page):
    page.save_revision().publish()


def demo_home():
    """The default site's start page (made by the core demo, which runs first), or None."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def ensure_child(parent, model, slug, stdout, *, app="core", **fields):
    """The demo page ``parent/slug/``: created as ``model(**fields)`` and published if missing,
    else left as it is (an editor may have changed it). Returns ``(page, created)`` and says
    "<app>: page /path/ created" on ``stdout``."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    _publish(page)
    stdout.write(f"  {app}: page /{page.url_path.split('/', 2)[-1]} created\n")
    return page, True


def ensure_tree_roots():
    """The root page, root collection and default locale that Wagtail's migrations create.

    A flushed database (e.g. after a transactional test) lacks them; the demo recreates them.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    return root


def ensure_home(stdout):
    """The default site's HomePage, replacing Wagtail's default welcome page."""
    root = ensure_tree_roots()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site, site.root_page.specific
    home = HomePage.objects.child_of(root).first()
    if home is None:
        home = HomePage(
            title=HOME["title"],
            slug="start",
            intro=HOME["intro"],
            body=HOME["body"],
            show_in_menus=False,
        )
        root.add_child(instance=home)
        _publish(home)
        stdout.write("  core: start page created\n")
    old_root = site.root_page if site is not None else None
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=ALLIANCE_NAME,
        )
    else:
        site.root_page = home
        site.site_name = site.site_name or ALLIANCE_NAME
        site.save()
    if old_root is not None and old_root.pk != home.pk and old_root.depth == 2:
        # Wagtail's "Welcome to your new Wagtail site!" page (and nothing an editor made).
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
            stdout.write("  core: Wagtail's default welcome page removed\n")
    return site, home


def ensure_settings(site, pages, stdout):
    site_settings, created = SiteSettings.objects.get_or_create(
        site=site,
        defaults={
            "alliance_name": ALLIANCE_NAME,
            "state_code": "TH",
            "sponsor_name": SPONSOR,
        },
    )
    changed = []
    for field, slug in (
        ("contact_page", "kontakt"),
        ("imprint_page", "impressum"),
        ("privacy_page", "datenschutz"),
        ("accessibility_page", "barrierefreiheit"),
    ):
        if getattr(site_settings, f"{field}_id") is None and slug in pages:
            setattr(site_settings, field, pages[slug])
            changed.append(field)
    if changed:
        site_settings.save(update_fields=changed)
    if created:
        stdout.write("  core: site settings created\n")


def load_demo(stdout):
    """The core pages and site settings. Returns the start page."""
    site, home = ensure_home(stdout)
    pages = {}
    for slug, spec in PAGES.items():
        spec = dict(spec)
        model = spec.pop("model")
        pages[slug], _new = ensure_child(home, model, slug, stdout, **spec)
    today = timezone.localdate()
    for item in NEWS:
        ensure_child(
            pages["aktuelles"],
            NewsPage,
            item["slug"],
            stdout,
            title=item["title"],
            intro=item["intro"],
            body=item["body"],
            is_sample=True,
            date=today - timedelta(days=item["days_ago"]),
        )
    ensure_settings(site, pages, stdout)
    return home


def ensure_entry_points(home, stdout):
    """Fill the start page's entry points once, with the main pages that exist."""
    if len(home.entry_points):
        return
    children = {page.slug: page for page in home.get_children().live()}
    chosen = [children[slug] for slug in ENTRY_POINTS if slug in children]
    if not chosen:
        return
    home.entry_points = [("entry_point", {"page": page, "text": ""}) for page in chosen]
    _publish(home)
    stdout.write(f"  core: {len(chosen)} entry points on the start page\n")


def ensure_translations(home, locale, stdout):
    """Translate the whole page tree below the start page into ``locale`` (once per page).

    Titles and introductions of the main pages come from ENGLISH; everything else is a copy
    of the German page, which the templates mark as German.
    """
    created = 0
    for page in home.get_descendants(inclusive=True).specific().order_by("path"):
        if page.get_translation_or_none(locale) is not None:
            continue
        copy = page.copy_for_translation(locale)
        relative = "" if page.pk == home.pk else page.url_path[len(home.url_path) :].strip("/")
        key = relative.rsplit("/", 1)[-1]
        if key in ENGLISH or relative == "":
            title, intro = ENGLISH[key if relative else ""]
            copy.title = title
            if hasattr(copy, "intro"):
                copy.intro = intro
        copy.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"  core: {created} pages translated into {locale.get_display_name()}\n")
    return created
