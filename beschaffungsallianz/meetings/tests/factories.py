"""One factory per model of the meetings app."""

from datetime import timedelta

import factory
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import PageFactory
from beschaffungsallianz.meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingIndexPage,
    Minutes,
    Rsvp,
)


class MeetingIndexPageFactory(PageFactory):
    class Meta:
        model = MeetingIndexPage

    title = "Sitzungen"
    slug = "sitzungen"


class MeetingFactory(factory.django.DjangoModelFactory):
    """An upcoming meeting, three weeks ahead, 10:00 to 13:00."""

    class Meta:
        model = Meeting

    title = "Sitzung des Arbeitskreises"
    slug = factory.Sequence(lambda n: f"sitzung-{n}")
    start = factory.LazyFunction(
        lambda: (
            timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=21)
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    place = "Rathaus Erfurt, Raum 1"
    online_url = "https://example.org/raum-geheim"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = None  # pass meeting=…
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    meeting = None  # pass meeting=…, user=…
    user = None
    answer = Rsvp.Answer.YES


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"2025/{n}")
    decided_on = factory.LazyFunction(timezone.localdate)
    text = "Der Arbeitskreis beschließt etwas."


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = None  # pass meeting=…
    version = 1
    body = "<p>Protokoll der Sitzung.</p>"
