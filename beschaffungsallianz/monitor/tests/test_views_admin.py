"""Read-only admin lists of notices, lots and import runs."""

from datetime import date

import pytest

from beschaffungsallianz.monitor.models.notices import ImportRun
from beschaffungsallianz.monitor.tests.factories import make_notice
from conftest import STAFF_ONLY, admin_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(db):
    ImportRun.objects.create(sources="test.zip", read=1, new=1)
    return make_notice(
        "TH",
        date(2025, 1, 1),
        [{"green": ["clim-mitig"]}],
        notice_id="adm-1",
        title="Recyclingpapier",
    )


@pytest.mark.parametrize("model", ["notice", "lot", "importrun"])
def test_admin_lists_by_role(persona, notice, model):
    name, client = persona
    response = client.get(f"/admin/snippets/monitor/{model}/")
    assert admin_outcome(response) == STAFF_ONLY[name]


def test_editor_can_filter_search_and_inspect_but_not_change(client_as, notice):
    client = client_as("editor")
    response = client.get("/admin/snippets/monitor/notice/", {"state": "TH", "q": "Recycling"})
    assert response.status_code == 200
    assert "Recyclingpapier" in response.content.decode()
    assert client.get(f"/admin/snippets/monitor/notice/inspect/{notice.pk}/").status_code == 200
    response = client.get(f"/admin/snippets/monitor/notice/edit/{notice.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    lot = notice.lots.get()
    response = client.get("/admin/snippets/monitor/lot/", {"uses_green": "true"})
    assert response.status_code == 200
    assert client.get(f"/admin/snippets/monitor/lot/inspect/{lot.pk}/").status_code == 200


@pytest.mark.parametrize(
    "url", ["notice/add/", "notice/edit/{pk}/", "notice/delete/{pk}/", "lot/add/"]
)
def test_nobody_writes_notices_in_the_admin(client_as, notice, url):
    client = client_as("admin_user")
    response = client.get("/admin/snippets/monitor/" + url.format(pk=notice.pk))
    # Wagtail answers a view the permission policy forbids with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
