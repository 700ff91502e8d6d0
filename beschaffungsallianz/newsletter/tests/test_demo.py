"""The newsletter demo: /newsletter/ with the sign-up form and one sample issue, marked
"Beispiel", in the archive and its feed, pulling in a sample news item, the sample Fachtag and
the newest practice example; a second run changes nothing."""

import pytest

from beschaffungsallianz.core.tests.demo_pages import load_demo
from beschaffungsallianz.newsletter.models import NewsletterIssuePage, Subscriber
from conftest import assert_contains

pytestmark = pytest.mark.django_db


def test_demo_has_the_newsletter_page_and_a_sample_issue_in_the_archive(client):
    load_demo(skip=["monitor", "publications", "meetings", "exchange"])
    load_demo(
        skip=["monitor", "publications", "meetings", "exchange"]
    )  # a second run changes nothing

    (issue,) = NewsletterIssuePage.objects.filter(locale__language_code="de")
    assert issue.is_sample and issue.title.startswith("Beispiel:")
    assert [block.block_type for block in issue.body] == [
        "heading",
        "paragraph",
        "news",
        "heading",
        "event",
        "heading",
        "practice_example",
    ]
    assert "Newsletter abonnieren" in client.get("/newsletter/").content.decode()
    archive = client.get("/newsletter/archiv/").content.decode()
    assert_contains(archive, "Beispiel: Newsletter der Allianz", "kern-badge")
    feed = client.get("/newsletter/archiv/feed/").content.decode()
    assert "<title>Beispiel: Newsletter der Allianz</title>" in feed
    html = client.get(issue.url).content.decode()
    assert_contains(html, "Beispiel: Thüringer Fachtag", "/termine/beispiel-fachtag/")
    assert not Subscriber.objects.exists()
