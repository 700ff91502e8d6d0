"""Capacity and waiting list (also under concurrency on PostgreSQL), and the retention command."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from beschaffungsallianz.events import services
from beschaffungsallianz.events.models import Registration
from beschaffungsallianz.events.tests.factories import EventPageFactory, RegistrationFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="select_for_update is a no-op on SQLite (which serialises writes anyway)",
)


def _at_once(attempt, arguments):
    """Call ``attempt(argument)`` in one thread per argument, all released together; each
    thread closes its database connections."""
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        try:
            barrier.wait()
            attempt(argument)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _data(n):
    return {"name": f"Person {n}", "organisation": "", "email": f"p{n}@example.org", "needs": ""}


@pytest.mark.django_db
def test_places_fill_then_waiting_list_then_full(event):
    statuses = []
    for n in range(3):
        statuses.append(services.register(event, _data(n), language="de").status)

    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(event, _data(9), language="de")

    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert "ausgebucht" in str(refused.value) or "fully booked" in str(refused.value)
    assert Registration.objects.count() == 3


@pytest.mark.django_db
def test_without_capacity_everybody_is_confirmed(index):
    event = EventPageFactory(parent=index, registration_enabled=True, capacity=None)

    for n in range(5):
        services.register(event, _data(n), language="de")

    assert Registration.objects.confirmed().count() == 5


@pytest.mark.django_db
def test_waiting_list_moves_up_in_order_of_registration(event):
    first, second = (RegistrationFactory(event=event) for _ in range(2))
    waiting = [
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _ in range(2)
    ]
    event.waiting_list_places = 2
    event.save_revision().publish()

    promoted = services.cancel(first)

    assert promoted == waiting[0]
    assert waiting[1].waiting_position() == 1
    assert services.cancel(waiting[1]) is None
    assert set(Registration.objects.confirmed()) == {second, waiting[0]}


@pytest.mark.django_db
def test_retention_command_deletes_participants_after_the_configured_days(index, settings):
    now = timezone.now()
    old = EventPageFactory(parent=index, start=now - timedelta(days=100), end=None)
    ended = EventPageFactory(
        parent=index, start=now - timedelta(days=95), end=now - timedelta(days=91)
    )
    recent = EventPageFactory(
        parent=index, start=now - timedelta(days=20), end=now - timedelta(days=20)
    )
    for event in (old, ended, recent):
        RegistrationFactory(event=event)
    out = StringIO()

    call_command("purge_registrations", stdout=out)

    assert list(Registration.objects.values_list("event", flat=True)) == [recent.pk]
    assert "2 registration(s) deleted" in out.getvalue()
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 10
    call_command("purge_registrations", stdout=StringIO())
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_retention_command_rejects_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_registrations", "--days", "-1")


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_concurrent_registrations_never_give_the_last_place_twice(index):
    event = EventPageFactory(
        parent=index, registration_enabled=True, capacity=1, waiting_list_places=0
    )
    outcomes = []

    def attempt(n):
        try:
            registration = services.register(event, _data(n), language="de")
            outcomes.append(registration.status)
        except services.RegistrationRefused:
            outcomes.append("refused")

    _at_once(attempt, range(6))

    assert sorted(outcomes) == ["confirmed"] + ["refused"] * 5
    assert Registration.objects.filter(event_id=event.pk).count() == 1


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_concurrent_cancellations_move_up_each_waiting_person_once(index):
    event = EventPageFactory(
        parent=index, registration_enabled=True, capacity=2, waiting_list_places=3
    )
    confirmed = [RegistrationFactory(event=event) for _ in range(2)]
    waiting = [
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _ in range(3)
    ]
    promoted = []

    _at_once(lambda registration: promoted.append(services.cancel(registration)), confirmed)

    assert sorted(p.pk for p in promoted) == [waiting[0].pk, waiting[1].pk]
    assert list(Registration.objects.confirmed().order_by("pk")) == waiting[:2]
