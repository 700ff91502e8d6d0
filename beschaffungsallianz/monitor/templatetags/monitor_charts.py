"""SVG charts of the tender monitor, computed here so templates stay plain and CSP-safe.

``{% trend_chart trend kind region_name %}`` draws the monthly share of lots with a kind of
strategic procurement for the region and for Germany: two lines told apart by dash pattern and
marker shape (not only colour), with axis labels, ``role="img"``, ``<title>`` and ``<desc>``.
The page shows the same numbers in a table beside it.
"""

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 36, 16, 40


def _nice_top(value: float) -> float:
    for top in (5, 10, 20, 25, 40, 50, 60, 80, 100):
        if value <= top:
            return top
    return 100


@register.inclusion_tag("monitor/includes/trend_chart.html")
def trend_chart(trend, kind, region_name, chart_id="trend"):
    months = len(trend)
    shares = [(item["region"]["lot_share"], item["germany"]["lot_share"]) for item in trend]
    top = _nice_top(max([s.percent or 0 for pair in shares for s in pair] + [0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(months - 1, 1)

    def y(percent):
        return round(TOP + plot_h - plot_h * percent / top, 1)

    series = []
    for index, (name, css) in enumerate(((region_name, "region"), (_("Germany"), "germany"))):
        points = []
        for month, pair in enumerate(shares):
            share = pair[index]
            if share.percent is not None:
                x, y_ = round(LEFT + month * step, 1), y(share.percent)
                points.append({"x": x, "y": y_, "sx": round(x - 4, 1), "sy": round(y_ - 4, 1)})
        path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']} {p['y']}" for i, p in enumerate(points))
        series.append({"name": name, "css": css, "points": points, "path": path})
    ticks = [{"y": y(top * q / 4), "label": f"{top * q / 4:g}"} for q in range(5)]
    every = 1 if months <= 12 else (2 if months <= 24 else max(1, months // 12))
    labels = [
        {"x": round(LEFT + i * step, 1), "label": item["row"].label}
        for i, item in enumerate(trend) if i % every == 0
    ]
    return {
        "chart_id": chart_id, "width": WIDTH, "height": HEIGHT, "series": series,
        "ticks": ticks, "labels": labels, "left": LEFT, "tick_x": LEFT - 6, "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h, "label_y": HEIGHT - 12, "region_name": region_name,
        "kind": kind, "months": months,
    }


def _separators() -> tuple[str, str]:
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")


def format_count(value: int, separators=None) -> str:
    """1234 -> "1.234" (German) / "1,234" (English); cheaper than number_format."""
    _decimal, thousands = separators or _separators()
    return f"{value:,}".replace(",", thousands)


def format_percent(value: float, separators=None) -> str:
    decimal, _thousands = separators or _separators()
    return f"{value:.1f}".replace(".", decimal)


@register.simple_tag
def share_cell(share, url):
    """A count with its share, "12 (15,0 %)"; the count links to the notices behind it, small
    samples are marked. A tag rather than an include: pages show several hundred of these."""
    if not share.total:
        return format_html('<span aria-hidden="true">–</span><span class="kern-sr-only">{}</span>',
                           _("no lots"))
    separators = _separators()
    html = format_html(
        '<a class="kern-link" href="{}">{}</a> ({}&nbsp;%)', url,
        format_count(share.count, separators), format_percent(share.percent, separators),
    )
    if share.small:
        html += format_html(' <em class="kern-body kern-body--small">{}</em>', _("small sample"))
    return html
