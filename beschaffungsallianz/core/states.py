"""Germany's 16 federal states: ISO 3166-2:DE suffix, NUTS-1 code, names, tile-grid position.

The tile grid places each state on a small grid that keeps neighbours roughly adjacent; it is
used by the accessible SVG maps of the knowledge base and the tender monitor.
"""

from typing import NamedTuple


class State(NamedTuple):
    code: str
    nuts1: str
    name_de: str
    name_en: str
    col: int
    row: int


STATES: tuple[State, ...] = (
    State("SH", "DEF", "Schleswig-Holstein", "Schleswig-Holstein", 2, 0),
    State("HH", "DE6", "Hamburg", "Hamburg", 2, 1),
    State("MV", "DE8", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", 3, 1),
    State("HB", "DE5", "Bremen", "Bremen", 1, 1),
    State("NI", "DE9", "Niedersachsen", "Lower Saxony", 1, 2),
    State("ST", "DEE", "Sachsen-Anhalt", "Saxony-Anhalt", 2, 2),
    State("BB", "DE4", "Brandenburg", "Brandenburg", 3, 2),
    State("BE", "DE3", "Berlin", "Berlin", 4, 2),
    State("NW", "DEA", "Nordrhein-Westfalen", "North Rhine-Westphalia", 0, 3),
    State("HE", "DE7", "Hessen", "Hesse", 1, 3),
    State("TH", "DEG", "Thüringen", "Thuringia", 2, 3),
    State("SN", "DED", "Sachsen", "Saxony", 3, 3),
    State("RP", "DEB", "Rheinland-Pfalz", "Rhineland-Palatinate", 0, 4),
    State("SL", "DEC", "Saarland", "Saarland", 0, 5),
    State("BW", "DE1", "Baden-Württemberg", "Baden-Württemberg", 1, 5),
    State("BY", "DE2", "Bayern", "Bavaria", 2, 5),
)

BY_CODE = {s.code: s for s in STATES}
BY_NUTS1 = {s.nuts1: s for s in STATES}
STATE_CHOICES = sorted(((s.code, s.name_de) for s in STATES), key=lambda c: c[1])


def state_for_nuts(nuts: str | None) -> str | None:
    """'DEG03' -> 'TH' (the first three characters are the NUTS-1 code of a state); None for
    non-German or missing codes. The one NUTS -> state table of the project (the eForms parser
    uses it)."""
    if not nuts:
        return None
    state = BY_NUTS1.get(nuts.strip()[:3].upper())
    return state.code if state else None
