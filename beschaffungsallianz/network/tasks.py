"""Work a request triggers, run by django_tasks (immediately, or by a worker if configured)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

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


@task()
def notify_staff_of_join_request(join_request_id: int) -> int:
    """E-mail staff about a new join request: organisation and sector only, plus the admin link.

    Returns the number of recipients (0 if the request is gone or nobody is configured).
    """
    from beschaffungsallianz.network.models import JoinRequest

    join_request = JoinRequest.objects.filter(pk=join_request_id).first()
    recipients = staff_recipients()
    if join_request is None or not recipients:
        return 0
    path = reverse("wagtailsnippets_network_joinrequest:edit", args=[join_request.pk])
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New join request: %(organisation)s") % {
            "organisation": join_request.organisation_name
        }
        body = _(
            "A new request to join the working group has arrived.\n\n"
            "Organisation: %(organisation)s\n"
            "Sector: %(sector)s\n\n"
            "Contact details and message (visible to coordinators only):\n%(link)s\n"
        ) % {
            "organisation": join_request.organisation_name,
            "sector": join_request.get_sector_display(),
            "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
