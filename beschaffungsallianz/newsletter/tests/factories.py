"""One factory per model of the newsletter app."""

import factory
from django.utils import timezone
from wagtail.rich_text import RichText

from beschaffungsallianz.core.tests.factories import PageFactory
from beschaffungsallianz.newsletter.models import (
    NewsletterIndexPage,
    NewsletterIssuePage,
    Subscriber,
)


class NewsletterIndexPageFactory(PageFactory):
    class Meta:
        model = NewsletterIndexPage

    title = "Newsletter"
    slug = "newsletter"


class NewsletterIssuePageFactory(PageFactory):
    """A published issue with a heading and a paragraph; pass body=[…] for chosen items."""

    class Meta:
        model = NewsletterIssuePage

    title = factory.Sequence(lambda n: f"Newsletter {n}")
    slug = factory.Sequence(lambda n: f"ausgabe-{n}")
    intro = "Neues aus der Allianz."
    issue_date = factory.LazyFunction(timezone.localdate)
    body = factory.LazyFunction(
        lambda: [
            ("heading", "Aus dem Arbeitskreis"),
            ("paragraph", RichText('<p>Lesen Sie <a href="https://example.org/x">mehr</a>.</p>')),
        ]
    )


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber who chose no topic (receives every issue)."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"leser{n}@example.org")
    status = Subscriber.Status.CONFIRMED
    consent_text = "Ich möchte den Newsletter erhalten."
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
