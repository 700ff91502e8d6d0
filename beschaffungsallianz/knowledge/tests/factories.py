"""One factory per knowledge model, and ``build_site()``: the home page as the default site's
root with the five knowledge index pages below it (the ``knowledge_site`` fixture in
conftest.py; browser tests call it inside the test, after the live server has started).

Many-to-many relations are parental (modelcluster): pass lists, e.g.
``LabelFactory(product_groups=[textiles])``, ``CriterionFactory(accepted_labels=[gots])``,
``PracticeExampleFactory(labels=[gots], criteria=[(criterion, TenderStage.AWARD)])``.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.knowledge.models import pages, reference
from beschaffungsallianz.knowledge.models.practice import PracticeCriterion, PracticeExample


def _parental(name):
    """post_generation for a ParentalManyToManyField: assign the list, then save to commit it."""

    def _set(obj, create, extracted, **kwargs):
        if extracted is not None:
            setattr(obj, name, list(extracted))
            if create:
                obj.save()

    return factory.PostGeneration(_set)


class ProductGroupFactory(DjangoModelFactory):
    class Meta:
        model = reference.ProductGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    name = factory.Sequence(lambda n: f"Produktgruppe {n}")
    cpv_prefixes = "18100000"


class LabelFactory(DjangoModelFactory):
    class Meta:
        model = reference.Label
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"label-{n}")
    name = factory.Sequence(lambda n: f"Gütezeichen {n}")
    covers = reference.Focus.SOCIAL
    live = True
    product_groups = _parental("product_groups")


class StateLawFactory(DjangoModelFactory):
    class Meta:
        model = reference.StateLaw
        django_get_or_create = ("state",)

    state = "TH"
    nuts1 = factory.LazyAttribute(lambda o: BY_CODE[o.state].nuts1)
    name = factory.LazyAttribute(lambda o: BY_CODE[o.state].name_de)
    law = "ThürVgG"
    tariff_compliance = reference.StateLaw.YesNo.YES
    ilo_core_labour_standards = reference.StateLaw.Obligation.MANDATORY
    ecological_criteria = reference.StateLaw.Obligation.SHOULD
    notes = ""
    sources = "https://example.org/quelle"
    as_of = datetime.date(2026, 11, 26)
    live = True


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = reference.Criterion
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"kriterium-{n}")
    title = factory.Sequence(lambda n: f"Kriterium {n}")
    kind = reference.CriterionKind.SOCIAL
    stage = reference.TenderStage.PERFORMANCE
    wording = "Der Auftragnehmer weist die Einhaltung der ILO-Kernarbeitsnormen nach."
    is_sample = False
    live = True
    product_groups = _parental("product_groups")
    accepted_labels = _parental("accepted_labels")


class PracticeExampleFactory(DjangoModelFactory):
    """A live example; pass product_groups=[…], labels=[…], criteria=[(criterion, stage), …]."""

    class Meta:
        model = PracticeExample

    title = factory.Sequence(lambda n: f"Praxisbeispiel {n}")
    slug = factory.Sequence(lambda n: f"praxisbeispiel-{n}")
    summary = "Eine Beschaffung mit sozialen Kriterien."
    buyer_name = "Musterstadt"
    buyer_kind = PracticeExample.BuyerKind.MUNICIPALITY
    state = "TH"
    size_class = PracticeExample.SizeClass.MEDIUM
    year = 2024
    is_demo = True
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, product_groups=(), labels=(), criteria=(), **kwargs):
        obj = model_class(*args, **kwargs)
        obj.product_groups = list(product_groups)
        obj.labels = list(labels)
        obj.criteria_used = [PracticeCriterion(criterion=c, stage=stage) for c, stage in criteria]
        obj.save()
        return obj


INDEX_PAGES = {
    "examples": (pages.PracticeExampleIndexPage, "praxisbeispiele", "Praxisbeispiele", ""),
    "states": (
        pages.StateIndexPage,
        "laender",
        "Was machen die anderen Länder?",
        "Die Vergabegesetze der Länder im Vergleich.",
    ),
    "labels": (pages.LabelIndexPage, "guetezeichen", "Gütezeichen", ""),
    "criteria": (pages.CriterionIndexPage, "kriterien", "Kriterien", ""),
    "hubs": (pages.ProductGroupIndexPage, "produktgruppen", "Produktgruppen", ""),
}


def build_site() -> dict:
    """Home page as the default site's root with the five knowledge index pages below it.

    Returns the pages by key: ``home``, ``examples``, ``states``, ``labels``, ``criteria``,
    ``hubs``.
    """
    home = make_home()
    pages = {"home": home}
    for key, (page_class, slug, title, intro) in INDEX_PAGES.items():
        pages[key] = home.add_child(instance=page_class(title=title, slug=slug, intro=intro))
    return pages
