import datetime

import pytest

from beschaffungsallianz.publications.tests.factories import (
    RulesOfProcedureFactory,
    RulesOfProcedureVersionFactory,
)
from conftest import ensure_base_data


def build_publications_site():
    """Home page as the default site's root with /publikationen/ and
    /arbeitskreis/geschaeftsordnung/ (two published versions, 2016 and 2019)."""
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage, StandardPage
    from beschaffungsallianz.publications.models import (
        PublicationIndexPage,
        RulesOfProcedurePage,
    )

    ensure_base_data()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = home.add_child(
        instance=PublicationIndexPage(
            title="Publikationen", slug="publikationen", intro="Zum Herunterladen."
        )
    )
    working_group = home.add_child(instance=StandardPage(title="Arbeitskreis", slug="arbeitskreis"))
    rules = RulesOfProcedureFactory()
    old = RulesOfProcedureVersionFactory(
        rules=rules,
        label="Fassung 2016",
        adopted_on=datetime.date(2016, 6, 15),
        body="<h3>§ 1 Zweck</h3><p>Der Arbeitskreis tagt zweimal im Jahr.</p>"
        "<p>Alter Absatz, der entfällt.</p>",
    )
    new = RulesOfProcedureVersionFactory(
        rules=rules,
        label="Fassung 2019",
        adopted_on=datetime.date(2019, 5, 8),
        body="<h3>§ 1 Zweck</h3><p>Der Arbeitskreis tagt dreimal im Jahr.</p>"
        "<p>Neuer Absatz über das Umlaufverfahren.</p>",
    )
    rules_page = working_group.add_child(
        instance=RulesOfProcedurePage(
            title="Geschäfts- und Arbeitsordnung",
            slug="geschaeftsordnung",
            rules=rules,
        )
    )
    return {
        "home": home,
        "index": index,
        "rules": rules,
        "old": old,
        "new": new,
        "rules_page": rules_page,
    }


@pytest.fixture
def publications_site(db):
    return build_publications_site()
