"""Factories of the search app's models."""

import factory
from factory.django import DjangoModelFactory

from beschaffungsallianz.knowledge.search.text import stem_text
from beschaffungsallianz.search.models import SearchEntry, SearchSynonym


class SearchSynonymFactory(DjangoModelFactory):
    class Meta:
        model = SearchSynonym

    terms = "Arbeitskleidung, Dienstkleidung, Berufskleidung"
    note = factory.Sequence(lambda n: f"Gruppe {n}")


class SearchEntryFactory(DjangoModelFactory):
    """An index entry written directly (the sources' rows are written by ``search.indexing``):
    for queries over more entries than a test wants to build items for."""

    class Meta:
        model = SearchEntry

    kind = "example"
    object_id = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Eintrag {n}")
    text = ""
    url = factory.Sequence(lambda n: f"/eintrag-{n}/")
    search_text = factory.LazyAttribute(lambda entry: stem_text(entry.title, entry.text))
