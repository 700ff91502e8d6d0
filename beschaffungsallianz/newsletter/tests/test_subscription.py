"""Sign-up with double opt-in through the public form: confirmation, the same answer for an
address that is subscribed already, bad input storing nothing, expired and forged links, and
the purge of unconfirmed sign-ups and old proofs."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate
from beschaffungsallianz.core.tests.test_pagecache import cached_text
from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory
from beschaffungsallianz.newsletter.models import Subscriber
from beschaffungsallianz.newsletter.models.subscribers import proof_hash
from beschaffungsallianz.newsletter.tests.checks import link_in, only_mail_to
from beschaffungsallianz.newsletter.tests.factories import SubscriberFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db

FORM = "/newsletter/"


def _data(**extra):
    return {"email": "Erika@Example.org", "topics": ["events"], "consent": "on", **extra}


def test_sign_up_stores_a_pending_subscriber_with_consent_proof_and_mails_the_link(client, index):
    group = ProductGroupFactory(slug="papier", name="Papier")

    response = client.post(FORM, _data(product_groups=[group.pk]))

    assert response.status_code == 302 and response["Location"] == FORM
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "erika@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.topics == ["events"]
    assert list(subscriber.product_groups.all()) == [group]
    assert "Newsletter" in subscriber.consent_text and subscriber.consented_at is not None
    message = only_mail_to("erika@example.org")
    assert message.subject == "Bitte bestätigen Sie Ihr Newsletter-Abonnement"
    assert "/newsletter/bestaetigen/" in link_in(message, "/bestaetigen/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link_in(message, "/bestaetigen/") in html
    thanks = client.get(FORM).content.decode()
    assert "Bitte sehen Sie in Ihr Postfach" in thanks and 'method="post"' not in thanks


def test_following_the_link_and_pressing_the_button_confirms(client, index):
    client.post(FORM, _data())
    link = link_in(mail.outbox[0], "/bestaetigen/")

    shown = client.get(link)
    assert shown.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # a GET confirms nothing
    assert shown["X-Robots-Tag"] == "noindex" and "no-cache" in shown["Cache-Control"]

    confirmed = client.post(link)

    assert confirmed.status_code == 200
    assert "Ihr Abonnement ist bestätigt." in confirmed.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


def test_signing_up_a_confirmed_address_again_answers_alike_and_changes_nothing(client, index):
    existing = SubscriberFactory(email="erika@example.org", topic_news=True)

    response = client.post(FORM, _data())

    assert response.status_code == 302 and response["Location"] == FORM
    existing.refresh_from_db()
    assert existing.topics == ["news"] and existing.is_confirmed
    message = only_mail_to("erika@example.org")
    assert message.subject == "Sie haben unseren Newsletter bereits abonniert"
    assert "/newsletter/abmelden/" in link_in(message, "/abmelden/")
    thanks = client.get(FORM).content.decode()
    assert "Bitte sehen Sie in Ihr Postfach" in thanks


def test_signing_up_a_pending_address_again_sends_a_new_link(client, index):
    client.post(FORM, _data())
    client.post(FORM, _data(topics=["news"]))

    subscriber = Subscriber.objects.get()
    assert subscriber.topics == ["news"] and subscriber.status == Subscriber.Status.PENDING
    assert [m.to for m in mail.outbox] == [["erika@example.org"]] * 2


@pytest.mark.parametrize(
    "data, fragment",
    [
        (_data(email="kein-at-zeichen"), "E-Mail-Adresse wie name@example.org"),
        (_data(consent=""), "Bitte stimmen Sie zu"),
        (_data(topics=["lottozahlen"]), "Lottozahlen"),
        (_data(homepage="https://spam.example"), "automatisiert"),
    ],
)
def test_bad_input_shows_the_form_again_and_stores_nothing(client, index, data, fragment):
    response = client.post(FORM, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert_contains(html, 'id="error-summary"', "Fehler:")
    assert fragment.lower() in html.lower()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_too_many_sign_ups_from_one_network_are_refused(client, index, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 1
    client.post(FORM, _data())

    response = client.post(FORM, _data(email="zweite@example.org"))

    assert response.status_code == 429
    assert Subscriber.objects.count() == 1 and len(mail.outbox) == 1


def test_a_confirmation_link_older_than_seven_days_has_expired(client, index, monkeypatch):
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(eight_days_ago)
    )
    client.post(FORM, _data())
    link = link_in(mail.outbox[0], "/bestaetigen/")
    monkeypatch.undo()

    response = client.post(link)

    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize("route", ["bestaetigen", "abmelden"])
def test_forged_links_find_nothing(client, index, route):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    other = SubscriberFactory()
    signature = other.confirm_signature if route == "bestaetigen" else other.unsubscribe_signature

    for link in (
        f"/newsletter/{route}/{subscriber.key}/{signature}/",  # somebody else's signature
        f"/newsletter/{route}/{subscriber.key}/falsch/",
    ):
        assert client.get(link).status_code == 404, link
        assert client.post(link).status_code == 404, link
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_purge_deletes_unconfirmed_sign_ups_after_seven_days_and_old_proofs():
    now = timezone.now()
    old_pending = SubscriberFactory(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk=old_pending.pk).update(created_at=now - timedelta(days=8))
    fresh_pending = SubscriberFactory(status=Subscriber.Status.PENDING)
    confirmed = SubscriberFactory()
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=now - timedelta(days=800))
    old_proof = SubscriberFactory(
        email=None,
        email_hash=proof_hash("alt@example.org"),
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=now - timedelta(days=3 * 365 + 1),
    )
    recent_proof = SubscriberFactory(
        email=None,
        email_hash=proof_hash("neu@example.org"),
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=now - timedelta(days=30),
    )

    call_command("purge_subscribers", stdout=open("/dev/null", "w"))

    left = set(Subscriber.objects.values_list("pk", flat=True))
    assert left == {fresh_pending.pk, confirmed.pk, recent_proof.pk}
    assert old_pending.pk not in left and old_proof.pk not in left


# --- the sign-up page from the page cache: the token is fetched, never cached (issue 12) ---


def test_the_sign_up_page_is_served_from_the_page_cache_without_a_token(index):
    browser = Client(enforce_csrf_checks=True)

    html = cached_text(browser, FORM)

    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert 'data-csrf-token-url="/formular-token/"' in html
    response = browser.get(FORM)
    assert "csrftoken" not in response.cookies
    assert response["Cache-Control"].startswith("public")


def test_the_fetched_token_lets_the_cached_form_sign_up(index):
    browser = Client(enforce_csrf_checks=True)
    cached_text(browser, FORM)

    answer = browser.get("/formular-token/", HTTP_ACCEPT="application/json")

    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert answer["X-Robots-Tag"] == "noindex"
    token = answer.json()["token"]
    response = browser.post(FORM, _data(csrfmiddlewaretoken=token))
    assert response.status_code == 302 and response["Location"] == FORM
    assert Subscriber.objects.get().email == "erika@example.org"


def test_a_sign_up_without_a_token_shows_the_form_again_with_the_entries_and_stores_nothing(
    index,
):
    """Without JavaScript the cached form has no token: nothing is lost, the form comes back
    with the entries and a token, and sending it again signs up."""
    browser = Client(enforce_csrf_checks=True)
    cached_text(browser, FORM)

    refused = browser.post(FORM, _data())

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "noch einmal" in html and 'value="Erika@Example.org"' in html
    assert "no-cache" in refused["Cache-Control"]
    assert not Subscriber.objects.exists() and not mail.outbox
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(FORM, _data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_the_form_comes_back_in_english_on_the_english_page(home, index):
    translate(home, title="Alliance")
    translate(index)
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post("/en/newsletter/", _data())

    assert refused.status_code == 403 and "once more" in refused.content.decode()


def test_other_forms_without_a_token_are_still_refused_plainly(home):
    """Only pages that offer it re-display a form; any other POST without a token gets
    Django's refusal, and nothing runs."""
    StandardPageFactory(parent=home, title="Projekt", slug="projekt")
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post("/projekt/", {"a": "b"})

    assert refused.status_code == 403
    assert "noch einmal" not in refused.content.decode()
