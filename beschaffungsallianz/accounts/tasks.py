"""E-mails to the account holder, in the language of their profile.

- ``mail_account_decision`` (a task: a coordinator's decision triggers it): the account was
  confirmed or declined, with the reason.
- ``send_purge_warning`` (called by the ``purge_accounts`` command, itself a batch job): the
  account will be deleted on a date unless the person acts.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.site_settings import alliance_name


@task()
def mail_account_decision(profile_id: int, profile_url: str) -> int:
    """Tell the person whether a coordinator confirmed or declined the account (with the
    reason). Returns the number of mails sent (0 if the account is gone or still pending)."""
    profile = Profile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or not profile.user.email or profile.status == Profile.Status.PENDING:
        return 0
    with translation.override(profile.language):
        names = {"name": profile.name, "signature": alliance_name(), "url": profile_url}
        if profile.status == Profile.Status.VERIFIED:
            subject = _("Your account has been confirmed")
            body = (
                _(
                    "Hello %(name)s,\n\n"
                    "a coordinator has confirmed your account. You can now use the members' area:\n"
                    "%(url)s\n"
                )
                % names
            )
        else:
            subject = _("Your account has not been confirmed")
            body = (
                _(
                    "Hello %(name)s,\n\n"
                    "a coordinator could not confirm your account. The members' area is open to "
                    "people working for a public buyer, a member organisation or a partner of the "
                    "alliance.\n"
                )
                % names
            )
        if profile.status_reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": profile.status_reason} + "\n"
        body += "\n" + _("Kind regards\n%(signature)s\n") % names
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [profile.user.email])
    return 1


def send_purge_warning(
    profile: Profile, *, reason: str, delete_on: datetime.date, login_url: str
) -> int:
    """Warn that the account will be deleted on ``delete_on``. ``reason``: "unverified" or
    "inactive". Returns the number of mails sent."""
    if not profile.user.email:
        return 0
    with translation.override(profile.language):
        names = {
            "name": profile.name,
            "date": formats.date_format(delete_on, "DATE_FORMAT"),
            "url": login_url,
            "signature": alliance_name(),
        }
        subject = _("Your account will be deleted on %(date)s") % names
        if reason == "unverified":
            why = _(
                "your account has not been confirmed by a coordinator within %(days)d days."
            ) % {"days": settings.ACCOUNT_UNVERIFIED_DAYS}
            what = _(
                "If you work for a public buyer, a member organisation or a partner of the "
                "alliance, please reply to this e-mail so that we can confirm your account."
            )
        else:
            why = _("you have not logged in for %(days)d days.") % {
                "days": settings.ACCOUNT_INACTIVE_DAYS
            }
            what = _("To keep your account, simply log in before that date:\n%(url)s") % names
        body = _(
            "Hello %(name)s,\n\n%(why)s We will delete it with its data on %(date)s.\n\n"
            "%(what)s\n\nKind regards\n%(signature)s\n"
        ) % {**names, "why": why, "what": what}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [profile.user.email])
    return 1
