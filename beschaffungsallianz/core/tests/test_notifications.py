"""core.notifications: who hears of what arrived through the website, and the mail to them."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from beschaffungsallianz.core.notifications import admin_url, mail_staff, staff_recipients
from beschaffungsallianz.core.roles import COORDINATOR_GROUP

pytestmark = pytest.mark.django_db


def test_configured_addresses_win(settings, coordinator):
    settings.STAFF_NOTIFICATION_EMAILS = ["team@example.org"]
    assert staff_recipients() == ["team@example.org"]


def test_otherwise_active_coordinators_and_superusers_with_an_address(
    settings, django_user_model, admin_user
):
    settings.STAFF_NOTIFICATION_EMAILS = []
    group = Group.objects.get(name=COORDINATOR_GROUP)
    for username, email, active in (
        ("a", "a@example.org", True),
        ("b", "", True),
        ("c", "c@example.org", False),
    ):
        user = django_user_model.objects.create_user(username, email=email, is_active=active)
        user.groups.add(group)
    django_user_model.objects.create_user("plain", email="plain@example.org")
    assert staff_recipients() == ["a@example.org", "admin@example.org"]


def test_mail_staff_sends_one_mail_to_all_and_counts_them(settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["a@example.org", "b@example.org"]
    assert mail_staff("Betreff", "Text") == 2
    (message,) = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert (message.subject, message.body) == ("Betreff", "Text")


def test_mail_staff_without_recipients_sends_nothing(settings):
    settings.STAFF_NOTIFICATION_EMAILS = []
    assert mail_staff("Betreff", "Text") == 0
    assert mail.outbox == []


def test_admin_url_is_absolute(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://beispiel.example/"
    assert admin_url("/admin/snippets/x/") == "https://beispiel.example/admin/snippets/x/"
