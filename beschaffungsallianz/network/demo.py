"""Demo content of the network app, loaded by ``manage.py load_demo_content``.

States as fact only what the alliance states: the working group (active since 2012, steering
body, open to new actors), the nationwide "Netzwerk Faire Beschaffung" (founded 2007 by SKEW,
150+ experts) and Zukunftsfähiges Thüringen e.V. as the project's sponsor. All member
organisations and the other partners are fictitious and marked ``is_sample``. Idempotent: a
second run creates and changes nothing (existing entries are left as editors made them).
"""

import datetime

from wagtail.models import Page
from wagtail.rich_text import RichText

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.network.models import (
    JoinPage,
    MemberListPage,
    Membership,
    NetworkPage,
    NetworkPartner,
    Organisation,
    PartnerKind,
    Sector,
    WorkingGroup,
    WorkingGroupPage,
)

WORKING_GROUP = {
    "name": "Faire und nachhaltige Beschaffung in Thüringen",
    "founded_year": 2012,
    "is_steering_body": True,
    "is_open": True,
    "description": (
        "<p>Der Arbeitskreis ist seit 2012 aktiv und ist das Steuerungsgremium des Projekts "
        "„Thüringer Beschaffungsallianz – fair und nachhaltig“. Er ist offen für neue Akteure "
        "aus Kommunen, Zivilgesellschaft, Sozialwirtschaft, Verwaltung, Wirtschaft und "
        "Wissenschaft.</p>"
    ),
}

# Fictitious organisations only: (name, sector, place, website, since, until)
SAMPLE_MEMBERS = [
    (
        "Stadt Musterstadt",
        Sector.MUNICIPALITY,
        "Musterstadt",
        "https://musterstadt.example.org/",
        datetime.date(2012, 5, 1),
        None,
    ),
    (
        "Gemeinde Beispielhausen",
        Sector.MUNICIPALITY,
        "Beispielhausen",
        "",
        datetime.date(2017, 3, 1),
        None,
    ),
    (
        "Beispiel-Initiative e.V.",
        Sector.CIVIL_SOCIETY,
        "Musterstadt",
        "https://initiative.example.org/",
        datetime.date(2012, 5, 1),
        None,
    ),
    (
        "Muster-Werkstätten gGmbH",
        Sector.SOCIAL_ECONOMY,
        "Beispielhausen",
        "",
        datetime.date(2019, 9, 1),
        None,
    ),
    (
        "Beispielbehörde für Beschaffung",
        Sector.AUTHORITY,
        "Musterstadt",
        "",
        datetime.date(2016, 4, 1),
        None,
    ),
    (
        "Muster Fairhandel GmbH",
        Sector.BUSINESS,
        "Musterdorf",
        "https://fairhandel.example.org/",
        datetime.date(2021, 1, 15),
        None,
    ),
    (
        "Beispiel-Hochschule Musterstadt",
        Sector.SCIENCE,
        "Musterstadt",
        "https://hochschule.example.org/",
        datetime.date(2018, 10, 1),
        None,
    ),
    # A former member: kept on record with its end date, not listed as current.
    (
        "Ehemaliger Beispielverein e.V.",
        Sector.CIVIL_SOCIETY,
        "Musterdorf",
        "",
        datetime.date(2013, 1, 1),
        datetime.date(2020, 12, 31),
    ),
]

SAMPLE_NOTE = "Beispieltext der Demo – bitte durch die Redaktion ersetzen."

PARTNERS = [
    {
        "name": "Netzwerk Faire Beschaffung",
        "kind": PartnerKind.NATIONAL,
        "is_sample": False,
        "sort_order": 10,
        "description": (
            "Bundesweites Netzwerk, 2007 von der Servicestelle Kommunen in der Einen Welt "
            "(SKEW) gegründet. Über 150 Expertinnen und Experten aus Städten, Ministerien, "
            "Institutionen und Nichtregierungsorganisationen tauschen sich darin zur fairen "
            "öffentlichen Beschaffung aus."
        ),
        "alliance_role": (
            f"{SAMPLE_NOTE} Die Allianz bringt hier ihre Erfahrungen aus Thüringen in den "
            "bundesweiten Austausch ein."
        ),
    },
    {
        "name": "Zukunftsfähiges Thüringen e.V.",
        "kind": PartnerKind.STATE,
        "is_sample": False,
        "sort_order": 20,
        "description": (
            "Träger des Projekts „Thüringer Beschaffungsallianz – fair und nachhaltig“ seit "
            "April 2016."
        ),
        "alliance_role": "Das Projekt ist beim Verein angesiedelt; er ist sein Träger.",
    },
    {
        "name": "Regionales Beispielnetzwerk Faire Kommune",
        "kind": PartnerKind.REGIONAL,
        "is_sample": True,
        "sort_order": 30,
        "description": f"{SAMPLE_NOTE} Kommunen einer Region tauschen sich zu fairem Einkauf aus.",
        "alliance_role": "Wir berichten aus der Praxis anderer Thüringer Kommunen.",
    },
    {
        "name": "Beispiel-Landesnetzwerk Nachhaltigkeit",
        "kind": PartnerKind.STATE,
        "is_sample": True,
        "sort_order": 40,
        "description": f"{SAMPLE_NOTE} Zusammenschluss von Akteuren der Nachhaltigkeit im Land.",
        "alliance_role": "Wir vertreten das Thema öffentliche Beschaffung.",
    },
    {
        "name": "Musternetzwerk Eine Welt",
        "kind": PartnerKind.NETWORK,
        "is_sample": True,
        "sort_order": 50,
        "description": f"{SAMPLE_NOTE} Netzwerk entwicklungspolitischer Gruppen.",
        "alliance_role": "Wir teilen Materialien und Termine.",
    },
]


