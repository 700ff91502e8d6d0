"""Sending an issue: multipart mails with the List-Unsubscribe headers (RFC 8058), sender and
imprint in the footer; recipients by topic; a send interrupted by the mail server resumes and
mails everybody exactly once; one-click unsubscribe without a CSRF token."""

from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from wagtail.rich_text import RichText

from beschaffungsallianz.core.models import SiteSettings
from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory
from beschaffungsallianz.knowledge.tests.factories import (
    PracticeExampleFactory,
    ProductGroupFactory,
)
from beschaffungsallianz.newsletter import sending
from beschaffungsallianz.newsletter.models import Delivery, Dispatch, Subscriber
from beschaffungsallianz.newsletter.tests.checks import SITE, link_in
from beschaffungsallianz.newsletter.tests.factories import (
    NewsletterIssuePageFactory,
    SubscriberFactory,
)
from conftest import assert_contains

pytestmark = pytest.mark.django_db

QUIET = open("/dev/null", "w")  # noqa: SIM115 - the commands' progress output


def _send(issue, **options):
    call_command("send_newsletter", str(issue.pk), stdout=QUIET, **options)


def test_every_mail_is_multipart_with_unsubscribe_headers_sender_and_imprint(issue, site):
    settings_row = SiteSettings.for_site(site)
    settings_row.postal_address = "Beispielweg 1, 99084 Erfurt"
    settings_row.contact_email = "kontakt@example.org"
    settings_row.imprint_page = StandardPageFactory(parent=site.root_page, slug="impressum")
    settings_row.save()
    subscriber = SubscriberFactory(email="erika@example.org")

    _send(issue)

    (message,) = mail.outbox
    assert message.to == ["erika@example.org"]
    assert message.subject == "Newsletter März"
    assert message.from_email == (
        "Thüringer Beschaffungsallianz – fair und nachhaltig <noreply@localhost>"
    )
    one_click = f"{SITE}/newsletter-abmelden/{subscriber.key}/{subscriber.unsubscribe_signature}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{one_click}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    page_link = f"{SITE}/newsletter/abmelden/{subscriber.key}/{subscriber.unsubscribe_signature}/"
    for part in (message.body, html):
        assert_contains(
            part,
            "Aus dem Arbeitskreis",
            "Beispielweg 1, 99084 Erfurt",
            "kontakt@example.org",
            f"{SITE}/impressum/",
            page_link,
            f"{SITE}/newsletter/maerz/",
        )
    assert "mehr (https://example.org/x)" in message.body
    assert '<html lang="de">' in html and "<title>Newsletter März</title>" in html
    raw = message.message().as_string()
    assert "multipart/alternative" in raw


def test_chosen_news_events_and_practice_examples_are_in_the_mail_and_the_archive_page(
    client, home, index
):
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home), title="Neue Vergabeordnung", slug="vergabe"
    )
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home), title="Fachtag 2027", slug="fachtag"
    )
    example = PracticeExampleFactory(title="Faire Dienstkleidung in Jena", slug="jena")
    unpublished = PracticeExampleFactory(title="Noch geheim", slug="geheim", live=False)
    issue = NewsletterIssuePageFactory(
        parent=index,
        slug="april",
        body=[
            ("paragraph", RichText(f'<p>Siehe <a linktype="page" id="{news.pk}">hier</a>.</p>')),
            ("news", news),
            ("event", event),
            ("practice_example", example),
            ("practice_example", unpublished),
        ],
    )
    SubscriberFactory()

    _send(issue)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert_contains(
            part,
            "Neue Vergabeordnung",
            f"{SITE}/aktuelles/vergabe/",
            "Fachtag 2027",
            f"{SITE}/termine/fachtag/",
            "Faire Dienstkleidung in Jena",
            "Musterstadt, 2024",
        )
        assert "Noch geheim" not in part
    assert f'href="{SITE}/aktuelles/vergabe/"' in html  # the internal link made absolute
    web = client.get("/newsletter/april/").content.decode()
    assert_contains(web, "Neue Vergabeordnung", "Fachtag 2027", "Faire Dienstkleidung in Jena")
    assert "Noch geheim" not in web


