"""Accessible tile-grid map of Germany's 16 states, coloured in discrete classes.

Usage in a template (any app)::

    {% load tilemap %}
    {% state_tile_map values=shares caption="Anteil je Land" url_pattern="/laender/{code_lower}/" %}

- ``values``: dict state code ("TH") -> value. A number (int, float, Decimal) or a category key
  (e.g. "ja"). ``None``, a missing state or a key that is not in the legend counts as unknown:
  the tile is hatched and shows "?", so "unknown" is visible, never hidden.
- ``legend``: list of ``LegendEntry`` (or dicts with the same keys) for categorical values:
  ``key`` (the value), ``label`` (for the legend and the accessible name), ``short`` (text in
  the tile, a few characters), ``level`` 0..4 (colour class, ``data-level`` in site.css).
  Omit it for numbers: ``numeric_legend`` then builds up to four classes of equal width over the
  positive values (0 gets level 0).
- ``caption``: the map's title (SVG ``<title>``, also the table caption).
- ``description``: the SVG ``<desc>``; a sensible default explains how to read the map.
- Each tile's accessible name starts with its visible text (code and short value), then the
  state's name and the full value: "TH Pflicht (Thüringen: verpflichtend)".
- ``url_pattern``: each tile links there; ``{code}`` / ``{code_lower}`` are replaced. Without it
  the tiles are not links and the SVG is a single ``role="img"``. With links it is
  ``role="group"``: a ``role="img"`` element's children are presentational, so links inside it
  would vanish for screen readers (axe rule ``nested-interactive``).
- ``value_label``: unit after numbers in the accessible names and the table ("Praxisbeispiele").
- ``column_label``: heading of the value column of the table (default: ``value_label``).
- ``map_id``: unique prefix for element ids when a page shows several maps.
- ``table``: also render a two-column table (state, value) with the same data.

Colour is never the only carrier: every tile shows its state code and a short value, the
darkest class has a thicker outline, unknown tiles are hatched, and the legend explains it all.
Styles: ``.tile-map*`` in static/css/site.css, ``.tile-map__value``, ``.tile-map__hatch`` and
``.tile-map-legend*`` in knowledge/static/knowledge/knowledge.css (load it in ``extra_head``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Number

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATES

register = template.Library()

TILE = 60
GRID = 64
LEVELS = 4
VIEWBOX = f"0 0 {5 * GRID} {6 * GRID}"


@dataclass(frozen=True)
class LegendEntry:
    key: object
    label: str
    short: str
    level: int
    unknown: bool = False
    low: float | None = None  # numeric classes: inclusive bounds
    high: float | None = None

    @classmethod
    def coerce(cls, entry) -> LegendEntry:
        if isinstance(entry, cls):
            return entry
        return cls(**entry)


UNKNOWN_ENTRY = LegendEntry(key=None, label=_("unknown"), short="?", level=0, unknown=True)


@dataclass
class Tile:
    code: str
    name: str
    col: int
    row: int
    value: object
    entry: LegendEntry
    value_text: str
    url: str | None = None

    @property
    def x(self) -> int:
        return self.col * GRID

    @property
    def y(self) -> int:
        return self.row * GRID

    @property
    def cx(self) -> int:
        return self.x + TILE // 2

    @property
    def code_y(self) -> int:
        return self.y + 22

    @property
    def value_y(self) -> int:
        return self.y + 44

    @property
    def short(self) -> str:
        if is_number(self.value) and not self.entry.unknown:
            return format_number(self.value)
        return str(self.entry.short)

    @property
    def accessible_name(self) -> str:
        """Starts with the tile's visible text (WCAG 2.5.3 label in name): "TH ja (Thüringen)",
        "TH 3 Praxisbeispiele (Thüringen)", "TH Pflicht (Thüringen: verpflichtend)"."""
        if self.entry.unknown or self.value_text.startswith(self.short):
            return f"{self.code} {self.value_text} ({self.name})"
        return f"{self.code} {self.short} ({self.name}: {self.value_text})"

    @property
    def hatch_path(self) -> str:
        return hatch_path(self.x, self.y)


@dataclass
class TileMap:
    tiles: list[Tile]
    legend: list[LegendEntry]
    has_unknown: bool
    linked: bool
    numeric: bool = False
    rows: list[Tile] = field(default_factory=list)


def is_number(value) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def format_number(value) -> str:
    if isinstance(value, float | Decimal) and value != int(value):
        return number_format(value, decimal_pos=1)
    return number_format(int(value), force_grouping=True)


def hatch_path(x: int, y: int, step: int = 10, size: int = TILE) -> str:
    """Diagonal lines (x + y = c) inside a size×size square at (x, y), as an SVG path."""
    parts = []
    for c in range(step, 2 * size, step):
        if c <= size:
            x1, y1, x2, y2 = 0, c, c, 0
        else:
            x1, y1, x2, y2 = c - size, size, size, c - size
        parts.append(f"M{x + x1} {y + y1}L{x + x2} {y + y2}")
    return "".join(parts)


def numeric_legend(values, levels: int = LEVELS) -> list[LegendEntry]:
    """Equal-width classes over 1..max of the values (0 is its own class, level 0).

    Integers get integer bounds ("1", "2–3", ...); classes that would be empty are merged, so
    small maxima give fewer classes (max 2 -> "1", "2").
    """
    numbers = [v for v in values if is_number(v)]
    entries = [LegendEntry(key=0, label="0", short="0", level=0, low=0, high=0)]
    positive = [v for v in numbers if v > 0]
    if not positive:
        return entries
    top = max(positive)
    integral = all(float(v).is_integer() for v in positive)
    if integral:
        top = int(top)
        bounds = sorted({math.ceil(i * top / levels) for i in range(1, levels + 1)})
        low = 1
        for index, high in enumerate(bounds, start=1):
            # Spread fewer classes over the levels so the largest value is always darkest.
            level = max(1, round(index * levels / len(bounds)))
            label = (
                format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
            )
            entries.append(
                LegendEntry(key=None, label=label, short=label, level=level, low=low, high=high)
            )
            low = high + 1
    else:
        width = float(top) / levels
        for level in range(1, levels + 1):
            low_value = 0 if level == 1 else round(width * (level - 1), 1)
            high_value = round(width * level, 1) if level < levels else float(top)
            label = f"> {format_number(low_value)} – {format_number(high_value)}"
            entries.append(
                LegendEntry(
                    key=None, label=label, short=label, level=level, low=low_value, high=high_value
                )
            )
    return entries


def classify(value, legend: list[LegendEntry]) -> LegendEntry:
    """The legend entry a value falls into; ``UNKNOWN_ENTRY`` if none does."""
    if value is None:
        return UNKNOWN_ENTRY
    numeric_entries = [e for e in legend if e.high is not None]
    if is_number(value) and numeric_entries:
        if value < 0:
            return UNKNOWN_ENTRY
        for entry in numeric_entries:  # ascending: the first class whose upper bound holds it
            if (entry.level == 0 and value == 0) or (entry.level > 0 and 0 < value <= entry.high):
                return entry
        return UNKNOWN_ENTRY
    for entry in legend:
        if entry.key == value and not entry.unknown:
            return entry
    return UNKNOWN_ENTRY


def build_tile_map(
    values: dict, legend=None, url_pattern: str | None = None, value_label: str = ""
) -> TileMap:
    values = values or {}
    numeric = legend is None
    entries = (
        numeric_legend(values.values()) if numeric else [LegendEntry.coerce(e) for e in legend]
    )
    tiles = []
    for state in STATES:
        value = values.get(state.code)
        entry = classify(value, entries)
        if entry.unknown:
            value_text = str(UNKNOWN_ENTRY.label)
        elif is_number(value):
            value_text = f"{format_number(value)} {value_label}".strip()
        else:
            value_text = str(entry.label)
        url = None
        if url_pattern:
            url = url_pattern.replace("{code}", state.code).replace(
                "{code_lower}", state.code.lower()
            )
        tiles.append(
            Tile(
                code=state.code,
                name=state.name_de,
                col=state.col,
                row=state.row,
                value=value,
                entry=entry,
                value_text=value_text,
                url=url,
            )
        )
    has_unknown = any(t.entry.unknown for t in tiles)
    shown_legend = list(entries)
    if has_unknown:
        shown_legend.append(UNKNOWN_ENTRY)
    return TileMap(
        tiles=tiles,
        legend=shown_legend,
        has_unknown=has_unknown,
        linked=bool(url_pattern),
        numeric=numeric,
        rows=sorted(tiles, key=lambda t: t.name),
    )


@register.inclusion_tag("knowledge/includes/tile_map.html")
def state_tile_map(
    values,
    legend=None,
    caption="",
    url_pattern=None,
    description="",
    value_label="",
    column_label="",
    map_id="tile-map",
    table=False,
):
    tile_map = build_tile_map(
        values, legend=legend, url_pattern=url_pattern, value_label=value_label
    )
    return {
        "map": tile_map,
        "caption": caption,
        "description": description
        or _(
            "Tile map of the 16 German states. Each tile shows the state's code and its value; "
            "the shade follows the legend, hatched tiles with a question mark are unknown."
        ),
        "map_id": map_id,
        "viewbox": VIEWBOX,
        "tile_size": TILE,
        "table": table,
        "value_label": value_label,
        "column_label": column_label or value_label or _("Value"),
    }