def _paragraph(html: str):
    return ("paragraph", RichText(html))


PAGES = {
    "arbeitskreis": {
        "class": WorkingGroupPage,
        "title": "Arbeitskreis",
        "show_in_menus": True,
        "intro": (
            "Der Arbeitskreis „Faire und nachhaltige Beschaffung in Thüringen“ ist seit 2012 "
            "aktiv und steuert das Projekt. Er ist offen für neue Akteure."
        ),
        "body": [],
    },
    "mitglieder": {
        "class": MemberListPage,
        "title": "Mitglieder",
        "show_in_menus": True,
        "intro": (
            "Diese Organisationen arbeiten derzeit im Arbeitskreis mit, geordnet nach Bereichen. "
            "In der Demo sind alle Mitglieder erfundene Beispiele."
        ),
        "body": [],
    },
    "netzwerk": {
        "class": NetworkPage,
        "title": "Netzwerk",
        "show_in_menus": True,
        "intro": (
            "Die Allianz arbeitet in regionalen, landesweiten und bundesweiten Netzwerken mit. "
            "Hier steht, wo – und was wir dort tun."
        ),
        "body": [],
    },
    "mitmachen": {
        "class": JoinPage,
        "title": "Mitmachen",
        "show_in_menus": True,
        "intro": (
            "Der Arbeitskreis ist offen für neue Akteure: Kommunen, Vereine, Sozialunternehmen, "
            "Behörden, Unternehmen und Hochschulen."
        ),
        "body": [
            ("heading", "So werden Sie Mitglied"),
            _paragraph(
                "<ol><li>Sie schicken uns das Formular unten.</li>"
                "<li>Die Koordination meldet sich bei Ihnen und lädt Sie zu einem Treffen des "
                "Arbeitskreises ein.</li>"
                "<li>Danach nehmen wir Ihre Organisation in die Mitgliederliste auf.</li></ol>"
            ),
        ],
        "thank_you_text": (
            "<p>Die Koordination meldet sich bei Ihnen. Ihre Angaben verwenden wir nur für Ihre "
            "Anfrage.</p>"
        ),
    },
}


def _ensure_page(parent: Page, slug: str, stdout, **extra) -> tuple[Page, bool]:
    fields = {key: value for key, value in PAGES[slug].items() if key != "class"}
    return ensure_child(
        parent, PAGES[slug]["class"], slug, stdout, app="network", **fields, **extra
    )


def load_demo(stdout) -> None:
    created = {"pages": 0, "organisations": 0, "memberships": 0, "partners": 0}

    group, _new = WorkingGroup.objects.get_or_create(
        name=WORKING_GROUP["name"],
        defaults={key: value for key, value in WORKING_GROUP.items() if key != "name"},
    )

    for name, sector, place, website, since, until in SAMPLE_MEMBERS:
        organisation = Organisation.objects.get_by_name(name)
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name,
                sector=sector,
                place=place,
                website=website,
                state="TH",
                is_sample=True,
                description="Erfundener Beispiel-Eintrag der Demo, kein echtes Mitglied.",
            )
            created["organisations"] += 1
        _membership, new = Membership.objects.get_or_create(
            organisation=organisation,
            working_group=group,
            since=since,
            defaults={"until": until},
        )
        created["memberships"] += new

    for spec in PARTNERS:
        _partner, new = NetworkPartner.objects.get_or_create(
            name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
        )
        created["partners"] += new

    home = demo_home()
    if home is None:
        stdout.write("  network: no default site, pages skipped\n")
    else:
        working_group_page, new = _ensure_page(home, "arbeitskreis", stdout, working_group=group)
        created["pages"] += new
        _page, new = _ensure_page(working_group_page, "mitglieder", stdout, working_group=group)
        created["pages"] += new
        _page, new = _ensure_page(home, "netzwerk", stdout)
        created["pages"] += new
        _page, new = _ensure_page(home, "mitmachen", stdout)
        created["pages"] += new

    stdout.write(
        "  network: created {pages} pages, {organisations} organisations, "
        "{memberships} memberships, {partners} partners\n".format(**created)
    )
