"""Reports, the coordinators' actions (each logged), the draft practice example from a thread,
and the GDPR hooks (deleting an account, the data download)."""

import json

import pytest
from wagtail.models import WorkflowState

from beschaffungsallianz.accounts.services import delete_account
from beschaffungsallianz.exchange.models import ModerationLog, Post, Report, Thread
from beschaffungsallianz.exchange.tests.factories import ReportFactory
from beschaffungsallianz.knowledge.models import PracticeExample

pytestmark = pytest.mark.django_db

LIST = "/mitgliederbereich/austausch/"
ADMIN = "/admin/snippets/exchange/"


def test_member_reports_a_post_and_bad_input_stores_nothing(client_as, thread, arbeitskreis):
    post = thread.posts.get(is_opening=True)
    client = client_as("arbeitskreis")
    assert client.post(f"{LIST}beitrag/{post.pk}/melden/", {"reason": ""}).status_code == 400
    assert not Report.objects.exists()
    client.post(f"{LIST}beitrag/{post.pk}/melden/", {"reason": "Werbung für eine Firma"})
    report = Report.objects.get()
    assert (report.post, report.reporter, report.status) == (post, arbeitskreis, "open")


def test_coordinator_hides_a_reported_post_logged(client_as, thread, coordinator):
    reply = thread.posts.get(is_opening=False)
    report = ReportFactory(post=reply)
    response = client_as("coordinator").post(
        f"{ADMIN}report/action/{report.pk}/hide/", {"note": "Werbung"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    report.refresh_from_db()
    assert reply.hidden and report.status == "done"
    log = ModerationLog.objects.get()
    assert (log.action, log.moderator, log.note, log.thread) == (
        "hide",
        coordinator,
        "Werbung",
        thread,
    )
    html = client_as("member").get(f"{LIST}{thread.pk}/").content.decode()
    assert "Mit dem Grünen Knopf." not in html


def test_coordinator_deletes_the_opening_post_and_with_it_the_thread(client_as, thread):
    report = ReportFactory(post=thread.posts.get(is_opening=True))
    client_as("coordinator").post(f"{ADMIN}report/action/{report.pk}/delete/", {"note": ""})
    assert not Thread.objects.exists() and not Post.objects.exists()
    assert ModerationLog.objects.get().action == "delete"


def test_coordinator_locks_and_moves_a_thread(client_as, thread):
    client = client_as("coordinator")
    client.post(f"{ADMIN}thread/action/{thread.pk}/lock/", {"note": ""})
    client.post(
        f"{ADMIN}thread/action/{thread.pk}/move/",
        {"state": "SN", "tender_stage": "award", "note": "passt besser"},
    )
    thread.refresh_from_db()
    assert thread.locked and (thread.state, thread.tender_stage) == ("SN", "award")
    assert list(ModerationLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock",
        "move",
    ]
    assert "Sachsen" in ModerationLog.objects.get(action="move").note


def test_editor_may_not_lock(client_as, thread):
    client_as("editor").post(f"{ADMIN}thread/action/{thread.pk}/lock/", {"note": ""})
    thread.refresh_from_db()
    assert not thread.locked and not ModerationLog.objects.exists()


def test_editor_drafts_a_practice_example_crediting_only_who_consented(client_as, thread, member):
    Post.objects.filter(is_opening=True).update(credit_consent=True)  # the asker agreed
    response = client_as("editor").post(f"{ADMIN}thread/action/{thread.pk}/example/", {"note": ""})
    assert response.status_code == 302
    example = PracticeExample.objects.get()
    assert not example.live and example.title == thread.title
    assert "Wie schreiben Sie faire Dienstkleidung aus?" in example.summary
    assert "Mit dem Grünen Knopf." in example.outcome
    assert example.contact_name.startswith("Member") and "Arbeitskreis" not in example.contact_name
    assert WorkflowState.objects.filter(object_id=str(example.pk)).exists()
    assert ModerationLog.objects.get().action == "example"


@pytest.mark.parametrize("keep_posts", [True, False])
def test_deleting_an_account_keeps_or_deletes_the_posts(thread, arbeitskreis, keep_posts):
    delete_account(arbeitskreis, keep_posts=keep_posts)
    thread.refresh_from_db()
    if keep_posts:
        reply = thread.posts.get(is_opening=False)
        assert reply.author is None and reply.author_name == "ehemaliges Mitglied"
    else:
        assert list(thread.posts.values_list("is_opening", flat=True)) == [True]
        assert thread.reply_count == 0


def test_deleting_the_askers_account_with_posts_deletes_the_thread(thread, member):
    delete_account(member, keep_posts=False)
    assert not Thread.objects.exists()


def test_data_download_contains_threads_posts_and_subscriptions(client_as, thread):
    data = json.loads(client_as("member").get("/konto/daten/").content)
    assert data["exchange_threads"][0]["title"] == thread.title
    assert data["exchange_posts"][0]["text"] == "Wie schreiben Sie faire Dienstkleidung aus?"
    assert data["exchange_subscriptions"] == [thread.title]
