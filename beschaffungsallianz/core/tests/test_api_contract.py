"""The whole open-data API (/api/v1/) against its own OpenAPI schema, with schemathesis.

Schemathesis reads /api/v1/openapi.json and, for every operation, sends requests generated from
the schema — valid ones and, in negative mode, invalid ones — through Django's WSGI handler
in-process, and runs *all* its checks on every response: no server error, documented status
code, content type and headers, the body matches the response schema, a request the schema
accepts is accepted (never 422) and one it forbids is rejected. So the schema and the API can
never drift apart again (issue 7 item 17). Examples are bounded per operation so the suite stays
fast; the run is deterministic (derandomised). It runs on the database of the test run, so CI
runs it on SQLite and on PostgreSQL.
"""

from datetime import date, timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from beschaffungsallianz.api import api
from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory
from beschaffungsallianz.knowledge.models import TenderStage
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
    StateLawFactory,
)
from beschaffungsallianz.library.tests.factories import (
    LibraryEntryFactory,
    LibraryIndexPageFactory,
)
from beschaffungsallianz.monitor import rollups
from beschaffungsallianz.monitor.tests.factories import (
    make_monitor_page,
    make_notice,
    make_notice_abroad,
)

EXAMPLES_PER_OPERATION = 30

# The schema exactly as /api/v1/openapi.json serves it (built without a request, so at import
# time); requests go through Django's WSGI handler in the test's database transaction.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Like Django's test client: the request signals must not close the database connection
    (on PostgreSQL it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, wsgi_keeps_the_test_connection):
    """A little of everything the API serves, so responses have bodies to check."""
    home = make_monitor_page().get_parent()
    ProductGroupFactory(
        slug="it", name="IT-Geräte", cpv_prefixes="30190000-7 30200000-1", sort_order=1
    )
    make_notice(
        "TH",
        date(2025, 6, 10),
        [{"main_cpv": "30192000-1", "green": ["clim-mitig"]}, {"main_cpv": "45000000-7"}],
        notice_id="contract-1",
    )
    make_notice_abroad("contract-2", date(2025, 3, 1))
    rollups.rebuild_rollups()
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    fairtrade = LabelFactory(slug="fairtrade", name="Fairtrade", product_groups=[textiles])
    LabelFactory(slug="entwurf", name="Entwurf", live=False)
    ilo = CriterionFactory(slug="ilo", title="ILO-Kernarbeitsnormen")
    PracticeExampleFactory(
        slug="kleidung",
        title="Dienstkleidung für den Bauhof",
        product_groups=[textiles],
        labels=[fairtrade],
        criteria=[(ilo, TenderStage.PERFORMANCE)],
    )
    StateLawFactory()
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=events, online_url="https://example.org/raum", registration_enabled=True
    )
    EventPageFactory(
        parent=events, start=timezone.now() - timedelta(days=400), date_precision="year"
    )
    LibraryIndexPageFactory(parent=home)
    LibraryEntryFactory(slug="leitfaden", product_groups=[textiles], stages=["award"])
    LibraryEntryFactory(slug="entwurf", live=False)


def test_the_schema_tested_is_the_one_served(client, db):
    assert client.get("/api/v1/openapi.json").json() == schema.raw_schema


SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ folder in the work tree
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@SETTINGS
def test_every_api_operation_answers_as_its_schema_says(case, api_data):
    """One test per operation (monitor, network, publications, events, knowledge, library);
    schemathesis' call_and_validate fails the test on the first check a response does not
    pass."""
    case.call_and_validate()


def test_the_api_has_the_seven_tagged_parts():
    tags = {
        tag
        for path in schema.raw_schema["paths"].values()
        for op in path.values()
        for tag in op.get("tags", [])
    }
    assert tags == {
        "monitor",
        "network",
        "publications",
        "knowledge",
        "events",
        "library",
        "search",
    }
