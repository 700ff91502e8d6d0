"""Demo accounts of the public (load_demo_content creates the users; this gives them what a
registration would): a profile marked as a sample, and a confirmed e-mail address."""

from allauth.account.models import EmailAddress

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.roles import UNVERIFIED_GROUP

SAMPLE_ORGANISATION = "Beispielkommune (Demo-Konto)"


def ensure_account(user, *, function: str) -> Profile:
    """Idempotent: an existing profile or address is left as it is."""
    unverified = user.groups.filter(name=UNVERIFIED_GROUP).exists()
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "name": user.get_full_name() or user.get_username(),
            "organisation_name": SAMPLE_ORGANISATION,
            "function": function,
            "state": "TH",
            "status": Profile.Status.PENDING if unverified else Profile.Status.VERIFIED,
        },
    )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return profile
