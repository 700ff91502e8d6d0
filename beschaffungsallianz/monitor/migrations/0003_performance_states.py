# Issue 7 item 10: the federal state is the *buyer's*. A buyer abroad gets no state, even when
# the work is done in Germany; the states of the places of performance are kept apart in
# Notice.performance_states.

from django.db import migrations, models

# Copied from core.states (migrations do not follow later changes of app code).
STATE_BY_NUTS1 = {
    "DE1": "BW",
    "DE2": "BY",
    "DE3": "BE",
    "DE4": "BB",
    "DE5": "HB",
    "DE6": "HH",
    "DE7": "HE",
    "DE8": "MV",
    "DE9": "NI",
    "DEA": "NW",
    "DEB": "RP",
    "DEC": "SL",
    "DED": "SN",
    "DEE": "ST",
    "DEF": "SH",
    "DEG": "TH",
}


def apply_the_buyer_rule(apps, schema_editor):
    """Fill performance_states from the stored lots' places (BT-5071; places given only for the
    procedure were not stored, so such notices get theirs with their next version), take the
    state away from buyers abroad, and recompute the roll-ups of the months that changed."""
    Notice = apps.get_model("monitor", "Notice")
    Lot = apps.get_model("monitor", "Lot")

    states: dict[int, set[str]] = {}
    lots = Lot.objects.order_by().values_list("notice_id", "place_nuts").iterator(chunk_size=5000)
    for notice_id, places in lots:
        for nuts in places or ():
            state = STATE_BY_NUTS1.get(str(nuts).strip()[:3].upper())
            if state is not None:
                states.setdefault(notice_id, set()).add(state)
    pks = sorted(states)
    for start in range(0, len(pks), 1000):
        chunk = Notice.objects.filter(pk__in=pks[start : start + 1000]).only("pk")
        for notice in chunk:
            notice.performance_states = sorted(states[notice.pk])
        Notice.objects.bulk_update(chunk, ["performance_states"])

    abroad = (
        Notice.objects.filter(state__isnull=False, buyer_country__isnull=False)
        .exclude(buyer_country="")
        .exclude(buyer_country__iexact="DEU")
    )
    months = {day.replace(day=1) for day in abroad.values_list("issue_date", flat=True)}
    if not months:
        return
    Lot.objects.filter(notice__in=abroad).update(state=None)
    abroad.update(state=None, state_rule=None)
    # The current roll-up code, on purpose: the roll-ups must follow the new states. It reads
    # only named columns of Lot and ProductGroup, so later schema changes do not break it.
    from beschaffungsallianz.monitor.rollups import refresh_rollups_for

    refresh_rollups_for(months)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0002_rollups"),
        ("knowledge", "0001_initial"),  # the roll-ups read the product groups
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="performance_states",
            field=models.JSONField(
                blank=True,
                default=list,
                verbose_name="federal states of the places of performance (BT-5071)",
            ),
        ),
        migrations.RunPython(apply_the_buyer_rule, migrations.RunPython.noop, elidable=True),
    ]
