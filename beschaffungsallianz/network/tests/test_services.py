import datetime
from unittest import mock

import pytest
from django.utils import timezone

from beschaffungsallianz.network.models import JoinRequest, Membership, Organisation
from beschaffungsallianz.network.services import (
    JoinRequestError,
    accept_join_request,
    decline_join_request,
    mark_in_contact,
)
from beschaffungsallianz.network.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_accept_creates_organisation_and_membership_in_one_step(coordinator):
    group = WorkingGroupFactory()
    join_request = JoinRequestFactory(organisation_name="Gemeinde Neudorf", sector="municipality")

    membership = accept_join_request(join_request, user=coordinator)

    organisation = Organisation.objects.get(name="Gemeinde Neudorf")
    assert organisation.sector == "municipality"
    assert organisation.live
    assert organisation.revisions.count() == 1
    assert membership.organisation == organisation
    assert membership.working_group == group
    assert membership.since == timezone.localdate()
    assert membership.is_current
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.organisation == organisation
    assert join_request.handled_by == coordinator


def test_accept_links_existing_organisation_by_name_ignoring_case(coordinator):
    WorkingGroupFactory()
    existing = OrganisationFactory(name="Stadt Musterstadt", sector="municipality")
    join_request = JoinRequestFactory(organisation_name="stadt MUSTERSTADT", sector="business")

    membership = accept_join_request(join_request, user=coordinator)

    assert membership.organisation == existing
    assert Organisation.objects.count() == 1
    existing.refresh_from_db()
    assert existing.sector == "municipality"  # the editors' data is not overwritten


def test_accept_uses_given_organisation_group_and_date(coordinator):
    WorkingGroupFactory()
    other_group = WorkingGroupFactory(name="Anderer Arbeitskreis", is_steering_body=False)
    chosen = OrganisationFactory(name="Ganz anders benannt")
    join_request = JoinRequestFactory(organisation_name="Kurzname")

    membership = accept_join_request(
        join_request,
        user=coordinator,
        organisation=chosen,
        working_group=other_group,
        since=datetime.date(2024, 2, 1),
    )

    assert (membership.organisation, membership.working_group) == (chosen, other_group)
    assert membership.since == datetime.date(2024, 2, 1)
    assert not Organisation.objects.filter(name="Kurzname").exists()


def test_accept_keeps_an_existing_open_membership(coordinator):
    current = MembershipFactory()
    join_request = JoinRequestFactory(organisation_name=current.organisation.name)
    assert accept_join_request(join_request, user=coordinator) == current
    assert Membership.objects.count() == 1


def test_accept_rolls_back_everything_on_error(coordinator):
    WorkingGroupFactory()
    join_request = JoinRequestFactory(organisation_name="Rollback e.V.")

    with (
        mock.patch.object(
            Membership.objects, "create", side_effect=RuntimeError("database went away")
        ),
        pytest.raises(RuntimeError),
    ):
        accept_join_request(join_request, user=coordinator)

    assert not Organisation.objects.filter(name="Rollback e.V.").exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.NEW
    assert join_request.organisation is None


def test_accept_without_working_group_fails_and_changes_nothing(coordinator):
    join_request = JoinRequestFactory()
    with pytest.raises(JoinRequestError):
        accept_join_request(join_request, user=coordinator)
    assert not Organisation.objects.exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.NEW


@pytest.mark.parametrize("status", ["accepted", "declined"])
def test_handled_request_cannot_be_changed_again(coordinator, status):
    WorkingGroupFactory()
    join_request = JoinRequestFactory(status=status)
    for action in (accept_join_request, decline_join_request, mark_in_contact):
        with pytest.raises(JoinRequestError):
            action(join_request, user=coordinator)
    assert not Membership.objects.exists()


def test_status_flow_new_in_contact_declined_records_time_and_user(coordinator):
    join_request = JoinRequestFactory(
        status_changed_at=timezone.now() - datetime.timedelta(days=10)
    )
    before = join_request.status_changed_at

    mark_in_contact(join_request, user=coordinator)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.IN_CONTACT
    assert join_request.status_changed_at > before
    assert join_request.handled_by == coordinator

    decline_join_request(join_request, user=coordinator)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.exists()
