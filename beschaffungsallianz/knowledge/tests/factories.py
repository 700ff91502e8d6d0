"""Factories for the knowledge models, and a helper that sets up the site with index pages."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from beschaffungsallianz.knowledge.models import (
    Criterion,
    CriterionKind,
    Focus,
    Label,
    PracticeCriterion,
    PracticeExample,
    ProductGroup,
    TenderStage,
)


class ProductGroupFactory(DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    name = factory.Sequence(lambda n: f"Produktgruppe {n}")
    cpv_prefixes = "18100000"


class _ClusterM2M:
    """post_generation for ParentalManyToManyFields: assign, then save to commit."""

    @staticmethod
    def setter(name):
        def _set(obj, create, extracted, **kwargs):
            if extracted is not None:
                setattr(obj, name, list(extracted))
                if create:
                    obj.save()

        return _set


class LabelFactory(DjangoModelFactory):
    class Meta:
        model = Label
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"label-{n}")
    name = factory.Sequence(lambda n: f"Gütezeichen {n}")
    covers = Focus.SOCIAL
    live = True
    product_groups = factory.PostGeneration(_ClusterM2M.setter("product_groups"))


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kriterium-{n}")
    title = factory.Sequence(lambda n: f"Kriterium {n}")
    kind = CriterionKind.SOCIAL
    stage = TenderStage.PERFORMANCE
    wording = "Beispielformulierung"
    is_sample = True
    live = True


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


def make_site():
    """A home page as the default site's root, with the four knowledge index pages."""
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage
    from beschaffungsallianz.knowledge.models import (
        CriterionIndexPage,
        LabelIndexPage,
        PracticeExampleIndexPage,
        StateIndexPage,
    )

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start-knowledge"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    pages = {}
    for cls, slug, title in [
        (PracticeExampleIndexPage, "praxisbeispiele", "Praxisbeispiele"),
        (StateIndexPage, "laender", "Länder"),
        (LabelIndexPage, "guetezeichen", "Gütezeichen"),
        (CriterionIndexPage, "kriterien", "Kriterien"),
    ]:
        pages[slug] = home.add_child(instance=cls(title=title, slug=slug))
    return pages
