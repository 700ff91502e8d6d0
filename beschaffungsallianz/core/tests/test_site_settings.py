"""core.site_settings: the licence and the alliance's state, read one way for every app."""

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from beschaffungsallianz.core.models import SiteSettings
from beschaffungsallianz.core.site_settings import (
    Licence,
    alliance_name,
    alliance_state,
    data_licence,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_row(site):
    return SiteSettings.for_site(site)


@pytest.fixture
def request_(site):
    return RequestFactory().get("/", HTTP_HOST=site.hostname)


def test_data_licence_comes_from_the_site_settings(settings_row, request_):
    settings_row.data_licence = "CC0 1.0"
    settings_row.data_licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
    settings_row.alliance_name = "Beispielallianz"
    settings_row.save()
    assert data_licence(request_) == Licence(
        name="CC0 1.0",
        url="https://creativecommons.org/publicdomain/zero/1.0/",
        attribution="Beispielallianz",
    )
    assert data_licence(request_).as_dict()["attribution"] == "Beispielallianz"


def test_data_licence_defaults_to_cc_by(request_):
    licence = data_licence(request_)
    assert (licence.name, licence.url) == (
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )


@pytest.mark.parametrize(
    ("stored", "expected"), [("HB", "HB"), ("by", "BY"), ("", "TH"), ("XX", "TH")]
)
def test_alliance_state_is_a_known_state_code(settings_row, request_, stored, expected):
    settings_row.state_code = stored
    settings_row.save()
    assert alliance_state(request_) == expected


def test_alliance_name_for_a_request_or_the_default_site(settings_row, request_):
    settings_row.alliance_name = "Beispielallianz"
    settings_row.save()
    assert alliance_name(request_) == "Beispielallianz"
    assert alliance_name() == "Beispielallianz"


def test_alliance_name_without_a_site_is_the_sites_name(settings):
    Site.objects.all().delete()
    assert alliance_name() == settings.WAGTAIL_SITE_NAME
