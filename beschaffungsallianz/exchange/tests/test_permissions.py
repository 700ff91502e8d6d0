"""Every URL of /mitgliederbereich/ (from the URL resolver) and every admin URL Wagtail registers
for the exchange's models, with the exact outcome for each of the seven personas."""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver

from beschaffungsallianz.exchange.models import Attachment, ModerationLog, Report, Thread
from beschaffungsallianz.exchange.tests.factories import ReportFactory
from conftest import LOGIN, _walk_urlpatterns, admin_urls_for, assert_admin_matrix

pytestmark = pytest.mark.django_db

TO_LOGIN = "302 /konto/anmelden/"
MEMBERS = {"member", "arbeitskreis", "editor", "coordinator", "admin_user"}


def outcome(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return response.status_code


def _urls(thread):
    post = thread.posts.get(is_opening=True)  # by the persona "member"
    reply = thread.posts.get(is_opening=False)
    attachment = Attachment.objects.create(
        post=reply, file=ContentFile(b"a;b\n1;2\n", name="zahlen.csv"), name="zahlen.csv", size=8
    )
    only_member = {"member": 200, "*": 403}
    # URL name -> (URL, outcome for a persona who may enter, or a dict by persona)
    return {
        "exchange:start": ("/mitgliederbereich/", 200),
        "exchange:thread-list": ("/mitgliederbereich/austausch/", 200),
        "exchange:thread-create": ("/mitgliederbereich/austausch/neu/", 200),
        "exchange:thread-detail": (f"/mitgliederbereich/austausch/{thread.pk}/", 200),
        "exchange:thread-subscription": (f"/mitgliederbereich/austausch/{thread.pk}/folgen/", 405),
        "exchange:post-edit": (
            f"/mitgliederbereich/austausch/beitrag/{post.pk}/bearbeiten/",
            only_member,
        ),
        "exchange:post-report": (f"/mitgliederbereich/austausch/beitrag/{reply.pk}/melden/", 200),
        "exchange:post-helpful": (
            f"/mitgliederbereich/austausch/beitrag/{reply.pk}/hilfreich/",
            405,
        ),
        "exchange:attachment": (f"/mitgliederbereich/austausch/anhang/{attachment.pk}/", 200),
        "exchange:directory": ("/mitgliederbereich/mitglieder/", 200),
    }


def test_every_members_area_url_is_in_the_matrix(thread):
    names = {
        name
        for name, route, _kwargs in _walk_urlpatterns(get_resolver().url_patterns)
        if name.startswith("exchange:")
    }
    assert names == set(_urls(thread))


@pytest.mark.parametrize("language", ["de", "en"])
def test_members_area_urls_per_persona(any_persona, thread, language):
    name, client = any_persona
    prefix = "" if language == "de" else "/en"
    failures = []
    for url_name, (url, member_outcome) in _urls(thread).items():
        if name == "anonymous":
            want = TO_LOGIN.replace("302 /", f"302 {prefix}/")
        elif name == "unverified":
            want = 403
        else:
            want = member_outcome
            if isinstance(want, dict):
                want = want.get(name, want["*"])
        response = client.get(prefix + url)
        got = outcome(response)
        if got != want:
            failures.append(f"{url_name} {prefix + url}: expected {want}, got {got}")
        assert "private" in response.get("Cache-Control", ""), url
        if response.status_code in (200, 403):
            assert "no-store" in response["Cache-Control"], url
    assert not failures, f"{name} ({language}):\n" + "\n".join(failures)


def test_anonymous_is_sent_to_the_login_with_next(client, thread):
    response = client.get(f"/mitgliederbereich/austausch/{thread.pk}/?seite=1")
    assert response["Location"] == (
        f"/konto/anmelden/?next=/mitgliederbereich/austausch/{thread.pk}/%3Fseite%3D1"
    )


def test_unverified_account_is_told_it_awaits_confirmation(client_as):
    response = client_as("unverified").get("/mitgliederbereich/")
    assert response.status_code == 403
    assert "Ihr Konto wartet auf die Bestätigung" in response.content.decode()


def _expected_report_admin(persona, admin_url):
    if persona in ("anonymous", "unverified", "member", "arbeitskreis"):
        return LOGIN
    if persona == "editor":
        return 404 if admin_url.view == "ping" else 403
    return _staff_outcome(persona, admin_url)


def _staff_outcome(persona, admin_url):
    if admin_url.view in ("add", "create"):
        return "302 /admin/"
    if admin_url.view == "delete" and persona != "admin_user":
        return "302 /admin/"
    return 200


def test_report_admin_urls_per_persona(any_persona, thread):
    name, client = any_persona
    report = ReportFactory(post=thread.posts.last())
    urls = admin_urls_for(Report, report, fill={"action": ["hide", "delete", "dismiss"]})
    assert {"list", "edit", "action", "choose"} <= {url.view for url in urls}
    assert_admin_matrix(client, name, urls, _expected_report_admin)


def _expected_thread_admin(persona, admin_url):
    if persona in ("anonymous", "unverified", "member", "arbeitskreis"):
        return LOGIN
    if persona == "editor" and admin_url.url.rstrip("/").endswith(("/lock", "/unlock", "/move")):
        return f"302 /admin/snippets/exchange/thread/edit/{admin_url.url.split('/')[-3]}/"
    if admin_url.url.rstrip("/").endswith("/unlock"):  # the thread is not locked
        return f"302 /admin/snippets/exchange/thread/edit/{admin_url.url.split('/')[-3]}/"
    return _staff_outcome(persona, admin_url)


def test_thread_admin_urls_per_persona(any_persona, thread):
    name, client = any_persona
    urls = admin_urls_for(Thread, thread, fill={"action": ["lock", "unlock", "move", "example"]})
    assert {"list", "edit", "action", "choose"} <= {url.view for url in urls}
    assert_admin_matrix(client, name, urls, _expected_thread_admin)


def _expected_log_admin(persona, admin_url):
    """The log is read only for coordinators (list and inspect); admins may do anything but add."""
    if persona == "coordinator":
        if admin_url.view == "ping":
            return 404
        if admin_url.view in ("edit", "usage", "history", "history_results", "delete"):
            return "302 /admin/"
    return _expected_report_admin(persona, admin_url)


def test_moderation_log_admin_urls_per_persona(any_persona, thread):
    name, client = any_persona
    entry = ModerationLog.objects.create(action="lock", thread=thread, thread_title=thread.title)
    urls = admin_urls_for(ModerationLog, entry)
    assert "inspect" in {url.view for url in urls}
    assert_admin_matrix(client, name, urls, _expected_log_admin)
