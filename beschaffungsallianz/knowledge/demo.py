"""Demo content of the knowledge base (called by ``manage.py load_demo_content``).

Reference data (product groups, labels, state laws) is real and sourced (loaders.py). Criteria
here are sample wordings (``is_sample``) built on the legal bases in the reference README; the
practice examples are fictitious (``is_demo``, buyers like "Musterstadt") and say so on the
site. Idempotent: objects are looked up by slug and left alone when present.
"""

from __future__ import annotations

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.knowledge.models import (
    Criterion,
    CriterionIndexPage,
    Label,
    LabelIndexPage,
    PracticeCriterion,
    PracticeExample,
    PracticeExampleIndexPage,
    ProductGroup,
    StateIndexPage,
)

INDEX_PAGES = [
    (
        PracticeExampleIndexPage,
        "praxisbeispiele",
        "Praxisbeispiele",
        "Wie andere Kommunen und Behörden fair und nachhaltig ausschreiben: Kriterien, "
        "Gütezeichen, Erfahrungen. Filtern Sie nach Land, Produktgruppe und Verfahrensstufe.",
    ),
    (
        StateIndexPage,
        "laender",
        "Was machen die anderen Länder?",
        "Die Vergabegesetze der 16 Länder im Vergleich: Tariftreue, ILO-Kernarbeitsnormen, "
        "ökologische Kriterien.",
    ),
    (
        LabelIndexPage,
        "guetezeichen",
        "Gütezeichen",
        "Welche Gütezeichen decken was ab? Je Produktgruppe, mit Vergleich.",
    ),
    (
        CriterionIndexPage,
        "kriterien",
        "Kriterien",
        "Bausteine für soziale und ökologische Kriterien je Produktgruppe und Verfahrensstufe, "
        "mit Formulierungen zum Kopieren.",
    ),
]

SAMPLE = "Beispielformulierung (kein Rechtsrat): "

CRITERIA = [
    # slug, title, kind, stage, product groups, labels, wording, other proofs
    (
        "ilo-kernarbeitsnormen-ausfuehrung",
        "Einhaltung der ILO-Kernarbeitsnormen",
        "social",
        "performance",
        ["textilien", "naturstein", "sportartikel", "kaffee-tee-kakao", "spielwaren", "blumen"],
        ["fair-wear", "xertifix", "fair-stone", "fairtrade", "gots"],
        SAMPLE + "Der Auftragnehmer verpflichtet sich, die Leistung unter Beachtung der "
        "ILO-Kernarbeitsnormen zu erbringen, die in der Lieferkette nachweislich "
        "eingehalten werden.",
        "Gleichwertige Nachweise, etwa eine Eigenerklärung mit Angaben zur Lieferkette.",
    ),
    (
        "fairer-handel-leistungsbeschreibung",
        "Fair gehandelte Produkte",
        "social",
        "specification",
        ["kaffee-tee-kakao", "blumen"],
        ["fairtrade", "naturland-fair"],
        SAMPLE + "Die zu liefernden Produkte stammen aus fairem Handel; Nachweis durch das "
        "Gütezeichen Fairtrade oder ein gleichwertiges Gütezeichen.",
        "",
    ),
    (
        "umweltzeichen-papier",
        "Recyclingpapier mit Umweltzeichen",
        "ecological",
        "specification",
        ["papier"],
        ["blauer-engel", "eu-ecolabel"],
        SAMPLE + "Das Papier besteht zu 100 % aus Altpapier und erfüllt die Kriterien des "
        "Blauen Engels (DE-UZ 14a) oder gleichwertige Anforderungen.",
        "",
    ),
    (
        "energieeffizienz-zuschlag",
        "Energieverbrauch im Betrieb",
        "ecological",
        "award",
        ["it-hardware"],
        ["tco-certified", "energy-star", "blauer-engel"],
        SAMPLE + "Der typische Energieverbrauch (TEC) geht mit 20 % in die Wertung ein.",
        "",
    ),
    (
        "lieferkette-zuschlag",
        "Soziale Verantwortung in der Lieferkette",
        "social",
        "award",
        ["it-hardware", "textilien"],
        ["tco-certified", "gruener-knopf"],
        SAMPLE + "Angebote, die über die Mindestanforderungen hinaus unabhängige Audits in der "
        "Fertigung nachweisen, erhalten bis zu 15 Wertungspunkte.",
        "",
    ),
    (
        "eignung-lieferkettentransparenz",
        "Erfahrung mit Lieferkettentransparenz",
        "social",
        "suitability",
        ["textilien"],
        [],
        SAMPLE + "Der Bieter weist durch Referenzen nach, dass er die Herkunft seiner Produkte "
        "bis zur Konfektion offenlegen kann.",
        "Referenzliste",
    ),
    (
        "nachhaltige-forstwirtschaft",
        "Holz aus nachhaltiger Forstwirtschaft",
        "ecological",
        "specification",
        ["moebel", "papier"],
        ["fsc", "pefc"],
        SAMPLE + "Holz und Holzwerkstoffe stammen aus legaler und nachhaltiger Forstwirtschaft.",
        "",
    ),
    (
        "emissionsarme-fahrzeuge",
        "Emissionsarme Fahrzeuge",
        "ecological",
        "award",
        ["fahrzeuge"],
        [],
        SAMPLE + "Die CO2-Emissionen je Kilometer gehen mit 30 % in die Wertung ein.",
        "",
    ),
]

