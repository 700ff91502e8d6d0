"""Staff notifications: who hears that something arrived through the website (a join request,
a proposed practice example), and the one way to mail them.

``staff_recipients()`` is ``STAFF_NOTIFICATION_EMAILS`` if set, else every active coordinator
and superuser with an address. The apps' tasks write subject and body (in the site's language)
and call ``mail_staff``; links into the admin come from ``admin_url``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from beschaffungsallianz.core.roles import COORDINATOR_GROUP


def staff_recipients() -> list[str]:
    """STAFF_NOTIFICATION_EMAILS, or else every active coordinator and superuser with an address."""
    if settings.STAFF_NOTIFICATION_EMAILS:
        return list(settings.STAFF_NOTIFICATION_EMAILS)
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=COORDINATOR_GROUP) | Q(is_superuser=True))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))


def admin_url(path: str) -> str:
    """An absolute link to ``path`` in the admin (``WAGTAILADMIN_BASE_URL``), for e-mails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_staff(subject: str, body: str) -> int:
    """One mail to all staff recipients; returns how many (0: nobody configured, none sent)."""
    recipients = staff_recipients()
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
