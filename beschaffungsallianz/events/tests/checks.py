"""Assertions shared by the events tests."""

from django.core import mail

from beschaffungsallianz.events.models import Registration


def assert_moved_up(cancelled, waiting):
    """``cancelled`` is gone, ``waiting`` moved up to confirmed and was told in the only mail;
    returns that mail."""
    assert not Registration.objects.filter(pk=cancelled.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    return message
