"""Demo content of the information library (called by ``manage.py load_demo_content``).

Every entry is a link to a public source named in ../shared/data (reference/state-laws.csv and
state-laws-notes.md, reference/practice-examples.csv, eforms/SOURCES.md): publisher, title, year
and address are taken from there, never made up. Where the source gives no year, the entry has
none ("nicht angegeben"); where a title is the reference data's description of the page, the
comment says what the link leads to. No PDFs: the repository holds no real document to offer.
Practice examples name the public buyer as publisher and their source in the comment.
Idempotent: entries are looked up by slug and left alone when present.
"""

from __future__ import annotations

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.knowledge.models import ProductGroup
from beschaffungsallianz.library.models import Kind, LibraryEntry, LibraryIndexPage

INDEX = {
    "title": "Informationsangebote",
    "show_in_menus": True,
    "intro": "Rechtliche Grundlagen, Leitfäden, Studien, Handreichungen, Links und "
    "Praxisbeispiele zur fairen und nachhaltigen Beschaffung – gesammelt und kommentiert von "
    "der Redaktion.",
}

K = Kind
# slug, kind, title, publisher, year, url, product groups, stages, comment
ENTRIES = [
    (
        "tvgg-nrw",
        K.LEGAL,
        "Tariftreue- und Vergabegesetz Nordrhein-Westfalen (TVgG NRW)",
        "Land Nordrhein-Westfalen",
        2018,
        "https://recht.nrw.de/lmi/owa/br_bes_text?anw_nr=2&gld_nr=7&ugl_nr=701&bes_id=38624"
        "&menu=1&sg=0&aufgehoben=N&keyword=Tariftreue-%20und%20Vergabegesetz",
        [],
        ["performance"],
        "Gesetz vom 22.03.2018 (GV. NRW. S. 172), in Kraft seit 30.03.2018; amtlicher Text auf "
        "recht.nrw.de. Gilt für Bau- und Dienstleistungen ab 25.000 €, auch für Kommunen.",
    ),
    (
        "tvergg-lsa",
        K.LEGAL,
        "Tariftreue- und Vergabegesetz Sachsen-Anhalt (TVergG LSA)",
        "Land Sachsen-Anhalt",
        2022,
        "https://www.landesrecht.sachsen-anhalt.de/perma?j=TariftVergabeG_ST_!_3",
        [],
        ["performance"],
        "Gesetz vom 07.12.2022 (GVBl. LSA S. 367), in Kraft seit 01.03.2023; durch Gesetz vom "
        "01.10.2025 geändert (§ 13 ILO-Kernarbeitsnormen gestrichen). Amtlicher Text.",
    ),
    (
        "hvtg-hessen",
        K.LEGAL,
        "Hessisches Vergabe- und Tariftreuegesetz (HVTG)",
        "Land Hessen",
        2021,
        "https://www.umwelt-online.de/recht/allgemei/wirtschaft/laender/he/vergg21.htm",
        [],
        [],
        "Gesetz vom 12.07.2021 (GVBl. S. 338). § 3: Das Land muss soziale und umweltbezogene "
        "Aspekte grundsätzlich berücksichtigen, Kommunen können es. Link: nicht amtliche "
        "Lesefassung bei umwelt-online.",
    ),
    (
        "saechsvergabeg",
        K.LEGAL,
        "Sächsisches Vergabegesetz (SächsVergabeG)",
        "Freistaat Sachsen",
        2013,
        "https://umwelt-online.de/recht/allgemei/wirtschaft/laender/sa/vergg.htm",
        [],
        [],
        "Gesetz vom 14.02.2013 (SächsGVBl. S. 109), geändert 05.04.2019; ohne Tariftreue-, "
        "ILO- oder Umweltvorgaben. Link: nicht amtliche Lesefassung bei umwelt-online.",
    ),
    (
        "berlavg",
        K.LEGAL,
        "Berliner Ausschreibungs- und Vergabegesetz (BerlAVG)",
        "Land Berlin",
        2020,
        "https://www.berlin.de/vergabeservice/vergabeleitfaden/"
        "berliner-ausschreibungs-und-vergabegesetz/",
        [],
        ["performance"],
        "Neufassung in Kraft seit 01.05.2020 (GVBl. S. 276); § 8 verlangt die Einhaltung der "
        "ILO-Kernarbeitsnormen. Link: Seite des Berliner Vergabeservice.",
    ),
    (
        "thueragkrwg-vorbildpflicht",
        K.LEGAL,
        "Thüringen: Gesetzliche Vorbildpflicht der öffentlichen Hand bei der Beschaffung "
        "(§ 2 ThürAGKrWG)",
        "Freistaat Thüringen",
        2017,
        "https://umwelt.thueringen.de/standard/neu-kreislauf-und-abfallwirtschaft/"
        "oeffentliche-beschaffung",
        [],
        ["specification"],
        "Gesetz vom 23. November 2017 (GVBl. S. 246); gilt für Landesbehörden, Gemeinden, "
        "Landkreise und öffentliche Unternehmen. Link: Seite des Thüringer Umweltministeriums.",
    ),
    (
        "thuervvoea-2025",
        K.LEGAL,
        "ThürVVöA – Verwaltungsvorschrift vom 27.03.2025 (Inhaltsübersicht)",
        "Freistaat Thüringen",
        2025,
        "https://www.umwelt-online.de/recht/allgemei/wirtschaft/laender/th/vergvwv_in.htm",
        [],
        [],
        "Die Wertgrenzen für Vergaben in Thüringen seit März 2025. Link: nicht amtliche "
        "Inhaltsübersicht bei umwelt-online.",
    ),
    (
        "vergabe24-thuervgg-geaendert",
        K.LINK,
        "In Thüringen wurde das Vergabegesetz geändert",
        "vergabe24",
        None,
        "https://www.vergabe24.de/service/news/in-thueringen-wurde-das-vergabegesetz-geaendert/",
        [],
        [],
        "Zur Änderung des ThürVgG vom 16.11.2023 (in Kraft 01.01.2024): die Paragrafen sind neu "
        "nummeriert, Tariftreue steht jetzt in § 6. Die Meldung nennt kein Datum.",
    ),
    (
        "vergabe24-neues-vergabegesetz-sachsen-anhalt",
        K.LINK,
        "Neues Vergabegesetz für Sachsen-Anhalt",
        "vergabe24",
        None,
        "https://vergabe24.de/service/news/neues-vergabegesetz-fuer-sachsen-anhalt",
        [],
        [],
        "Meldung zum Tariftreue- und Vergabegesetz Sachsen-Anhalt; ohne Datum.",
    ),
    (
        "kompass-nachhaltigkeit-thueringen",
        K.HANDOUT,
        "Kompass Nachhaltigkeit: Rahmenbedingungen in Thüringen",
        "Kompass Nachhaltigkeit",
        2024,
        "https://www.kompass-nachhaltigkeit.de/en/kommunaler-kompass/kompass-rahmenbedingungen/"
        "thueringen/rahmenbedingungen",
        [],
        [],
        "Überblick über die rechtlichen Rahmenbedingungen nachhaltiger Beschaffung in "
        "Thüringen (Stand 23.1.2024).",
    ),
    (
        "brandenburg-strategische-nachhaltige-beschaffung",
        K.HANDOUT,
        "Strategische/nachhaltige Beschaffung",
        "Land Brandenburg",
        None,
        "https://vergabe.brandenburg.de/strategische-nachhaltige-beschaffung",
        [],
        [],
        "Amtliche Informationsseite des Landes Brandenburg zur nachhaltigen Beschaffung; "
        "ohne Datum.",
    ),
    (
        "leitfaden-sozial-gerechter-einkauf",
        K.GUIDE,
        "Sozial gerechter Einkauf – jetzt!",
        "Stadt Dortmund / CIR",
        2016,
        "https://ci-romero.de/saubere-arbeitsbekleidung-dortmund-2",
        ["textilien"],
        ["performance"],
        "Leitfaden mit Musterunterlagen und Rechtsgutachten. Link: Bericht über die Dortmunder "
        "Pilotausschreibung für Berufskleidung, der den Leitfaden nennt.",
    ),
    (
        "eforms-sdk",
        K.LINK,
        "eForms SDK",
        "Publications Office of the European Union",
        None,
        "https://github.com/OP-TED/eForms-SDK",
        [],
        [],
        "Die technische Grundlage der EU-Bekanntmachungsformulare (eForms), Lizenz CC BY 4.0. "
        "Der Vergabemonitor dieser Seite liest Bekanntmachungen in diesem Format.",
    ),
    # Practice examples (reference/practice-examples.csv): the buyer, the source in the comment.
    (
        "jena-faire-fussbaelle-2014",
        K.PRACTICE,
        "Jena: 250 fair gehandelte Fußbälle mit Stadtlogo (2014)",
        "Stadt Jena",
        2014,
        "https://www.fussballstiftung-jena.de/informationen/item/78-faire-fußbälle",
        ["sportartikel"],
        [],
        "Direktkauf; die Bälle gingen an Schulen, Fußball-AGs und Kitas. Quelle: Kinder- und "
        "Jugendfußballstiftung Jena, 28.04.2014.",
    ),
    (
        "erfurt-bio-fairer-kaffee",
        K.PRACTICE,
        "Erfurt: Bio-fairer Kaffee bei Stadtrat und Oberbürgermeister (Fairtrade-Town)",
        "Landeshauptstadt Erfurt",
        2014,
        "http://www.erfurt.de/ef/de/service/aktuelles/pm/2016/124636.html",
        ["kaffee-tee-kakao"],
        [],
        "Titel Fairtrade-Town erstmals Juni 2014, 2016 bestätigt. Quelle: Pressemitteilung der "
        "Stadt Erfurt, 19.07.2016.",
    ),
    (
        "unstrut-hainich-kreis-recyclingpapier-2022",
        K.PRACTICE,
        "Unstrut-Hainich-Kreis: Recyclingpapierfreundlichster Landkreis 2022",
        "Landratsamt Unstrut-Hainich-Kreis",
        2022,
        "https://www.landkreistag.de/presseforum/nachrichten/"
        "3254-papieratlas-2022-unstrut-hainich-kreis-praemiert",
        ["papier"],
        [],
        "Sieger im Papieratlas 2022 unter 75 Landkreisen. Quelle: landkreistag.de, 11.10.2022.",
    ),
    (
        "tmuen-leistungsblaetter-buero-2020",
        K.PRACTICE,
        "Thüringer Umweltministerium: Leistungsblätter für Büromaterial der Landesverwaltung",
        "Thüringer Ministerium für Umwelt, Energie und Naturschutz",
        2020,
        "https://www.tlz.de/politik/buero-einkaufsliste-der-landesverwaltung-was-das-"
        "thueringer-umweltministeriums-empfiehlt-id230598402.html",
        ["papier"],
        ["specification"],
        "Leistungsblätter lagen laut Zeitungsbericht im Entwurf vor; Umsetzungsstand nicht "
        "angegeben. Quelle: Thüringische Landeszeitung, Oktober 2020.",
    ),
    (
        "weimar-nachhaltige-bewirtung-2019",
        K.PRACTICE,
        "Weimar: Selbstverpflichtung für nachhaltige Bewirtung bei städtischen Anlässen",
        "Stadtverwaltung Weimar",
        2019,
        "https://missionmehrweg.de/newsleser/weimar.html",
        [],
        ["performance"],
        "Mehrweg statt Einweg bei städtischen Anlässen. Quelle: missionmehrweg.de (ohne Datum).",
    ),
    (
        "dortmund-berufskleidung-pilot-2015",
        K.PRACTICE,
        "Dortmund: Pilotausschreibung sozial verantwortlich hergestellter Berufskleidung",
        "Stadt Dortmund",
        2015,
        "https://ci-romero.de/saubere-arbeitsbekleidung-dortmund-2",
        ["textilien"],
        ["performance"],
        "Volumen über 100.000 Euro; soziale Anforderungen als Ausführungsbedingung. Quelle: "
        "CIR (ci-romero.de).",
    ),
    (
        "aachen-unterhaltsreinigung-2017",
        K.PRACTICE,
        "Aachen: Umweltkriterien für Reinigungsmittel in der Unterhaltsreinigung",
        "Stadt Aachen",
        2017,
        "https://www.umweltbundesamt.de/themen/wirtschaft-konsum/umweltfreundliche-beschaffung/"
        "gute-praxisbeispiele/reinigungsmittel/stadt-aachen-beschaffung-von-unterhaltsreinigung",
        [],
        ["specification", "performance"],
        "Ausschreibung Herbst 2017 für vier Jahre, zwei Lose. Quelle: Umweltbundesamt, gute "
        "Praxisbeispiele.",
    ),
]


def ensure_index(home, stdout) -> LibraryIndexPage:
    page, _created = ensure_child(
        home, LibraryIndexPage, "informationsangebote", stdout, app="library", **INDEX
    )
    return page


def ensure_entries(stdout) -> int:
    made = 0
    groups = {g.slug: g for g in ProductGroup.objects.all()}
    for slug, kind, title, publisher, year, url, group_slugs, stages, comment in ENTRIES:
        if LibraryEntry.objects.filter(slug=slug).exists():
            continue
        entry = LibraryEntry(
            slug=slug,
            kind=kind,
            title=title,
            publisher=publisher,
            year=year,
            url=url,
            stages=stages,
            language="en" if slug == "eforms-sdk" else "de",
            comment=comment,
        )
        entry.product_groups.set([groups[s] for s in group_slugs if s in groups])
        entry.save()
        entry.save_revision().publish()
        made += 1
    stdout.write(f"  library: {made} entries created\n")
    return made


def load_demo(stdout) -> None:
    home = demo_home()
    if home is None:
        stdout.write("  library: no default site, page skipped\n")
        return
    ensure_index(home, stdout)
    ensure_entries(stdout)
