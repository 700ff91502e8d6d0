"""Demo content of the knowledge base (called by ``manage.py load_demo_content``).

Reference data (product groups, labels, state laws, 64 practice examples) is real and sourced
(loaders/). Criteria here are sample wordings (``is_sample``, marked "Beispiel" on the site)
built on the legal bases in the reference README: the reference data holds no criteria. The
fictitious practice examples of earlier versions are deleted, since real ones replaced them.
Idempotent: objects are looked up by slug and left alone when present.
"""

from __future__ import annotations

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.knowledge.models import (
    Criterion,
    CriterionIndexPage,
    Label,
    LabelIndexPage,
    PracticeExample,
    PracticeExampleIndexPage,
    ProductGroup,
    ProductGroupIndexPage,
    StateIndexPage,
    StateLawTopic,
)

INDEX_PAGES = [
    (
        ProductGroupIndexPage,
        "produktgruppen",
        "Produktgruppen",
        "Alles zu einer Produktgruppe auf einer Seite: Kriterien mit Formulierungen zum "
        "Kopieren, Gütezeichen, Landesrecht, Praxisbeispiele und Zahlen aus dem "
        "Ausschreibungsmonitor.",
    ),
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

# The fictitious examples of earlier versions; real ones from the reference data replaced them
# all (every product group of these has real examples), so the demo loader deletes them.
REPLACED_EXAMPLES = [
    "musterstadt-dienstkleidung",
    "landkreis-beispiel-recyclingpapier",
    "beispielhausen-fairer-kaffee",
    "musterburg-it-hardware",
    "probedorf-natursteine",
    "landesamt-moebel",
    "exempel-fahrzeuge",
    "modellingen-sportbaelle",
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


# The rule of the state-law table each sample criterion implements (the criterion page cites
# the states whose laws have it, with their sections).
STATE_LAW_TOPICS = {
    "ilo-kernarbeitsnormen-ausfuehrung": StateLawTopic.ILO,
    "umweltzeichen-papier": StateLawTopic.ECOLOGICAL,
    "energieeffizienz-zuschlag": StateLawTopic.ECOLOGICAL,
    "nachhaltige-forstwirtschaft": StateLawTopic.ECOLOGICAL,
    "emissionsarme-fahrzeuge": StateLawTopic.ECOLOGICAL,
}


def ensure_criteria(stdout) -> int:
    created = 0
    for slug, topic in STATE_LAW_TOPICS.items():  # sample criteria of earlier versions
        Criterion.objects.filter(slug=slug, is_sample=True, state_law_topic="").update(
            state_law_topic=topic
        )
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
            state_law_topic=STATE_LAW_TOPICS.get(slug, ""),
            is_sample=True,
        )
        criterion.product_groups = list(ProductGroup.objects.filter(slug__in=groups))
        criterion.accepted_labels = list(Label.objects.filter(slug__in=labels))
        _publish(criterion)
        created += 1
    return created


def remove_replaced_examples() -> int:
    """Delete the fictitious examples that real ones replaced (only demo ones, by slug)."""
    deleted, _ = PracticeExample.objects.filter(is_demo=True, slug__in=REPLACED_EXAMPLES).delete()
    return deleted


def load_demo(stdout) -> None:
    report = load_reference_data()
    for name, model_report in report.models.items():
        stdout.write(f"  knowledge: {name}: {model_report.summary()}")
    ensure_index_pages(stdout)
    stdout.write(f"  knowledge: {ensure_criteria(stdout)} sample criteria created")
    stdout.write(f"  knowledge: {remove_replaced_examples()} fictitious examples removed")
