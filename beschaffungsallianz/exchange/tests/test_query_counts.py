"""Bounded queries per members' page: the count does not grow with the number of threads,
posts, attachments or members shown (select_related / prefetch, pagination), and stays under
the bound stated in docs/exchange.md."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.tests.factories import ProfileFactory
from beschaffungsallianz.exchange.models import Attachment, Subscription
from beschaffungsallianz.exchange.tests.factories import PostFactory, ThreadFactory
from beschaffungsallianz.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = {"start": 22, "list": 16, "search": 16, "thread": 20, "directory": 16}


def _grow(member, others, threads: int, replies: int):
    for user in (member, *others):  # organisations from the network: one more join, not N
        Profile.objects.filter(user=user).update(organisation=OrganisationFactory())
    big = None
    for number in range(threads):
        thread = ThreadFactory(author=member if number % 2 else others[number % len(others)])
        Subscription.objects.create(user=member, thread=thread)
        big = big or thread
    for number in range(replies):
        post = PostFactory(thread=big, author=others[number % len(others)])
        Attachment.objects.create(
            post=post, file=ContentFile(b"x", name="a.txt"), name="a.txt", size=1
        )
    for _number in range(threads):
        ProfileFactory(status=Profile.Status.VERIFIED, show_contact=True)
    return big


def _counts(client, thread) -> dict:
    urls = {
        "start": "/mitgliederbereich/",
        "list": "/mitgliederbereich/austausch/",
        "search": "/mitgliederbereich/austausch/?q=Dienstkleidung",
        "thread": f"/mitgliederbereich/austausch/{thread.pk}/",
        "directory": "/mitgliederbereich/mitglieder/",
    }
    counts = {}
    for name, url in urls.items():
        client.get(url)  # per-worker values (navigation, footer) read once …
        client.get(url)  # … and the start page's "since your last visit" settled
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_queries_per_page_do_not_grow_with_the_data(client_as, user_for, home):
    client = client_as("member")
    member, others = user_for("member"), [user_for("arbeitskreis"), user_for("editor")]
    small = _counts(client, _grow(member, others, threads=3, replies=3))
    large = _counts(client, _grow(member, others, threads=30, replies=60))
    assert large == small
    assert all(large[name] <= bound for name, bound in MAX_QUERIES.items()), large
