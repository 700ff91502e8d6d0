"""A site with one item of every kind the search finds, and some it must never find."""

import datetime

import pytest
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory
from beschaffungsallianz.knowledge.models import TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    StateLawFactory,
    build_site,
)
from beschaffungsallianz.monitor.models import MonitorPage
from beschaffungsallianz.monitor.tests.factories import make_notice
from beschaffungsallianz.search import indexing
from beschaffungsallianz.search.demo import SYNONYMS
from beschaffungsallianz.search.tests.factories import SearchSynonymFactory


@pytest.fixture
def world(db):
    """Every kind once (or more), the demo synonyms, a private page, a draft; indexed."""
    site = build_site()
    home = site["home"]
    for terms, note in SYNONYMS:
        SearchSynonymFactory(terms=terms, note=note)
    textiles = ProductGroupFactory(slug="textilien", name="Textilien", name_en="Textiles")
    paper = ProductGroupFactory(slug="papier", name="Papier", name_en="Paper")
    it = ProductGroupFactory(slug="it-hardware", name="IT-Hardware", name_en="IT hardware")
    blue_angel = LabelFactory(
        slug="blauer-engel", name="Blauer Engel", notes="Umweltzeichen für Recyclingpapier."
    )
    fair_wear = LabelFactory(slug="fair-wear", name="Fair Wear Foundation", notes="Textilien.")
    criterion = CriterionFactory(
        slug="ilo-kernarbeitsnormen",
        title="ILO-Kernarbeitsnormen in der Lieferkette",
        wording="Der Auftragnehmer sichert zu, dass die Dienstkleidung ohne Kinderarbeit "
        "hergestellt wurde.",
        product_groups=[textiles],
    )
    examples = {
        "dienstkleidung": PracticeExampleFactory(
            title="Faire Dienstkleidung für den Bauhof",
            slug="dienstkleidung-bauhof",
            summary="Die Stadt kaufte Dienstkleidungen mit Sozialstandards.",
            product_groups=[textiles],
            labels=[fair_wear],
            criteria=[(criterion, TenderStage.PERFORMANCE)],
        ),
        "altpapier": PracticeExampleFactory(
            title="Kopierpapier aus Altpapier",
            slug="altpapier",
            summary="Das Landratsamt stellte auf Papier aus 100 % Altpapier um.",
            product_groups=[paper],
            labels=[blue_angel],
        ),
        "informationstechnik": PracticeExampleFactory(
            title="Faire Informationstechnik im Schulamt",
            slug="informationstechnik",
            summary="Notebooks mit TCO-Zertifizierung für Schulen.",
            product_groups=[it],
        ),
        "kaffee": PracticeExampleFactory(
            title="Fairer Kaffee im Rathaus",
            slug="kaffee",
            summary="Kaffee und Tee aus fairem Handel.",
        ),
        "draft": PracticeExampleFactory(
            title="Entwurf Zwetschgenröster",
            slug="entwurf",
            summary="Noch nicht veröffentlicht: Zwetschgenröster.",
            live=False,
        ),
    }
    law = StateLawFactory(state="TH", law="Thüringer Vergabegesetz", notes="Tariftreue.")
    monitor = home.add_child(instance=MonitorPage(title="Vergabemonitor", slug="monitor"))
    notice = make_notice(
        "TH",
        datetime.date(2025, 3, 1),
        lots=({"main_cpv": "18110000-3", "title": "Los 1: Jacken"},),
        notice_id="4a1b2c3d-0000-4000-8000-000000000001",
        title="Lieferung von Berufskleidung für die Feuerwehr",
        description="Rahmenvertrag Feuerwehr Erfurt.",
        buyer_name="Stadtverwaltung Quellenhausen",
    )
    news_index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(
        parent=news_index,
        title="Neue Geschäftsordnung beschlossen",
        slug="geschaeftsordnung-beschlossen",
        intro="Der Arbeitskreis hat seine Geschäftsordnung überarbeitet.",
        date=datetime.date(2026, 5, 4),
    )
    event_index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(
        parent=event_index,
        title="Fachtag Arbeitskleidung",
        slug="fachtag-arbeitskleidung",
        intro="Wie Kommunen faire Arbeitskleidung ausschreiben.",
        online_url="https://meet.example.org/geheimraumzugang",
    )
    page = StandardPageFactory(
        parent=home,
        slug="projekt",
        title="Über das Projekt",
        intro="Ein Bündnis für nachhaltige Beschaffung.",
        body=[("paragraph", RichText("<p>Wir kaufen <b>fair</b> und Recyclingpapier.</p>"))],
    )
    private = StandardPageFactory(
        parent=home, slug="intern", title="Interne Pflaumenkuchenrunde", intro="Pflaumenkuchen"
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    StandardPageFactory(parent=home, slug="entwurf-seite", title="Entwurf Mirabellen", live=False)
    indexing.rebuild()
    return {
        **site,
        **examples,
        "blue_angel": blue_angel,
        "criterion": criterion,
        "law": law,
        "monitor": monitor,
        "notice": notice,
        "news": news,
        "event": event,
        "page": page,
        "private": private,
    }


@pytest.fixture
def coffee(db):
    """A small site: the knowledge pages and one example about coffee, indexed."""
    site = build_site()
    example = PracticeExampleFactory(
        title="Fairer Kaffee im Rathaus", slug="kaffee", summary="Kaffee und Tee."
    )
    indexing.rebuild()
    return {**site, "kaffee": example}
