"""One factory per model of the events app."""

from datetime import timedelta

import factory
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import PageFactory
from beschaffungsallianz.events.models import EventIndexPage, EventPage, Registration


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Termine"
    slug = "termine"


class EventPageFactory(PageFactory):
    """An upcoming on-site event in Erfurt, two weeks ahead, 10:00 to 16:00."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Termin {n}")
    slug = factory.Sequence(lambda n: f"termin-{n}")
    start = factory.LazyFunction(
        lambda: (
            timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=14)
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=6))
    city = "Erfurt"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = None  # pass event=…
    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = "Stadt Beispiel"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    consented_at = factory.LazyFunction(timezone.now)
