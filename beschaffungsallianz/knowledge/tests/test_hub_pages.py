"""/produktgruppen/: the product-group hubs with every section, their filters, the cross-links
from examples, criteria, labels and the monitor back to the hub, the sitemap and the personas."""

from datetime import date

import pytest

from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory
from beschaffungsallianz.knowledge.loaders import load_reference_data
from beschaffungsallianz.knowledge.models import (
    Label,
    PracticeExample,
    ProductGroup,
    StateLawTopic,
)
from beschaffungsallianz.knowledge.tests.factories import CriterionFactory
from beschaffungsallianz.library.tests.factories import LibraryEntryFactory, LibraryIndexPageFactory
from beschaffungsallianz.monitor import rollups
from beschaffungsallianz.monitor.models import MonitorPage
from beschaffungsallianz.monitor.tests.factories import make_notice
from conftest import ALL_PERSONAS, assert_contains

pytestmark = pytest.mark.django_db

HUB = "/produktgruppen/textilien/"
WORDING = "Der Auftragnehmer verpflichtet sich, die ILO-Kernarbeitsnormen einzuhalten."


@pytest.fixture
def hub_site(knowledge_site):
    """Reference data, a sample criterion for textiles, the monitor with one textile notice."""
    load_reference_data()
    criterion = CriterionFactory(
        slug="ilo-textil",
        title="Einhaltung der ILO-Kernarbeitsnormen",
        stage="performance",
        wording=WORDING,
        is_sample=True,
        state_law_topic=StateLawTopic.ILO,
        product_groups=ProductGroup.objects.filter(slug="textilien"),
        accepted_labels=Label.objects.filter(slug__in=["fair-wear", "gots"]),
    )
    knowledge_site["home"].add_child(instance=MonitorPage(title="Monitor", slug="monitor"))
    make_notice(
        "TH",
        date(2025, 3, 10),
        [{"main_cpv": "18110000-3", "uses_social": True}],
        notice_id="textil-1",
        title="Dienstkleidung für die Stadtwerke",
        publication_number="00123456-2025",
    )
    rollups.rebuild_rollups()
    return {**knowledge_site, "criterion": criterion}


def test_hub_index_lists_every_group_with_counts(client, hub_site):
    html = client.get("/produktgruppen/").content.decode()
    assert_contains(html, 'href="/produktgruppen/textilien/"', "Textilien und Dienstkleidung")
    assert "6 Praxisbeispiele" in html  # the six real textile examples


def test_hub_gathers_everything_on_the_group(client, hub_site):
    response = client.get(HUB)
    html = response.content.decode()
    assert response.status_code == 200
    # criteria by stage with wording to copy, the sample marked, Thuringia's law beside it
    assert_contains(html, "Ausführungsbedingung", WORDING, "data-copy-target", "Beispiel")
    assert_contains(html, "Thüringen (ThürVgG)", "ILO/Umwelt nach Neunummerierung")
    # the labels, the comparison preselected
    assert_contains(html, 'href="/guetezeichen/gots/"', "/guetezeichen/vergleich/?l=")
    # what the state laws say on textiles, in the table's words (NKernVO, Bremen)
    assert_contains(html, "Niedersachsen (NTVergG)", "NKernVO", "Bremen (TtVG)")
    # the chosen state's law with its sections: tariff compliance is § 6 ThürVgG
    assert_contains(html, "§ 6 Tariftreue, Mindestentgelt, Entgeltgleichheit")
    # practice examples, the monitor's figures and latest notice, library and events
    assert_contains(html, "6 veröffentlichte Praxisbeispiele", "/praxisbeispiele/dortmund-")
    assert_contains(
        html, "Dienstkleidung für die Stadtwerke", "/monitor/bekanntmachungen/textil-1/"
    )
    assert_contains(html, "/monitor/bekanntmachungen/?group=textilien")
    assert_contains(html, 'id="library"', "Noch kein Eintrag der Bibliothek")
    assert_contains(html, "Kein anstehender Termin")


def test_hub_shows_upcoming_events_on_its_topic(client, hub_site):
    index = EventIndexPageFactory(parent=hub_site["home"])
    textiles = ProductGroup.objects.get(slug="textilien")
    EventPageFactory(parent=index, title="Fachtag faire Dienstkleidung", topics=[textiles])
    EventPageFactory(parent=index, title="Fachtag IT")
    html = client.get(HUB).content.decode()
    assert "Fachtag faire Dienstkleidung" in html and "Fachtag IT" not in html


def test_hub_filters_examples_by_state_and_stage(client, hub_site):
    html = client.get(HUB + "?land=NW").content.decode()
    assert "2 veröffentlichte Praxisbeispiele" in html
    assert "Nordrhein-Westfalen (TVgG NRW)" in html  # the chosen state's law beside the criteria
    html = client.get(HUB + "?stufe=performance").content.decode()
    assert "1 veröffentlichtes Praxisbeispiel" in html and "dortmund-berufskleidung" in html


def test_hub_with_a_bad_filter_says_so_and_shows_all(client, hub_site):
    response = client.get(HUB + "?land=XX")
    assert response.status_code == 400
    assert_contains(response.content.decode(), "kern-alert", "6 veröffentlichte Praxisbeispiele")


def test_unknown_group_is_404(client, hub_site):
    assert client.get("/produktgruppen/gibt-es-nicht/").status_code == 404


def test_example_criterion_label_and_monitor_link_back_to_the_hub(client, hub_site):
    PracticeExample.objects.filter(slug="dortmund-berufskleidung-pilot-2015").update(
        notice_number="123456-2025"
    )
    html = client.get("/praxisbeispiele/dortmund-berufskleidung-pilot-2015/").content.decode()
    assert_contains(html, f'href="{HUB}"', 'href="/laender/nw/"')
    # the notice in OUR monitor first, TED as a second link
    assert_contains(html, 'href="/monitor/bekanntmachungen/textil-1/"', "ted.europa.eu")
    assert f'href="{HUB}"' in client.get("/kriterien/ilo-textil/").content.decode()
    assert f'href="{HUB}"' in client.get("/guetezeichen/gots/").content.decode()
    notice = client.get("/monitor/bekanntmachungen/textil-1/").content.decode()
    assert_contains(notice, f'href="{HUB}"', 'href="/guetezeichen/gots/"')
    assert_contains(notice, 'href="/kriterien/ilo-textil/"')
    assert f'href="{HUB}"' in client.get("/monitor/").content.decode()


def test_hubs_are_in_the_sitemap(client, hub_site):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/produktgruppen/</loc>" in xml and "/produktgruppen/textilien/</loc>" in xml


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_hub_urls_per_persona(client_as, hub_site, persona):
    client = client_as(persona)
    statuses = {
        url: client.get(url).status_code
        for url in ("/produktgruppen/", HUB, HUB + "?land=TH&stufe=policy", "/produktgruppen/x/")
    }
    assert statuses == {
        "/produktgruppen/": 200,
        HUB: 200,
        HUB + "?land=TH&stufe=policy": 200,
        "/produktgruppen/x/": 404,
    }


def test_hub_lists_library_entries_on_its_group(client, hub_site):
    LibraryIndexPageFactory(parent=hub_site["home"])
    textiles = ProductGroup.objects.get(slug="textilien")
    LibraryEntryFactory(title="Leitfaden faire Dienstkleidung", product_groups=[textiles])
    LibraryEntryFactory(title="Leitfaden IT")
    html = client.get(HUB).content.decode()
    assert "Leitfaden faire Dienstkleidung" in html and "Leitfaden IT" not in html
    assert 'href="/informationsangebote/' in html
