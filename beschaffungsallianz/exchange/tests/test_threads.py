"""Asking, replying, quoting, attachments, editing within the window, the helpful answer,
subscriptions and their mails, the daily digest, search; bad input stores nothing."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.tests.factories import StandardPageFactory, translate
from beschaffungsallianz.events.tests.factories import EventIndexPageFactory, EventPageFactory
from beschaffungsallianz.exchange.models import Attachment, Post, PostEdit, Subscription, Thread
from beschaffungsallianz.exchange.tests.factories import PostFactory, ThreadFactory, pdf_bytes
from beschaffungsallianz.meetings.tests.factories import MeetingFactory, MeetingIndexPageFactory
from conftest import assert_contains

pytestmark = pytest.mark.django_db

LIST = "/mitgliederbereich/austausch/"
PDF = pdf_bytes()


def _ask(client, **extra):
    data = {"title": "Recyclingpapier im Rahmenvertrag?", "body": "Wer hat Erfahrung damit?"}
    return client.post(LIST + "neu/", {**data, **extra})


def test_member_asks_a_question_and_is_subscribed(client_as, member):
    response = _ask(client_as("member"), tender_stage="award", state="TH")
    thread = Thread.objects.get()
    assert response["Location"] == f"{LIST}{thread.pk}/"
    assert (thread.author, thread.tender_stage, thread.state) == (member, "award", "TH")
    assert thread.posts.get().is_opening
    assert Subscription.objects.filter(user=member, thread=thread).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "body": "Text"},
        {"title": "Titel", "body": "   "},
        {"title": "Titel", "body": "x" * 10_001},
        {"title": "Titel", "body": "Text", "state": "XX"},
        {"title": "Titel", "body": "Text", "product_group": "gibt-es-nicht"},
    ],
)
def test_bad_question_stores_nothing(client_as, data):
    response = client_as("member").post(LIST + "neu/", data)
    assert response.status_code == 400
    assert_contains(response.content.decode(), 'class="kern-alert kern-alert--danger"')
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_attachment_follows_the_upload_rules(client_as):
    client = client_as("member")
    fake = SimpleUploadedFile("bericht.pdf", b"<html>kein PDF</html>", "application/pdf")
    response = _ask(client, attachment=fake)
    assert response.status_code == 400
    assert not Thread.objects.exists() and not Attachment.objects.exists()
    exe = SimpleUploadedFile("tool.exe", b"MZ....", "application/octet-stream")
    assert _ask(client, attachment=exe).status_code == 400
    real = SimpleUploadedFile("bericht.pdf", PDF, "application/pdf")
    assert _ask(client, attachment=real).status_code == 302
    attachment = Attachment.objects.get()
    assert not attachment.file.url.startswith(("/media/images/", "/media/original_images/"))
    download = client.get(f"{LIST}anhang/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert "private" in download["Cache-Control"]


def test_attachment_of_a_hidden_post_is_not_served(client_as, thread):
    reply = thread.posts.get(is_opening=False)
    upload = SimpleUploadedFile("zahlen.csv", b"a;b\n", "text/csv")
    attachment = Attachment.objects.create(post=reply, file=upload, name="zahlen.csv", size=4)
    reply.hidden = True
    reply.save()
    assert client_as("member").get(f"{LIST}anhang/{attachment.pk}/").status_code == 404


def test_reply_mails_subscribers_but_not_the_author(
    client_as, thread, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("arbeitskreis").post(
            f"{LIST}{thread.pk}/", {"body": "Fragen Sie die Stadt Jena."}
        )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert [m.to for m in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert_contains(message.subject, thread.title)
    assert_contains(message.body, "Fragen Sie die Stadt Jena.", f"{LIST}{thread.pk}/")
    assert message.alternatives[0][1] == "text/html"


def test_daily_digest_collects_replies_once(thread, member, arbeitskreis):
    Profile.objects.filter(user=member).update(notifications=Profile.Notifications.DAILY)
    mail.outbox.clear()
    PostFactory(thread=thread, author=arbeitskreis, body="Nachtrag zum Grünen Knopf.")
    call_command("send_exchange_digest", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert_contains(mail.outbox[0].body, "Nachtrag zum Grünen Knopf.", thread.title)
    call_command("send_exchange_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing new since


def test_no_immediate_mail_for_digest_readers(
    client_as, thread, member, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=member).update(notifications=Profile.Notifications.DAILY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_as("arbeitskreis").post(f"{LIST}{thread.pk}/", {"body": "Noch eine Antwort."})
    assert len(callbacks) == 1  # the task ran, and sent nothing
    assert mail.outbox == []


def test_quote_prefills_the_reply(client_as, thread):
    reply = thread.posts.get(is_opening=False)
    response = client_as("member").get(f"{LIST}{thread.pk}/?zitat={reply.pk}")
    assert_contains(response.content.decode(), "&gt; Arbeitskreis:\n&gt; Mit dem Grünen Knopf.")


def test_post_text_is_escaped_and_quotes_are_blockquotes(client_as, thread):
    PostFactory(thread=thread, body="> zitiert\n<script>alert(1)</script>")
    html = client_as("member").get(f"{LIST}{thread.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert_contains(
        html, '<blockquote class="exchange-quote"><p>zitiert</p></blockquote>', "&lt;script&gt;"
    )


def test_author_edits_within_the_window_and_the_edit_is_logged(client_as, thread, settings):
    post = thread.posts.get(is_opening=True)
    client = client_as("member")
    response = client.post(f"{LIST}beitrag/{post.pk}/bearbeiten/", {"body": "Neu formuliert."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Neu formuliert." and post.edited_at
    assert (
        PostEdit.objects.get(post=post).previous_body
        == "Wie schreiben Sie faire Dienstkleidung aus?"
    )
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.EXCHANGE_EDIT_MINUTES + 1)
    )
    late = client.post(f"{LIST}beitrag/{post.pk}/bearbeiten/", {"body": "Zu spät."})
    assert late.status_code == 403
    post.refresh_from_db()
    assert post.body == "Neu formuliert."


def test_only_the_asker_marks_a_helpful_answer(client_as, thread):
    reply = thread.posts.get(is_opening=False)
    client_as("arbeitskreis").post(f"{LIST}beitrag/{reply.pk}/hilfreich/", {"helpful": "1"})
    thread.refresh_from_db()
    assert thread.helpful_post is None
    client_as("member").post(f"{LIST}beitrag/{reply.pk}/hilfreich/", {"helpful": "1"})
    thread.refresh_from_db()
    assert thread.helpful_post == reply


def test_unsubscribe(client_as, thread, member):
    client_as("member").post(f"{LIST}{thread.pk}/folgen/", {"subscribe": "0"})
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_locked_thread_takes_no_reply(client_as, thread):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client_as("arbeitskreis").post(f"{LIST}{thread.pk}/", {"body": "Trotzdem."})
    assert thread.posts.count() == 2


def test_search_finds_threads_by_stem_and_filters_by_topic(client_as, member):
    ThreadFactory(author=member, title="Dienstkleidungen für den Bauhof", state="TH")
    ThreadFactory(author=member, title="Kaffee in Kantinen", state="SN")
    client = client_as("member")
    html = client.get(LIST, {"q": "Dienstkleidung"}).content.decode()
    assert "Dienstkleidungen für den Bauhof" in html and "Kaffee in Kantinen" not in html
    html = client.get(LIST, {"state": "SN"}).content.decode()
    assert "Kaffee in Kantinen" in html and "Bauhof" not in html
    assert client.get(LIST, {"state": "XX"}).status_code == 400


def test_hidden_or_deleted_post_disappears_from_search_at_once(client_as, thread):
    reply = PostFactory(thread=thread, body="Die Zauberformel heißt Quetzalwort.")
    client = client_as("member")
    assert thread.title in client.get(LIST, {"q": "Quetzalwort"}).content.decode()
    reply.hidden = True
    reply.save()
    assert thread.title not in client.get(LIST, {"q": "Quetzalwort"}).content.decode()
    reply.hidden = False
    reply.save()
    reply.delete()
    assert thread.title not in client.get(LIST, {"q": "Quetzalwort"}).content.decode()


def test_start_page_shows_what_is_new_since_the_last_visit(client_as, thread, member, arbeitskreis):
    client = client_as("arbeitskreis")
    first = client.get("/mitgliederbereich/").content.decode()
    assert thread.title in first  # first visit: recent threads
    assert thread.title not in client.get("/mitgliederbereich/").context["new_threads"]
    later = ThreadFactory(author=member, title="Ganz neue Frage")
    html = client.get("/mitgliederbereich/").content.decode()
    assert later.title in html


def test_directory_lists_only_members_who_opted_in(client_as, member, arbeitskreis):
    Profile.objects.filter(user=member).update(show_contact=True, state="TH")
    html = client_as("arbeitskreis").get("/mitgliederbereich/mitglieder/").content.decode()
    assert member.email in html and arbeitskreis.email not in html
    html = client_as("arbeitskreis").get("/mitgliederbereich/mitglieder/?state=SN").content.decode()
    assert member.email not in html


def test_start_page_shows_the_next_meetings(client_as, home):
    working_group = StandardPageFactory(parent=home, title="Arbeitskreis", slug="arbeitskreis")
    MeetingIndexPageFactory(parent=working_group)
    MeetingFactory(title="Herbstsitzung", slug="herbst")
    html = client_as("member").get("/mitgliederbereich/").content.decode()
    assert_contains(html, 'href="/arbeitskreis/sitzungen/herbst/"', "Herbstsitzung")


def test_start_page_lists_each_event_once_in_the_active_language(client_as, home):
    """The demo's English tree has a copy of every event page (seen twice in the screenshot)."""
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, title="Fachtag 2099")
    translate(home)
    translate(index)
    translate(event)

    html = client_as("member").get("/mitgliederbereich/").content.decode()

    assert html.count("Fachtag 2099") == 1
