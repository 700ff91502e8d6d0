"""Fixtures of the meetings tests (personas, ``home``, an empty cache: the root conftest.py):
/arbeitskreis/sitzungen/ with a past meeting (minutes, decision) and an upcoming one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import StandardPageFactory
from beschaffungsallianz.meetings.models import Minutes
from beschaffungsallianz.meetings.tests.checks import SECRET
from beschaffungsallianz.meetings.tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MeetingIndexPageFactory,
    MinutesFactory,
)


@pytest.fixture
def meetings_page(home):
    working_group = StandardPageFactory(parent=home, title="Arbeitskreis", slug="arbeitskreis")
    return MeetingIndexPageFactory(parent=working_group)


@pytest.fixture
def past(meetings_page):
    meeting = MeetingFactory(
        slug="fruehjahr",
        start=timezone.now() - timedelta(days=60),
        public_summary="Der Arbeitskreis hat getagt.",
        place=f"Ort {SECRET}",
    )
    AgendaItemFactory(meeting=meeting, title=f"Punkt {SECRET}")
    return meeting


@pytest.fixture
def upcoming(meetings_page):
    meeting = MeetingFactory(slug="herbst", invitation=f"Einladung {SECRET}")
    AgendaItemFactory(meeting=meeting, title="Begrüßung", sort_order=0)
    AgendaItemFactory(meeting=meeting, title="Berichte", sort_order=1)
    return meeting


@pytest.fixture
def minutes(past, upcoming):
    return MinutesFactory(
        meeting=past,
        body=f"<p>Protokoll {SECRET}.</p>",
        status=Minutes.Status.APPROVED,
        approved_at=upcoming,
        approved_on=upcoming.start.date(),
    )


@pytest.fixture
def decision(past):
    return DecisionFactory(
        number="2025/1", meeting=past, text=f"Dienstkleidungen werden fair beschafft. {SECRET}"
    )
