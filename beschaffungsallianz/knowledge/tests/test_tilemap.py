"""The reusable tile-grid map: discrete classes, unknown values, links and accessibility."""

import re

from django.template import Context, Template

from beschaffungsallianz.knowledge.templatetags.tilemap import (
    UNKNOWN_ENTRY,
    LegendEntry,
    build_tile_map,
    classify,
    hatch_path,
    numeric_legend,
)

CATEGORIES = [
    LegendEntry("ja", "ja", "ja", 4),
    LegendEntry("nein", "nein", "nein", 1),
]


def _levels(entries):
    return [(e.level, e.low, e.high) for e in entries]


def test_counts_get_zero_class_and_four_equal_width_classes():
    legend = numeric_legend([0, 1, 3, 8, 5])
    assert _levels(legend) == [(0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    assert [e.label for e in legend] == ["0", "1–2", "3–4", "5–6", "7–8"]


def test_small_maximum_gives_fewer_classes_and_the_largest_is_darkest():
    assert _levels(numeric_legend([0, 2, 1])) == [(0, 0, 0), (2, 1, 1), (4, 2, 2)]
    assert _levels(numeric_legend([3])) == [(0, 0, 0), (1, 1, 1), (3, 2, 2), (4, 3, 3)]
    assert _levels(numeric_legend([1])) == [(0, 0, 0), (4, 1, 1)]


def test_all_zero_or_empty_values_give_only_the_zero_class():
    assert _levels(numeric_legend([0, 0])) == [(0, 0, 0)]
    assert _levels(numeric_legend([])) == [(0, 0, 0)]


def test_shares_get_decimal_classes_and_every_value_falls_into_one():
    legend = numeric_legend([0.0, 12.5, 40.0, 7.25])
    assert [e.level for e in legend] == [0, 1, 2, 3, 4]
    assert classify(0.0, legend).level == 0
    assert classify(7.25, legend).level == 1
    assert classify(10.0, legend).level == 1
    assert classify(10.01, legend).level == 2
    assert classify(40.0, legend).level == 4


def test_classify_maps_counts_to_their_class():
    legend = numeric_legend([0, 8])
    assert [classify(v, legend).level for v in (0, 1, 2, 3, 5, 7, 8)] == [0, 1, 1, 2, 3, 4, 4]


def test_none_negative_and_unlisted_values_are_unknown():
    legend = numeric_legend([0, 8])
    assert classify(None, legend) is UNKNOWN_ENTRY
    assert classify(-1, legend) is UNKNOWN_ENTRY
    assert classify(99, legend) is UNKNOWN_ENTRY
    assert classify("unbekannt", CATEGORIES) is UNKNOWN_ENTRY
    assert classify("vielleicht", CATEGORIES) is UNKNOWN_ENTRY
    assert classify("ja", CATEGORIES).level == 4


def test_map_has_all_16_states_with_links_and_names_starting_with_the_code():
    tile_map = build_tile_map(
        {"TH": "ja", "BY": "nein"}, legend=CATEGORIES, url_pattern="/laender/{code_lower}/"
    )
    assert len(tile_map.tiles) == 16
    by_code = {t.code: t for t in tile_map.tiles}
    assert by_code["TH"].url == "/laender/th/"
    assert by_code["TH"].entry.level == 4 and by_code["BY"].entry.level == 1
    assert by_code["TH"].accessible_name == "TH ja (Thüringen)"
    assert by_code["HB"].entry.unknown and by_code["HB"].short == "?"
    assert tile_map.has_unknown and tile_map.legend[-1] is UNKNOWN_ENTRY
    assert [t.name for t in tile_map.rows] == sorted(t.name for t in tile_map.tiles)


def test_map_without_unknown_values_has_no_unknown_legend_entry():
    values = {
        code: "ja"
        for code in (
            "SH",
            "HH",
            "MV",
            "HB",
            "NI",
            "ST",
            "BB",
            "BE",
            "NW",
            "HE",
            "TH",
            "SN",
            "RP",
            "SL",
            "BW",
            "BY",
        )
    }
    tile_map = build_tile_map(values, legend=[dict(key="ja", label="ja", short="ja", level=4)])
    assert not tile_map.has_unknown
    assert all(not e.unknown for e in tile_map.legend)
    assert not tile_map.linked and all(t.url is None for t in tile_map.tiles)


def test_numbers_show_in_the_tile_and_in_the_accessible_name_with_the_unit():
    tile_map = build_tile_map({"TH": 1234, "SN": 0}, value_label="Praxisbeispiele")
    th = next(t for t in tile_map.tiles if t.code == "TH")
    assert th.short == "1.234"  # German grouping (LANGUAGE_CODE de)
    assert th.accessible_name == "TH 1.234 Praxisbeispiele (Thüringen)"


def test_hatch_lines_stay_inside_the_tile():
    coords = [int(n) for n in re.findall(r"\d+", hatch_path(128, 64))]
    xs, ys = coords[0::2], coords[1::2]
    assert min(xs) >= 128 and max(xs) <= 188 and min(ys) >= 64 and max(ys) <= 124


def _render(snippet, **context):
    return Template("{% load tilemap %}" + snippet).render(Context(context))


def test_linked_map_is_a_group_of_links_with_title_desc_legend_and_table():
    html = _render(
        '{% state_tile_map values=values legend=legend caption="Tariftreue" '
        'url_pattern="/laender/{code_lower}/" map_id="m1" table=True column_label="Tariftreue" %}',
        values={"TH": "ja", "BY": "nein"},
        legend=CATEGORIES,
    )
    assert 'role="group"' in html and 'role="img"' not in html
    assert '<title id="m1-title">Tariftreue</title>' in html
    assert 'aria-labelledby="m1-title" aria-describedby="m1-desc"' in html
    assert 'href="/laender/th/" data-level="4" aria-label="TH ja (Thüringen)"' in html
    assert re.search(r'href="/laender/by/" data-level="1"', html)
    assert html.count("<a ") == 16 + 16  # 16 tiles and 16 table links
    assert html.count('class="tile-map__hatch"') == 14 + 1  # unknown tiles + legend swatch
    assert '<caption class="kern-title" id="m1-table-caption">Tariftreue</caption>' in html


def test_map_without_links_is_one_image():
    html = _render('{% state_tile_map values=values caption="Anteil" %}', values={"TH": 3})
    assert 'role="img"' in html and "<a " not in html
    assert "<table" not in html


def test_accessible_name_starts_with_the_visible_text_of_the_tile():
    legend = [LegendEntry("verpflichtend", "verpflichtend", "Pflicht", 4)]
    tiles = {t.code: t for t in build_tile_map({"TH": "verpflichtend"}, legend=legend).tiles}
    assert tiles["TH"].accessible_name == "TH Pflicht (Thüringen: verpflichtend)"
    assert tiles["BE"].accessible_name == "BE unbekannt (Berlin)"
