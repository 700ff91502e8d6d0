"""Factories of the search app's models."""

import factory
from factory.django import DjangoModelFactory

from beschaffungsallianz.search.models import SearchSynonym


class SearchSynonymFactory(DjangoModelFactory):
    class Meta:
        model = SearchSynonym

    terms = "Arbeitskleidung, Dienstkleidung, Berufskleidung"
    note = factory.Sequence(lambda n: f"Gruppe {n}")
