"""/guetezeichen/: labels per product group, one page per label, comparison, CSV."""

import pytest
from bs4 import BeautifulSoup

from beschaffungsallianz.core.tests.spreadsheets import assert_same_rows, csv_dicts
from beschaffungsallianz.knowledge.models import Focus
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db

URL = "/guetezeichen/"
COMPARE = URL + "vergleich/"


@pytest.fixture
def labels(knowledge_site):
    textiles = ProductGroupFactory(slug="textilien", name="Textilien und Dienstkleidung")
    stone = ProductGroupFactory(slug="naturstein", name="Natursteine")
    ProductGroupFactory(slug="papier", name="Papier")  # no label: no section
    gots = LabelFactory(
        slug="gots",
        name="GOTS",
        covers=Focus.BOTH,
        product_groups=[textiles],
        notes="Bio-Baumwolle",
        sources="https://global-standard.org/ ohne-url",
    )
    fairtrade = LabelFactory(
        slug="fairtrade",
        name="Fairtrade Cotton",
        covers=Focus.SOCIAL,
        product_groups=[textiles],
    )
    xertifix = LabelFactory(
        slug="xertifix",
        name="XertifiX",
        covers=Focus.SOCIAL,
        product_groups=[stone],
    )
    loose = LabelFactory(slug="eu-ecolabel", name="EU Ecolabel", covers=Focus.ECOLOGICAL)
    draft = LabelFactory(
        slug="entwurf", name="Entwurfszeichen", live=False, product_groups=[textiles]
    )
    PracticeExampleFactory(title="Dienstkleidung Musterstadt", labels=[gots])
    PracticeExampleFactory(title="Unveröffentlicht", labels=[gots], live=False)
    CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen", accepted_labels=[gots, fairtrade])
    CriterionFactory(
        slug="draft-crit", title="Entwurfskriterium", live=False, accepted_labels=[gots]
    )
    return {
        "gots": gots,
        "fairtrade": fairtrade,
        "xertifix": xertifix,
        "loose": loose,
        "draft": draft,
        "textiles": textiles,
    }


def test_label_pages_are_public_for_every_persona(labels, persona):
    _name, client = persona
    assert client.get(URL).status_code == 200
    assert client.get(URL + "gots/").status_code == 200
    assert client.get(COMPARE, {"l": ["gots", "fairtrade"]}).status_code == 200
    assert client.get(URL + "csv/").status_code == 200
    assert client.get(URL + "xlsx/").status_code == 200


def test_index_groups_published_labels_by_product_group(labels, client):
    content = client.get(URL).content.decode()
    textiles = content[content.index("Gütezeichen für Textilien") :]
    textiles = textiles[: textiles.index("</table>")]
    assert "GOTS" in textiles and "Fairtrade Cotton" in textiles and "XertifiX" not in textiles
    assert "Entwurfszeichen" not in content
    assert "Gütezeichen für Papier" not in content
    assert "Gütezeichen ohne Produktgruppe" in content and "EU Ecolabel" in content
    assert 'href="/guetezeichen/gots/"' in content
    assert 'href="https://global-standard.org/"' in content and "ohne-url" in content


def test_product_group_filter_shows_one_group(labels, client):
    content = client.get(URL, {"produktgruppe": "naturstein"}).content.decode()
    assert "XertifiX" in content and "GOTS</a>" not in content.split("compare-heading")[0]
    assert "csv/?produktgruppe=naturstein" in content


@pytest.mark.parametrize("value", ["gibtsnicht", "%00", "x" * 3000, "<b>"])
def test_unknown_product_group_gives_400_with_message_and_all_groups(labels, client, value):
    response = client.get(URL, {"produktgruppe": value})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Diese Produktgruppe gibt es nicht" in content
    assert "XertifiX" in content and "GOTS" in content


def test_label_detail_lists_product_groups_criteria_examples_and_sources(labels, client):
    content = client.get(URL + "gots/").content.decode()
    assert "<h1" in content and "GOTS" in content
    assert "Sozial und ökologisch" in content
    assert 'href="/guetezeichen/?produktgruppe=textilien"' in content
    assert 'href="/kriterien/ilo/"' in content and "Entwurfskriterium" not in content
    assert "Dienstkleidung Musterstadt" in content and "Unveröffentlicht" not in content
    assert "§ 34 VgV" in content


