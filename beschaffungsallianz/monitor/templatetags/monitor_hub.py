"""``{% product_group_figures group monitor_url %}``: the tender monitor's figures for one
product group, drawn on the group's hub in the knowledge base (/produktgruppen/<slug>/). The
figures come from ``statistics.product_group_figures`` (the monitor's own statistics), so the
knowledge app needs no import of the monitor."""

from django import template
from django.utils.translation import gettext as _

from beschaffungsallianz.monitor import statistics, stats
from beschaffungsallianz.monitor.forms import GERMANY

register = template.Library()

HUB_KINDS = ("social", "green", "innovative")


def _row(name: str, counts, list_url: str | None, state: str = "") -> dict:
    """One table row: the lots and, per kind, the share with the notices behind it."""
    where = f"&state={state}" if state else ""
    return {
        "name": name,
        "lots": counts.lots,
        "shares": [
            {
                "kind": kind,
                "share": counts.share(kind),
                "url": f"{list_url}{where}&kind={kind}" if list_url else "",
            }
            for kind in HUB_KINDS
        ],
    }


@register.inclusion_tag("monitor/includes/product_group_figures.html")
def product_group_figures(group, monitor_url):
    base = f"{monitor_url}bekanntmachungen/" if monitor_url else None
    figures = statistics.product_group_figures(group, base)
    list_url = figures.get("list_url")
    rows, trend = [], []
    if figures.get("has_data"):
        rows = [_row(row.label, row.counts, list_url, row.key) for row in figures["states"]]
        rows.append(_row(_("Germany"), figures["germany"], list_url, GERMANY))
        trend = [_row(row.label, row.counts, None) for row in figures["trend"]]
    return {
        "group": group,
        "figures": figures,
        "rows": rows,
        "trend": trend,
        "kinds": [stats.KINDS[kind] for kind in HUB_KINDS],
        "monitor_url": monitor_url,
    }