EXAMPLES = [
    dict(
        slug="musterstadt-dienstkleidung",
        title="Faire Dienstkleidung für den Bauhof",
        summary="Die Musterstadt hat die Dienstkleidung ihres Bauhofs mit sozialen "
        "Kriterien ausgeschrieben und Gütezeichen als Nachweis zugelassen.",
        buyer_name="Musterstadt",
        buyer_kind="municipality",
        state="TH",
        size_class="medium",
        year=2024,
        volume_class="25k-216k",
        procedure_type="uvgo",
        groups=["textilien"],
        labels=["fair-wear", "gots", "gruener-knopf"],
        criteria=[
            ("ilo-kernarbeitsnormen-ausfuehrung", "performance"),
            ("eignung-lieferkettentransparenz", "suitability"),
        ],
        outcome="Drei Angebote, Zuschlag an einen regionalen Händler.",
        what_worked="Marktrecherche vorab; Gütezeichen als eine von mehreren Nachweisformen.",
        what_did_not="Die erste Losgröße war für kleine Anbieter zu groß.",
        market_response="Zwei Bieter legten Fair-Wear-Mitgliedschaft vor.",
    ),
    dict(
        slug="landkreis-beispiel-recyclingpapier",
        title="Recyclingpapier für alle Ämter",
        summary="Der Landkreis Beispiel bezieht sein Kopierpapier nur noch mit Blauem Engel.",
        buyer_name="Landkreis Beispiel",
        buyer_kind="district",
        state="NI",
        size_class="large",
        year=2023,
        volume_class="25k-216k",
        procedure_type="open",
        groups=["papier"],
        labels=["blauer-engel"],
        criteria=[("umweltzeichen-papier", "specification")],
        outcome="Preis vergleichbar mit Frischfaserpapier.",
        what_worked="Einheitliche Vorgabe für alle Ämter.",
        what_did_not="",
        market_response="Fünf Angebote.",
    ),
    dict(
        slug="beispielhausen-fairer-kaffee",
        title="Fairer Kaffee in der Kantine",
        summary="Die Gemeinde Beispielhausen schenkt in Rathaus und Kantine nur fair "
        "gehandelten Kaffee aus.",
        buyer_name="Gemeinde Beispielhausen",
        buyer_kind="municipality",
        state="BY",
        size_class="small",
        year=2022,
        volume_class="lt-25k",
        procedure_type="uvgo",
        groups=["kaffee-tee-kakao"],
        labels=["fairtrade", "naturland-fair"],
        criteria=[("fairer-handel-leistungsbeschreibung", "specification")],
        outcome="Direktauftrag nach Preisvergleich.",
        what_worked="Klare Vorgabe im Rat.",
        what_did_not="",
        market_response="Mehrere lokale Röstereien boten an.",
    ),
    dict(
        slug="musterburg-it-hardware",
        title="Notebooks mit sozialen und ökologischen Kriterien",
        summary="Die Stadt Musterburg hat Notebooks mit Kriterien zu Energieverbrauch und "
        "Arbeitsbedingungen in der Fertigung beschafft.",
        buyer_name="Stadt Musterburg",
        buyer_kind="municipality",
        state="HH",
        size_class="metro",
        year=2024,
        volume_class="216k-1m",
        procedure_type="open",
        groups=["it-hardware"],
        labels=["tco-certified", "blauer-engel"],
        criteria=[("energieeffizienz-zuschlag", "award"), ("lieferkette-zuschlag", "award")],
        outcome="Zuschlag an das wirtschaftlichste Angebot mit TCO Certified.",
        what_worked="Zuschlagskriterien mit klarer Punkteskala.",
        what_did_not="Nachweise der Lieferkette waren schwer zu prüfen.",
        market_response="Vier Angebote, alle mit Gütezeichen.",
    ),
    dict(
        slug="probedorf-natursteine",
        title="Grabsteine ohne Kinderarbeit",
        summary="Die Gemeinde Probedorf verlangt für Natursteine auf ihrem Friedhof den "
        "Nachweis, dass keine Kinderarbeit beteiligt war.",
        buyer_name="Gemeinde Probedorf",
        buyer_kind="municipality",
        state="SN",
        size_class="small",
        year=2021,
        volume_class="lt-25k",
        procedure_type="uvgo",
        groups=["naturstein"],
        labels=["xertifix", "fair-stone"],
        criteria=[("ilo-kernarbeitsnormen-ausfuehrung", "performance")],
        outcome="Friedhofssatzung geändert.",
        what_worked="Gespräch mit den Steinmetzen.",
        what_did_not="",
        market_response="Steinmetze stellten auf zertifizierte Ware um.",
    ),
    dict(
        slug="landesamt-moebel",
        title="Büromöbel aus nachhaltiger Forstwirtschaft",
        summary="Ein Landesamt (Beispiel) hat Büromöbel mit FSC- oder PEFC-Nachweis beschafft.",
        buyer_name="Landesamt für Musterverwaltung",
        buyer_kind="state",
        state="BE",
        size_class="n/a",
        year=2023,
        volume_class="216k-1m",
        procedure_type="restricted",
        groups=["moebel"],
        labels=["fsc", "pefc", "blauer-engel"],
        criteria=[("nachhaltige-forstwirtschaft", "specification")],
        outcome="Rahmenvertrag über vier Jahre.",
        what_worked="Gütezeichen als Nachweis.",
        what_did_not="Lieferzeiten länger als geplant.",
        market_response="Drei Bieter.",
    ),
    dict(
        slug="exempel-fahrzeuge",
        title="Emissionsarme Fahrzeuge für den Fuhrpark",
        summary="Die Kreisstadt Exempel hat Dienstfahrzeuge nach CO2-Emissionen gewertet.",
        buyer_name="Kreisstadt Exempel",
        buyer_kind="municipality",
        state="NW",
        size_class="medium",
        year=2025,
        volume_class="gt-1m",
        procedure_type="negotiated",
        groups=["fahrzeuge"],
        labels=[],
        criteria=[("emissionsarme-fahrzeuge", "award")],
        outcome="Zwölf Elektrofahrzeuge.",
        what_worked="Lebenszykluskosten gewertet.",
        what_did_not="",
        market_response="Zwei Angebote.",
    ),
    dict(
        slug="modellingen-sportbaelle",
        title="Faire Sportbälle für Schulen",
        summary="Die Verbandsgemeinde Modellingen kauft Sportbälle für ihre Schulen fair.",
        buyer_name="Verbandsgemeinde Modellingen",
        buyer_kind="municipality",
        state="RP",
        size_class="small",
        year=2022,
        volume_class="lt-25k",
        procedure_type="uvgo",
        groups=["sportartikel"],
        labels=["fairtrade"],
        criteria=[("ilo-kernarbeitsnormen-ausfuehrung", "performance")],
        outcome="Auftrag an einen Fachhändler.",
        what_worked="Kleine Lose.",
        what_did_not="",
        market_response="Gute Verfügbarkeit.",
    ),
]


