"""Factories for the guide tests (states, labels, criteria, proposals) and the guide pages.

Engineer A's ``factories.py`` covers the models in general; these stay small and explicit so the
guide tests do not depend on the reference loader.
"""

import datetime

import factory
import pytest
from factory.django import DjangoModelFactory

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge.models import (
    Criterion,
    CriterionKind,
    Focus,
    Label,
    PracticeExample,
    ProductGroup,
    StateLaw,
    TenderStage,
)
from conftest import ensure_base_data


class GuideProductGroupFactory(DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    name = factory.Sequence(lambda n: f"Produktgruppe {n}")
    cpv_prefixes = "18100000"


class GuideLabelFactory(DjangoModelFactory):
    class Meta:
        model = Label
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"zeichen-{n}")
    name = factory.Sequence(lambda n: f"Gütezeichen {n}")
    covers = Focus.SOCIAL
    live = True

    @factory.post_generation
    def product_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.product_groups.set(extracted)
            self.save()  # commits the ParentalManyToManyField


class GuideStateLawFactory(DjangoModelFactory):
    class Meta:
        model = StateLaw
        django_get_or_create = ("state",)

    state = "TH"
    nuts1 = factory.LazyAttribute(lambda o: BY_CODE[o.state].nuts1)
    name = factory.LazyAttribute(lambda o: BY_CODE[o.state].name_de)
    law = "ThürVgG"
    tariff_compliance = StateLaw.YesNo.YES
    ilo_core_labour_standards = StateLaw.Obligation.MANDATORY
    ecological_criteria = StateLaw.Obligation.SHOULD
    notes = ""
    sources = "https://example.org/quelle"
    as_of = datetime.date(2026, 11, 26)
    live = True


class GuideCriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"kriterium-{n}")
    title = factory.Sequence(lambda n: f"Kriterium {n}")
    kind = CriterionKind.SOCIAL
    stage = TenderStage.AWARD
    wording = "Der Auftragnehmer weist die Einhaltung der ILO-Kernarbeitsnormen nach."
    live = True

    @factory.post_generation
    def product_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.product_groups.set(extracted)
            self.save()  # commits the ParentalManyToManyField

    @factory.post_generation
    def accepted_labels(self, create, extracted, **kwargs):
        if create and extracted:
            self.accepted_labels.set(extracted)
            self.save()  # commits the ParentalManyToManyField


class GuideExampleFactory(DjangoModelFactory):
    class Meta:
        model = PracticeExample
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Praxisbeispiel {n}")
    slug = factory.Sequence(lambda n: f"praxisbeispiel-{n}")
    summary = "Beispielhafte Ausschreibung."
    buyer_name = "Musterstadt"
    buyer_kind = PracticeExample.BuyerKind.MUNICIPALITY
    state = "TH"
    year = 2024
    is_demo = True
    live = True

    @factory.post_generation
    def labels(self, create, extracted, **kwargs):
        if create and extracted:
            self.labels.set(extracted)
            self.save()  # commits the ParentalManyToManyField


def build_guide_site():
    """Home page as the default site's root with the four knowledge index pages below it."""
    from wagtail.models import Page, Site

    ensure_base_data()

    from beschaffungsallianz.core.models import HomePage
    from beschaffungsallianz.knowledge.models import (
        CriterionIndexPage,
        LabelIndexPage,
        PracticeExampleIndexPage,
        StateIndexPage,
    )

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return {
        "home": home,
        "states": home.add_child(
            instance=StateIndexPage(
                title="Was machen die anderen Länder?",
                slug="laender",
                intro="Die Vergabegesetze der Länder im Vergleich.",
            )
        ),
        "labels": home.add_child(instance=LabelIndexPage(title="Gütezeichen", slug="guetezeichen")),
        "criteria": home.add_child(
            instance=CriterionIndexPage(title="Kriterien", slug="kriterien")
        ),
        "examples": home.add_child(
            instance=PracticeExampleIndexPage(title="Praxisbeispiele", slug="praxisbeispiele")
        ),
    }


@pytest.fixture
def guide_site(db):
    """Import this fixture into a test module to get the site with the guide pages."""
    return build_guide_site()


@pytest.fixture
def clear_cache():
    """Rate-limit counters live in the cache; start and end with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
