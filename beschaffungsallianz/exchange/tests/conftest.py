import pytest

from beschaffungsallianz.exchange.models import Subscription
from beschaffungsallianz.exchange.tests.factories import PostFactory, ThreadFactory


@pytest.fixture
def thread(user_for):
    """A thread asked by the persona ``member`` with one reply by ``arbeitskreis``."""
    thread = ThreadFactory(
        author=user_for("member"), body="Wie schreiben Sie faire Dienstkleidung aus?"
    )
    PostFactory(thread=thread, author=user_for("arbeitskreis"), body="Mit dem Grünen Knopf.")
    thread.reply_count = 1
    thread.save()
    for persona in ("member", "arbeitskreis"):  # as services.create_thread and reply do
        Subscription.objects.create(user=user_for(persona), thread=thread)
    return thread
