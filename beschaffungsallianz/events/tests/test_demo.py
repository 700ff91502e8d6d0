"""The events demo: the six Thüringer Fachtage with exactly the published facts, linked from
/projekt/, and one upcoming sample Fachtag that takes registrations."""

from io import StringIO

import pytest
from django.core.management import call_command

from beschaffungsallianz.events.models import EventPage

pytestmark = pytest.mark.django_db

FACTS = {
    "1-thueringer-fachtag-2013": ("1. Thüringer Fachtag", "Weimar", ">2013</time>", "year"),
    "2-thueringer-fachtag-2014": ("2. Thüringer Fachtag", "Jena", ">2014</time>", "year"),
    "3-thueringer-fachtag-2015": ("3. Thüringer Fachtag", "Erfurt", "2. Juni 2015", "day"),
    "4-thueringer-fachtag-2016": ("4. Thüringer Fachtag", "Nordhausen", "26. Oktober 2016", "day"),
    "5-thueringer-fachtag-2017": (
        "5. Thüringer Fachtag: IT",
        "Erfurt",
        "27. September 2017",
        "day",
    ),
    "6-thueringer-fachtag-2018": (
        "6. Thüringer Fachtag: Nachhaltiges Büro",
        "Erfurt",
        "17. Oktober 2018",
        "day",
    ),
}


@pytest.fixture
def demo():
    call_command(
        "load_demo_content",
        "--no-accounts",
        "--skip",
        "monitor",
        "--skip",
        "publications",
        stdout=StringIO(),
    )


def test_fachtage_are_archive_entries_with_the_published_facts_only(client, demo):
    for slug, (title, city, date, precision) in FACTS.items():
        page = EventPage.objects.get(slug=slug, locale__language_code="de")
        assert (page.title, page.city, page.date_precision) == (title, city, precision)
        assert not page.is_sample and not page.registration_enabled
        assert page.organiser is None and not page.venue and not page.online_url
        html = client.get(f"/termine/{slug}/").content.decode()
        assert date in html and city in html, slug
        assert "Veranstaltungsnachlese" in html, slug
    it = EventPage.objects.get(slug="5-thueringer-fachtag-2017", locale__language_code="de")
    assert [group.slug for group in it.topics.all()] == ["it-hardware"]

    # /projekt/ links every Fachtag instead of keeping a table.
    html = client.get("/projekt/").content.decode()

    for slug, (title, city, date, _precision) in FACTS.items():
        date = date.removeprefix(">").removesuffix("</time>")
        assert f'href="/termine/{slug}/">{title}</a> – {city}, {date}</li>' in html
    assert "<table" not in html

    # The archive by year; the one upcoming event is the sample, with registration.
    response = client.get("/termine/")

    years = [year for year, _items in response.context["archive"]]
    assert years == [2018, 2017, 2016, 2015, 2014, 2013]
    (sample,) = response.context["upcoming"]
    assert sample.is_sample and sample.registration_is_open()
    assert sample.title.startswith("Beispiel:")
    assert client.get(f"{sample.url}anmelden/").status_code == 200
