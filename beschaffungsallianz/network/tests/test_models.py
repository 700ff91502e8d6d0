import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from beschaffungsallianz.network.models import Membership, Organisation, WorkingGroup
from beschaffungsallianz.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


def test_open_membership_is_current():
    membership = MembershipFactory(since=datetime.date(2020, 1, 1), until=None)
    assert list(Membership.objects.current(on=TODAY)) == [membership]
    assert not Membership.objects.former(on=TODAY).exists()


def test_membership_ending_in_future_is_current_and_ended_one_is_former():
    group = WorkingGroupFactory()
    ending_later = MembershipFactory(working_group=group, until=datetime.date(2024, 12, 31))
    ended = MembershipFactory(working_group=group, until=datetime.date(2023, 12, 31))
    ends_today = MembershipFactory(working_group=group, until=TODAY)
    assert set(Membership.objects.current(on=TODAY)) == {ending_later}
    assert set(Membership.objects.former(on=TODAY)) == {ended, ends_today}


def test_membership_starting_in_future_is_not_yet_current():
    MembershipFactory(since=TODAY + datetime.timedelta(days=1))
    assert not Membership.objects.current(on=TODAY).exists()


def test_is_current_property_matches_queryset():
    today = timezone.localdate()
    assert MembershipFactory(until=None).is_current
    assert not MembershipFactory(until=today).is_current
    assert MembershipFactory(until=today + datetime.timedelta(days=1)).is_current


def test_public_memberships_exclude_unpublished_organisations():
    MembershipFactory(organisation=OrganisationFactory(live=False))
    shown = MembershipFactory()
    assert list(Membership.objects.public()) == [shown]


def test_membership_end_before_start_is_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(since=datetime.date(2020, 1, 1), until=datetime.date(2019, 1, 1))


def test_only_one_open_membership_per_organisation_and_group():
    first = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=first.organisation, working_group=first.working_group)
    # A former membership next to an open one is fine (left and rejoined).
    MembershipFactory(
        organisation=first.organisation,
        working_group=first.working_group,
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2012, 1, 1),
    )


def test_organisation_names_are_unique_ignoring_case():
    OrganisationFactory(name="Stadt Musterstadt")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="stadt musterstadt")


def test_get_by_name_ignores_case_and_surrounding_spaces():
    org = OrganisationFactory(name="Beispiel-Initiative e.V.")
    assert Organisation.objects.get_by_name("  beispiel-initiative E.V. ") == org
    assert Organisation.objects.get_by_name("Beispiel") is None


def test_default_working_group_is_the_only_or_the_steering_one():
    assert WorkingGroup.default() is None
    plain = WorkingGroupFactory(name="A", is_steering_body=False)
    assert WorkingGroup.default() == plain
    WorkingGroupFactory(name="B", is_steering_body=False)
    assert WorkingGroup.default() is None  # ambiguous
    steering = WorkingGroupFactory(name="C", is_steering_body=True)
    assert WorkingGroup.default() == steering


def test_current_membership_of_organisation():
    membership = MembershipFactory(until=None)
    MembershipFactory(
        organisation=membership.organisation,
        working_group=membership.working_group,
        since=datetime.date(2001, 1, 1),
        until=datetime.date(2002, 1, 1),
    )
    assert membership.organisation.current_membership() == membership
    assert membership.organisation.current_membership(membership.working_group) == membership