def test_draft_or_unknown_label_is_404(labels, client):
    assert client.get(URL + "entwurf/").status_code == 404
    assert client.get(URL + "gibtsnicht/").status_code == 404


def test_compare_two_labels_side_by_side(labels, client):
    response = client.get(COMPARE, {"l": ["gots", "fairtrade"]})
    content = response.content.decode()
    table = content[content.index('id="compare-caption"') : content.index("</table>")]
    assert table.index("GOTS") < table.index("Fairtrade Cotton")  # order as chosen
    for row in (
        "Deckt soziale Kriterien ab",
        "Deckt ökologische Kriterien ab",
        "Produktgruppen",
        "Hinweise",
        "Quellen",
        "Veröffentlichte Praxisbeispiele",
    ):
        assert row in table
    assert "Bio-Baumwolle" in table and 'scope="col"' in table and 'scope="row"' in table
    checked = BeautifulSoup(content, "html.parser").select('input[name="l"][checked]')
    assert sorted(box["value"] for box in checked) == ["fairtrade", "gots"]


def test_compare_three_labels_and_duplicates_count_once(labels, client):
    response = client.get(COMPARE, {"l": ["gots", "fairtrade", "xertifix", "gots"]})
    assert response.status_code == 200
    assert "XertifiX" in response.content.decode().split("</table>")[0]


@pytest.mark.parametrize(
    "slugs, message",
    [
        (["gots"], "Sie haben 1 Gütezeichen gewählt"),
        (["gots", "fairtrade", "xertifix", "eu-ecolabel"], "Sie haben 4 Gütezeichen gewählt"),
        (["gots", "gibtsnicht"], "Ein Gütezeichen „gibtsnicht“ gibt es nicht"),
        (["gots", "entwurf"], "Ein Gütezeichen „entwurf“ gibt es nicht"),
        ([""], "Sie haben 0 Gütezeichen gewählt"),
    ],
)
def test_compare_with_wrong_selection_explains_with_400(labels, client, slugs, message):
    response = client.get(COMPARE, {"l": slugs})
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content and 'id="error-summary"' in content
    assert 'id="compare-caption"' not in content


def test_compare_without_selection_shows_the_form(labels, client):
    response = client.get(COMPARE)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="l"' in content and "error-summary" not in content


@pytest.mark.parametrize(
    "query, status",
    [
        ("l=%00&l=gots", 400),  # NUL is no label
        ("l=" + "a" * 5000, 400),
        ("l=gots&l=%ff", 400),  # invalid UTF-8
        ("l[]=gots", 200),  # not the parameter: the empty form
    ],
)
def test_compare_odd_query_strings_are_answered_not_500(labels, client, query, status):
    response = client.get(COMPARE + "?" + query)
    assert response.status_code == status
    assert ('id="error-summary"' in response.content.decode()) == (status == 400)


def test_csv_lists_published_labels_with_filter(labels, client):
    rows = csv_dicts(client.get(URL + "csv/"))
    assert [r["slug"] for r in rows] == ["eu-ecolabel", "fairtrade", "gots", "xertifix"]
    gots = next(r for r in rows if r["slug"] == "gots")
    assert gots["covers_social"] == "True" and gots["covers_ecological"] == "True"
    assert gots["product_groups"] == "textilien" and gots["published_examples"] == "1"
    assert gots["url"] == "http://testserver/guetezeichen/gots/"
    filtered = csv_dicts(client.get(URL + "csv/", {"produktgruppe": "naturstein"}))
    assert [r["slug"] for r in filtered] == ["xertifix"]
    # The spreadsheet holds the same rows, filtered alike.
    assert len(assert_same_rows(client, URL + "csv/", URL + "xlsx/")) == 5
    assert (
        len(assert_same_rows(client, URL + "csv/", URL + "xlsx/", produktgruppe="naturstein")) == 2
    )