def ensure_index_pages(stdout) -> None:
    home = demo_home()
    if home is None:
        stdout.write("  knowledge: no home page, index pages not created")
        return
    for page_class, slug, title, intro in INDEX_PAGES:
        if page_class.objects.child_of(home).exists():
            continue  # an editor may have given it another slug
        ensure_child(
            home,
            page_class,
            slug,
            stdout,
            app="knowledge",
            title=title,
            intro=intro,
            show_in_menus=True,
        )


def _publish(obj) -> None:
    obj.save()
    obj.save_revision().publish()


def ensure_criteria(stdout) -> int:
    created = 0
    for slug, title, kind, stage, groups, labels, wording, other in CRITERIA:
        if Criterion.objects.filter(slug=slug).exists():
            continue
        criterion = Criterion(
            slug=slug,
            title=title,
            kind=kind,
            stage=stage,
            wording=wording,
            other_proofs=other,
            is_sample=True,
        )
        criterion.product_groups = list(ProductGroup.objects.filter(slug__in=groups))
        criterion.accepted_labels = list(Label.objects.filter(slug__in=labels))
        _publish(criterion)
        created += 1
    return created


def ensure_examples(stdout) -> int:
    created = 0
    for data in EXAMPLES:
        data = dict(data)
        groups, labels, criteria = data.pop("groups"), data.pop("labels"), data.pop("criteria")
        if PracticeExample.objects.filter(slug=data["slug"]).exists():
            continue
        example = PracticeExample(is_demo=True, **data)
        example.product_groups = list(ProductGroup.objects.filter(slug__in=groups))
        example.labels = list(Label.objects.filter(slug__in=labels))
        example.criteria_used = [
            PracticeCriterion(criterion=Criterion.objects.get(slug=c), stage=stage)
            for c, stage in criteria
        ]
        _publish(example)
        created += 1
    return created


def load_demo(stdout) -> None:
    report = load_reference_data()
    for name, model_report in report.models.items():
        stdout.write(f"  knowledge: {name}: {model_report.summary()}")
    ensure_index_pages(stdout)
    stdout.write(f"  knowledge: {ensure_criteria(stdout)} sample criteria created")
    stdout.write(f"  knowledge: {ensure_examples(stdout)} demo practice examples created")
