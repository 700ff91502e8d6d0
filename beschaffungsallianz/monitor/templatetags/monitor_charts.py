"""SVG charts of the tender monitor, computed here so templates stay plain and CSP-safe.

``{% trend_chart trend kind region_name %}`` draws the monthly share of lots with a kind of
strategic procurement for the region and for Germany: two lines told apart by dash pattern and
marker shape (not only colour), with axis labels, ``role="img"``, ``<title>`` and ``<desc>``.
The page shows the same numbers in a table beside it.
"""

from django import template
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
