"""Factories for notices and lots; ``make_notice`` builds a notice with its lots in one call."""

from datetime import date

import factory

from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.monitor.models import Lot, MonitorPage, Notice


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    notice_id = factory.Sequence(lambda n: f"00000000-0000-4000-8000-{n:012d}")
    version = "01"
    sdk_version = "eforms-sdk-1.10"
    subtype = "16"
    notice_type = "cn-standard"
    form_type = "competition"
    issue_date = date(2025, 1, 15)
    procedure_type = "open"
    title = factory.Sequence(lambda n: f"Testausschreibung {n}")
    buyer_name = "Beispielbehörde Test"
    buyer_country = "DEU"
    buyer_nuts = "DEG03"
    state = "TH"
    state_rule = Notice.StateRule.BUYER_NUTS
    source = Notice.Source.FILE
    source_name = "tests"


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    notice = factory.SubFactory(NoticeFactory)
    lot_id = factory.Sequence(lambda n: f"LOT-{n:04d}")
    title = factory.Sequence(lambda n: f"Los {n}")
    main_cpv = "30192000-1"
    state = factory.SelfAttribute("notice.state")
    issue_date = factory.SelfAttribute("notice.issue_date")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        lot = model_class(*args, **kwargs)
        lot.derive_flags()
        lot.save()
        return lot


def make_notice(state: str | None, issue_date: date, lots=({},), **notice_fields) -> Notice:
    """A notice in ``state`` on ``issue_date`` with one lot per dict of Lot field values."""
    notice = NoticeFactory(
        state=state,
        issue_date=issue_date,
        buyer_nuts=notice_fields.pop("buyer_nuts", None if state is None else "DEG03"),
        **notice_fields,
    )
    for number, values in enumerate(lots, start=1):
        LotFactory(notice=notice, lot_id=f"LOT-{number:04d}", **values)
    return notice


def make_notice_abroad(notice_id="pl1", issue_date=date(2025, 3, 10), lot=None, **notice_fields):
    """A Polish hospital's notice whose work is done in Bremen (DE502): the buyer's state is
    none, so it is counted for no state; found by its place of performance."""
    return make_notice(
        None,
        issue_date,
        [{"main_cpv": "33600000-6", "place_nuts": ["DE502"], **(lot or {})}],
        notice_id=notice_id,
        buyer_name="Wojewódzki Szpital Zespolony w Elblągu",
        buyer_country="POL",
        buyer_nuts="PL621",
        performance_states=["HB"],
        **notice_fields,
    )


def make_monitor_page(title="Vergabemonitor"):
    """The home page (default site root) with the MonitorPage at /monitor/."""
    return make_home().add_child(
        instance=MonitorPage(
            title=title, slug="monitor", intro="Wie strategisch kaufen die Länder ein?"
        )
    )
