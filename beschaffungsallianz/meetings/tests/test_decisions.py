"""The decisions register: German full text (stems: "Dienstkleidung" finds
"Dienstkleidungen"), filters by status and year; an unknown filter value is a 400."""

import datetime

import pytest

from beschaffungsallianz.meetings.models import Decision
from beschaffungsallianz.meetings.tests.factories import DecisionFactory
from beschaffungsallianz.publications.models import RulesOfProcedurePage

pytestmark = pytest.mark.django_db

URL = "/arbeitskreis/sitzungen/beschluesse/"


@pytest.fixture
def register(decision):
    DecisionFactory(
        number="2024/7",
        decided_on=datetime.date(2024, 5, 1),
        text="Der Leitfaden Reinigungsmittel wird überarbeitet.",
        status=Decision.Status.DONE,
    )
    return decision


def _numbers(response):
    return [decision.number for decision in response.context["decisions"]]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ({}, ["2025/1", "2024/7"]),
        ({"q": "Dienstkleidung"}, ["2025/1"]),  # stem of "Dienstkleidungen"
        ({"q": "reinigungsmitteln"}, ["2024/7"]),
        ({"q": "Reinigungsmittel Dienstkleidung"}, []),  # every word must match
        ({"status": "done"}, ["2024/7"]),
        ({"jahr": "2024"}, ["2024/7"]),
        ({"q": "beschafft", "status": "open"}, ["2025/1"]),
        ({"q": '"*)(:'}, ["2025/1", "2024/7"]),  # no words: no text filter
    ],
)
def test_search_and_filters(client_as, register, query, numbers):
    response = client_as("arbeitskreis").get(URL, query)

    assert response.status_code == 200
    assert _numbers(response) == numbers


@pytest.mark.parametrize("query", [{"status": "erledigt"}, {"jahr": "1999"}, {"q": "x" * 201}])
def test_bad_filter_is_a_400_with_the_error_summary(client_as, register, query):
    response = client_as("arbeitskreis").get(URL, query)

    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


def test_the_rules_of_procedure_page_links_to_the_register(client, meetings_page):
    rules_page = RulesOfProcedurePage(title="Geschäftsordnung", slug="geschaeftsordnung")
    meetings_page.get_parent().add_child(instance=rules_page)
    rules_page.save_revision().publish()

    html = client.get("/arbeitskreis/geschaeftsordnung/").content.decode()

    assert 'href="/arbeitskreis/sitzungen/beschluesse/"' in html
