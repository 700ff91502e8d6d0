import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.roles import MEMBER_GROUP, UNVERIFIED_GROUP
from conftest import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class ProfileFactory(factory.django.DjangoModelFactory):
    """A registered account: user, confirmed address, profile, and the group of its status."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Erika Muster {n}")
    organisation_name = "Stadt Erfurt"
    status = Profile.Status.PENDING

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        group = MEMBER_GROUP if self.status == Profile.Status.VERIFIED else UNVERIFIED_GROUP
        self.user.groups.add(Group.objects.get_or_create(name=group)[0])
        EmailAddress.objects.get_or_create(
            user=self.user, email=self.user.email, defaults={"verified": True, "primary": True}
        )
