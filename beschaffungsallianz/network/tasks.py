"""Work a request triggers, run by django_tasks (immediately, or by a worker if configured):
the e-mails about join requests.

- ``notify_staff_of_join_request``: coordinators hear that a request arrived (organisation and
  sector only, plus the admin link).
- ``confirm_join_request``: the applicant hears that it arrived, and how long we keep it.
- ``welcome_new_member``: the applicant hears that the organisation is now a member.

Applicants' mails are written in the language of the page they used (``JoinRequest.language``);
the caller passes the absolute links they contain (privacy notice, member list), so this module
needs no page.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.core.notifications import admin_url, mail_staff
from beschaffungsallianz.core.site_settings import alliance_name
from beschaffungsallianz.network.models.join_requests import JoinRequest
from beschaffungsallianz.network.models.organisations import WorkingGroup


@task()
def notify_staff_of_join_request(join_request_id: int) -> int:
    """E-mail staff about a new join request: organisation and sector only, plus the admin link.

    Returns the number of recipients (0 if the request is gone or nobody is configured).
    """
    join_request = JoinRequest.objects.filter(pk=join_request_id).first()
    if join_request is None:
        return 0
    link = admin_url(reverse("wagtailsnippets_network_joinrequest:edit", args=[join_request.pk]))
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
    return mail_staff(subject, body)


def _applicant(join_request_id: int) -> JoinRequest | None:
    """The request, if it still exists and still has an address to write to."""
    return JoinRequest.objects.filter(pk=join_request_id).exclude(email="").first()


@task()
def confirm_join_request(join_request_id: int, privacy_url: str) -> int:
    """E-mail the applicant that the request arrived. Returns the number of mails sent."""
    join_request = _applicant(join_request_id)
    if join_request is None:
        return 0
    group = WorkingGroup.default()
    with translation.override(join_request.language):
        subject = _("We have received your request to join")
        names = {"group": group, "organisation": join_request.organisation_name}
        if group:
            thanks = _(
                "thank you for your request to take part in the working group “%(group)s” on "
                "behalf of “%(organisation)s”."
            )
        else:
            thanks = _(
                "thank you for your request to take part in our working group on behalf of "
                "“%(organisation)s”."
            )
        body = _(
            "Hello %(name)s,\n\n%(thanks)s The coordinators will get in touch with you soon.\n\n"
            "We use your details only to handle your request. If it does not lead to a "
            "membership, we delete them after %(days)d days at the latest. Privacy notice:\n"
            "%(privacy_url)s\n\n"
            "Kind regards\n%(signature)s\n"
        ) % {
            "name": join_request.name,
            "thanks": thanks % names,
            "days": settings.JOIN_REQUEST_RETENTION_DAYS,
            "privacy_url": privacy_url,
            "signature": alliance_name(),
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [join_request.email])
    return 1


@task()
def welcome_new_member(join_request_id: int, members_url: str) -> int:
    """E-mail the applicant of an accepted request that the organisation is now a member."""
    join_request = _applicant(join_request_id)
    if join_request is None or join_request.status != JoinRequest.Status.ACCEPTED:
        return 0
    organisation = join_request.organisation
    membership = organisation.current_membership() if organisation else None
    if membership is None:
        return 0
    with translation.override(join_request.language):
        subject = _("Welcome to the working group “%(group)s”") % {
            "group": membership.working_group
        }
        body = _(
            "Hello %(name)s,\n\n"
            "%(organisation)s is a member of the working group “%(group)s” since "
            "%(since)s. Welcome! Your organisation appears on the list of members:\n"
            "%(members_url)s\n\n"
            "Kind regards\n%(signature)s\n"
        ) % {
            "name": join_request.name,
            "organisation": organisation.name,
            "group": membership.working_group,
            "since": formats.date_format(membership.since, "DATE_FORMAT"),
            "members_url": members_url,
            "signature": alliance_name(),
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [join_request.email])
    return 1
