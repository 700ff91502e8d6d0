"""One factory per model of the library app."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from beschaffungsallianz.core.tests.factories import PageFactory
from beschaffungsallianz.library.models import Kind, LibraryEntry, LibraryIndexPage, LinkCheck


class LibraryIndexPageFactory(PageFactory):
    class Meta:
        model = LibraryIndexPage

    title = "Informationsangebote"
    slug = "informationsangebote"


class LibraryEntryFactory(DjangoModelFactory):
    """A published link entry; ``live=False`` leaves it a draft, ``product_groups=[…]``."""

    class Meta:
        model = LibraryEntry
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Eintrag {n}")
    slug = factory.Sequence(lambda n: f"eintrag-{n}")
    kind = Kind.GUIDE
    publisher = "Umweltbundesamt"
    year = 2020
    url = factory.Sequence(lambda n: f"https://example.org/eintrag-{n}")
    comment = "Ein Kommentar der Redaktion."

    @classmethod
    def _create(cls, model_class, *args, live=True, product_groups=(), **kwargs):
        entry = model_class(*args, live=False, **kwargs)
        entry.product_groups.set(list(product_groups))
        entry.save()
        if live:
            entry.save_revision().publish()
            entry.refresh_from_db()
        return entry


class LinkCheckFactory(DjangoModelFactory):
    class Meta:
        model = LinkCheck

    url = factory.Sequence(lambda n: f"https://example.org/link-{n}")
    outcome = LinkCheck.Outcome.BROKEN
    status_code = 404
    checked_at = factory.LazyFunction(timezone.now)