def test_only_confirmed_subscribers_with_matching_topics_receive_an_issue(index):
    paper = ProductGroupFactory(slug="papier", name="Papier")
    textiles = ProductGroupFactory(slug="textilien", name="Textilien")
    issue = NewsletterIssuePageFactory(parent=index, topic_events=True)
    issue.product_groups.set([paper])
    issue.save_revision().publish()
    everything = SubscriberFactory(email="alles@example.org")
    events = SubscriberFactory(email="termine@example.org", topic_events=True)
    on_paper = SubscriberFactory(email="papier@example.org")
    on_paper.product_groups.set([paper])
    SubscriberFactory(email="news@example.org", topic_news=True)
    on_textiles = SubscriberFactory(email="textil@example.org")
    on_textiles.product_groups.set([textiles])
    SubscriberFactory(email="offen@example.org", status=Subscriber.Status.PENDING)

    _send(issue)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [everything.email, events.email, on_paper.email]
    )


class FailingAfter(EmailBackend):
    """The test outbox, but the mail server refuses every mail after the first ``limit``."""

    limit = None
    accepted = 0

    def send_messages(self, messages):
        for message in messages:
            if FailingAfter.limit is not None and FailingAfter.accepted >= FailingAfter.limit:
                raise ConnectionError("mail server went away")
            FailingAfter.accepted += super().send_messages([message])
        return len(messages)


def test_an_interrupted_send_resumes_and_mails_every_subscriber_exactly_once(issue, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingAfter"
    subscribers = [SubscriberFactory() for _ in range(7)]
    FailingAfter.limit, FailingAfter.accepted = 3, 0

    with pytest.raises(ConnectionError):
        _send(issue, batch_size=2)

    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(issue=issue).count() == 3  # the refused one is not recorded
    assert sending.progress(issue).remaining == 4
    assert not sending.progress(issue).finished

    FailingAfter.limit = None
    _send(issue, batch_size=2)
    _send(issue, batch_size=2)  # a third run finds nobody left

    received = Counter(m.to[0] for m in mail.outbox)
    assert received == Counter({s.email: 1 for s in subscribers})
    assert Delivery.objects.filter(issue=issue, sent_at__isnull=False).count() == 7
    dispatch = Dispatch.objects.get(issue=issue)
    assert dispatch.finished_at is not None and dispatch.recipients == 7


def test_a_recipient_claimed_by_another_run_is_not_mailed_again(issue):
    first, second = SubscriberFactory(), SubscriberFactory()
    Delivery.objects.create(issue=issue, subscriber=first)  # claimed, then the process died

    _send(issue)

    assert [m.to for m in mail.outbox] == [[second.email]]


def test_one_click_post_without_csrf_token_unsubscribes_at_once(issue, settings):
    subscriber = SubscriberFactory(email="erika@example.org", topic_news=True)
    _send(issue)
    one_click = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix(SITE)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        one_click,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.email is None and subscriber.topics == []
    assert subscriber.email_hash and subscriber.consented_at  # the hashed proof stays
    mail.outbox.clear()
    NewsletterIssuePageFactory(parent=issue.get_parent(), slug="naechste")
    _send(issue.get_parent().get_children().get(slug="naechste"))
    assert mail.outbox == []


def test_one_click_link_opened_in_a_browser_leads_to_the_confirm_button(client, issue):
    subscriber = SubscriberFactory()
    path = f"/newsletter-abmelden/{subscriber.key}/{subscriber.unsubscribe_signature}/"

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == (
        f"{SITE}/newsletter/abmelden/{subscriber.key}/{subscriber.unsubscribe_signature}/"
    )
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed


def test_unsubscribe_link_in_the_mail_shows_a_button_and_post_unsubscribes(client, issue):
    subscriber = SubscriberFactory()
    _send(issue)
    link = link_in(mail.outbox[0], "/newsletter/abmelden/")

    shown = client.get(link)
    assert shown.status_code == 200 and "Jetzt abmelden" in shown.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed

    done = client.post(link)
    assert "Sie sind abgemeldet." in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert "Sie sind abgemeldet." in client.get(link).content.decode()  # the link still answers
