"""Every newsletter URL per persona (all seven: anonymous … admin), with exact outcomes: the
public pages and links from mails answer everyone alike; subscribers in the admin (from the
URL resolver) are for coordinators and admins only; the test-mail and send pages are for
everyone who may publish the issue (editors, coordinators, admins)."""

import pytest
from django.core import mail

from beschaffungsallianz.newsletter.models import Subscriber
from beschaffungsallianz.newsletter.tests.factories import (
    NewsletterIssuePageFactory,
    SubscriberFactory,
)
from conftest import LOGIN, STAFF, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(index, issue):
    pending = SubscriberFactory(status=Subscriber.Status.PENDING)
    confirmed = SubscriberFactory()
    NewsletterIssuePageFactory(parent=index, slug="entwurf", live=False)
    confirm = f"{pending.key}/{pending.confirm_signature}"
    unsubscribe = f"{confirmed.key}/{confirmed.unsubscribe_signature}"
    return {
        "/newsletter/": 200,
        "/newsletter/archiv/": 200,
        "/newsletter/archiv/feed/": 200,
        "/newsletter/maerz/": 200,
        "/newsletter/entwurf/": 404,
        f"/newsletter/bestaetigen/{confirm}/": 200,
        f"/newsletter/bestaetigen/{pending.key}/falsch/": 404,
        f"/newsletter/abmelden/{unsubscribe}/": 200,
        f"/newsletter/abmelden/{confirmed.key}/falsch/": 404,
        f"/newsletter-abmelden/{unsubscribe}/": 302,
        f"/newsletter-abmelden/{confirmed.key}/falsch/": 404,
    }


def test_public_newsletter_views_answer_every_persona_alike(any_persona, urls):
    name, client = any_persona

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == urls, name


def test_signing_up_is_open_to_every_persona(any_persona, index):
    name, client = any_persona

    response = client.post("/newsletter/", {"email": f"{name}@example.net", "consent": "on"})

    assert response.status_code == 302, name
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def _subscriber_admin(persona, admin_url):
    """Login for the public, 403 for editors, the lists and details for coordinators and
    admins; nobody adds subscribers (Wagtail's redirect). Coordinators see, export and delete
    but do not change a subscription (that would bypass the double opt-in): edit and usage
    (which needs the change permission) send them to the dashboard, the editing-session ping
    answers 404."""
    if persona not in STAFF:
        return LOGIN
    if persona == "editor":
        # The editing-session ping is Wagtail's generic URL, not the viewset's: it answers 404.
        return 404 if admin_url.view == "ping" else 403
    if admin_url.view in ("add", "create"):
        return "302 /admin/"
    if persona == "coordinator" and admin_url.view in ("edit", "usage"):
        return "302 /admin/"
    if persona == "coordinator" and admin_url.view == "ping":  # editing sessions need change
        return 404
    return 200


def test_subscriber_admin_urls_per_persona(any_persona):
    name, client = any_persona
    subscriber = SubscriberFactory(email="erika.geheim@example.org")
    urls = admin_urls_for(Subscriber, subscriber)
    assert {"list", "edit", "inspect", "delete", "choose", "chosen", "bulk:delete"} <= {
        url.view for url in urls
    }
    assert_admin_matrix(client, name, urls, _subscriber_admin)


@pytest.mark.parametrize("action", ["test", "send"])
def test_issue_mail_pages_per_persona(any_persona, issue, action):
    name, client = any_persona
    SubscriberFactory()

    response = client.get(f"/admin/newsletter/issue/{issue.pk}/{action}/")

    if name in STAFF:
        assert response.status_code == 200, name
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"], name
    assert mail.outbox == []  # a GET sends nothing
