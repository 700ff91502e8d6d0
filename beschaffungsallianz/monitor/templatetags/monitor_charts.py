"""SVG charts of the tender monitor, computed here so templates stay plain and CSP-safe.

``{% trend_chart trend kind region_name %}`` draws the monthly share of lots with a kind of
strategic procurement for the region and for Germany: two lines told apart by dash pattern and
marker shape (not only colour), with axis labels, ``role="img"``, ``<title>`` and ``<desc>``.
The page shows the same numbers in a table beside it.
"""

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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
        for i, item in enumerate(trend)
        if i % every == 0
    ]
    return {
        "chart_id": chart_id,
        "width": WIDTH,
        "height": HEIGHT,
        "series": series,
        "ticks": ticks,
        "labels": labels,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "label_y": HEIGHT - 12,
        "region_name": region_name,
        "kind": kind,
        "months": months,
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
        return format_html(
            '<span aria-hidden="true">–</span><span class="kern-sr-only">{}</span>', _("no lots")
        )
    separators = _separators()
    html = format_html(
        '<a class="kern-link" href="{}">{}</a> ({}&nbsp;%)',
        url,
        format_count(share.count, separators),
        format_percent(share.percent, separators),
    )
    if share.small:
        html += format_html(' <em class="kern-body kern-body--small">{}</em>', _("small sample"))
    return html


def _count_link(count: int, url: str, separators) -> str:
    if not count:
        return "0"
    return format_html(
        '<a class="kern-link" href="{}">{}</a>', url, format_count(count, separators)
    )


@register.simple_tag
def comparison_rows(items, label_with_key=False):
    """Table rows "label | lots region | share region | lots Germany | share Germany" for the
    trend, CPV and product-group tables; written in Python because a page has ~100 of them
    (the template engine took a third of the page's time)."""
    separators = _separators()
    rows = []
    for item in items:
        row, region, germany = item["row"], item["region"], item["germany"]
        label = f"{row.key} {row.label}" if label_with_key and row.key else row.label
        rows.append(
            format_html(
                '<tr class="kern-table__row"><th class="kern-table__header" scope="row">{}</th>'
                '<td class="kern-table__cell kern-table__cell--numeric">{}</td>'
                '<td class="kern-table__cell kern-table__cell--numeric">{}</td>'
                '<td class="kern-table__cell kern-table__cell--numeric">{}</td>'
                '<td class="kern-table__cell kern-table__cell--numeric">{}</td></tr>',
                label,
                _count_link(region["counts"].lots, region["all_url"], separators),
                share_cell(region["lot_share"], region["kind_url"]),
                _count_link(germany["counts"].lots, germany["all_url"], separators),
                share_cell(germany["lot_share"], germany["kind_url"]),
            )
        )
    return mark_safe("\n".join(rows))  # every part is escaped by format_html


@register.simple_tag
def bar_rows(items, label_with_key=False):
    """<li> rows of an HTML bar list: label | one-bar SVG (share in percent) | value."""
    separators = _separators()
    rows = []
    for item in items:
        row, share = item["row"], item["region"]["lot_share"]
        label = f"{row.key} {row.label}" if label_with_key and row.key else row.label
        if share.total:
            value = (
                f"{format_percent(share.percent, separators)}\u00a0% "
                f"({format_count(share.count, separators)}/"
                f"{format_count(share.total, separators)})" + ("*" if share.small else "")
            )
        else:
            value = "–"
        rows.append(
            format_html(
                '<li class="bar-chart__row"><span class="bar-chart__label">{}</span>'
                '<svg class="bar-chart__bar" viewBox="0 0 100 1" preserveAspectRatio="none" '
                'aria-hidden="true" focusable="false"><rect width="{}" height="1"/></svg>'
                '<span class="bar-chart__value">{}</span></li>',
                label,
                f"{share.percent or 0:.2f}",
                value,
            )
        )
    return mark_safe("\n".join(rows))  # every part is escaped by format_html
