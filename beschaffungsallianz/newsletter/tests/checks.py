"""Assertions and helpers shared by the newsletter tests."""

from django.core import mail

SITE = "http://testserver"


def link_in(message, marker: str) -> str:
    """The site-relative link in the mail's plain text that contains ``marker``."""
    line = next(line for line in message.body.splitlines() if marker in line)
    return line.split()[-1].removeprefix(SITE)


def only_mail_to(address: str):
    (message,) = mail.outbox
    assert message.to == [address]
    return message
