"""Writes on accounts: registration's profile, the coordinators' decisions, the working-group
role, deletion (by the person or by ``purge_accounts``) and the data download.

Groups decide access (``core.roles``); every change of ``Profile.status`` goes through
``decide()`` so the groups, ``decided_by``/``decided_at`` and the mail stay in step.
"""

import dataclasses
import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import ModelLogEntry

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.signals import account_deleting, personal_data_export
from beschaffungsallianz.accounts.tasks import mail_account_decision, send_purge_warning
from beschaffungsallianz.core.roles import (
    COORDINATOR_GROUP,
    EDITOR_GROUP,
    MEMBER_GROUP,
    UNVERIFIED_GROUP,
    WORKING_GROUP_GROUP,
)


class AccountError(Exception):
    """The requested change is not possible in the account's current state."""


def _group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


def create_profile(user, *, name: str, language: str) -> Profile:
    """A new registration: the profile waits for confirmation, the user is ``Unverifiziert``."""
    profile = Profile.objects.create(user=user, name=name.strip(), language=language[:2])
    user.groups.add(_group(UNVERIFIED_GROUP))
    return profile


def profile_for(user) -> Profile:
    """The user's profile; users created in the admin (staff, demo accounts) get one on first
    use, confirmed if they already are members or staff."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    trusted = (
        user.is_superuser
        or user.groups.filter(name__in=[MEMBER_GROUP, EDITOR_GROUP, COORDINATOR_GROUP]).exists()
    )
    status = Profile.Status.VERIFIED if trusted else Profile.Status.PENDING
    name = user.get_full_name() or user.get_username()
    return Profile.objects.get_or_create(user=user, defaults={"name": name, "status": status})[0]


def _log(profile: Profile, action: str, user, data=None) -> None:
    ModelLogEntry.objects.log_action(profile, action, user=user, data=data or {})


@transaction.atomic
def decide(profile: Profile, *, verified: bool, reason: str, user, profile_url: str) -> Profile:
    """Confirm (``verified``) or decline the account, with a reason; the person gets a mail
    once the decision is committed. Confirming moves the user from ``Unverifiziert`` to
    ``Mitglied``; declining takes ``Mitglied`` and ``Arbeitskreis`` away."""
    locked = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    status = Profile.Status.VERIFIED if verified else Profile.Status.DECLINED
    if locked.status == status:
        raise AccountError
    locked.status = status
    locked.status_reason = reason.strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.purge_warned_at = None
    locked.save(
        update_fields=["status", "status_reason", "decided_by", "decided_at", "purge_warned_at"]
    )
    groups = locked.user.groups
    if verified:
        groups.remove(_group(UNVERIFIED_GROUP))
        groups.add(_group(MEMBER_GROUP))
    else:
        groups.remove(_group(MEMBER_GROUP), _group(WORKING_GROUP_GROUP))
        groups.add(_group(UNVERIFIED_GROUP))
    _log(locked, f"accounts.{status}", user, {"reason": locked.status_reason})
    pk = locked.pk
    transaction.on_commit(lambda: mail_account_decision.enqueue(pk, profile_url))
    return locked


def in_working_group(profile: Profile) -> bool:
    return profile.user.groups.filter(name=WORKING_GROUP_GROUP).exists()


@transaction.atomic
def set_working_group(profile: Profile, *, member: bool, user) -> None:
    """Coordinators add a confirmed member to ``Arbeitskreis`` or take them out."""
    if member and profile.status != Profile.Status.VERIFIED:
        raise AccountError
    if member:
        profile.user.groups.add(_group(WORKING_GROUP_GROUP))
    else:
        profile.user.groups.remove(_group(WORKING_GROUP_GROUP))
    _log(profile, "accounts.working_group_" + ("added" if member else "removed"), user)


@transaction.atomic
def delete_account(user, *, keep_posts: bool) -> None:
    """Delete the user with profile and e-mail addresses. Other apps decide about their content
    through ``signals.account_deleting`` first (keep as "former member", or delete)."""
    account_deleting.send(sender=type(user), user=user, keep_posts=keep_posts)
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:  # the history of decisions names the person
        ModelLogEntry.objects.for_instance(profile).delete()
    user.delete()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(user) -> dict:
    """Everything stored about the person, for the JSON download (GDPR art. 15 and 20)."""
    profile = profile_for(user)
    data = {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": {
            "name": profile.name,
            "organisation": profile.organisation.name if profile.organisation_id else None,
            "organisation_name": profile.organisation_name,
            "function": profile.function,
            "state": profile.state,
            "product_groups": sorted(profile.product_groups.values_list("slug", flat=True)),
            "tender_stages": profile.tender_stages,
            "show_contact": profile.show_contact,
            "notifications": profile.notifications,
            "language": profile.language,
            "status": profile.status,
            "status_reason": profile.status_reason,
            "decided_at": _iso(profile.decided_at),
            "registered": _iso(profile.created_at),
        },
    }
    for _receiver, section in personal_data_export.send(sender=type(user), user=user):
        data.update(section or {})
    return data


# --- purge_accounts ---------------------------------------------------------------------


@dataclasses.dataclass
class PurgeResult:
    warned: int = 0
    deleted: int = 0
    cleared: int = 0


def _candidates(now: datetime.datetime):
    """Profiles whose accounts are due for deletion, annotated with the reason: not confirmed
    within ``ACCOUNT_UNVERIFIED_DAYS`` of registering, or no login for
    ``ACCOUNT_INACTIVE_DAYS``. Staff (editors, coordinators, admins) are never purged."""
    unverified_before = now - datetime.timedelta(days=settings.ACCOUNT_UNVERIFIED_DAYS)
    inactive_before = now - datetime.timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
    staff = Q(user__is_staff=True) | Q(user__is_superuser=True)
    staff |= Q(user__groups__name__in=[EDITOR_GROUP, COORDINATOR_GROUP])
    profiles = Profile.objects.exclude(staff).select_related("user")
    profiles = profiles.annotate(active_at=Coalesce("user__last_login", "user__date_joined"))
    unverified = Q(user__date_joined__lte=unverified_before) & ~Q(status=Profile.Status.VERIFIED)
    inactive = Q(active_at__lte=inactive_before)
    return profiles.filter(unverified | inactive).distinct(), unverified_before


def purge_accounts(now: datetime.datetime, *, login_url: str) -> PurgeResult:
    """Two phases, safe to run daily (idempotent): a due account gets a warning mail first
    (``purge_warned_at``); ``ACCOUNT_PURGE_GRACE_DAYS`` after the warning it is deleted if it is
    still due (posts kept as "former member"). A warned account that is no longer due (the
    person logged in, or was confirmed) gets its warning cleared."""
    result = PurgeResult()
    grace = datetime.timedelta(days=settings.ACCOUNT_PURGE_GRACE_DAYS)
    due, unverified_before = _candidates(now)
    due_ids = set()
    for profile in due:
        due_ids.add(profile.pk)
        if profile.purge_warned_at is None:
            reason = (
                "unverified"
                if profile.status != Profile.Status.VERIFIED
                and profile.user.date_joined <= unverified_before
                else "inactive"
            )
            send_purge_warning(
                profile, reason=reason, delete_on=(now + grace).date(), login_url=login_url
            )
            Profile.objects.filter(pk=profile.pk).update(purge_warned_at=now)
            result.warned += 1
        elif profile.purge_warned_at <= now - grace:
            delete_account(profile.user, keep_posts=True)
            result.deleted += 1
    result.cleared = (
        Profile.objects.filter(purge_warned_at__isnull=False)
        .exclude(pk__in=due_ids)
        .update(purge_warned_at=None)
    )
    return result
