"""What /laender/ shows: the 16 states' procurement laws side by side, coloured on a tile map,
one page per state with its published practice examples, and the table as CSV and XLSX.

Called by the routes of ``StateIndexPage`` (models/pages.py). A state without a published law,
or a value "unbekannt", stays visible as unknown; it is never hidden or counted as "no".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from beschaffungsallianz.core.states import BY_CODE, STATES, State
from beschaffungsallianz.knowledge import examples
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import StateLaw
from beschaffungsallianz.knowledge.templatetags.tilemap import LegendEntry

YesNo = StateLaw.YesNo
Obligation = StateLaw.Obligation

# Map classes of the state attributes: level 4 = strongest rule, "unbekannt" stays unknown.
YES_NO_LEGEND = [
    LegendEntry(YesNo.YES.value, gettext_lazy("yes"), gettext_lazy("yes"), 4),
    LegendEntry(YesNo.NO.value, gettext_lazy("no"), gettext_lazy("no"), 1),
]
OBLIGATION_LEGEND = [
    LegendEntry(
        Obligation.MANDATORY.value,
        gettext_lazy("mandatory"),
        pgettext_lazy("tile map, short for mandatory", "must"),
        4,
    ),
    LegendEntry(Obligation.SHOULD.value, gettext_lazy("should"), gettext_lazy("should"), 3),
    LegendEntry(Obligation.MAY.value, gettext_lazy("may"), gettext_lazy("may"), 2),
    LegendEntry(Obligation.NONE.value, gettext_lazy("none"), gettext_lazy("none"), 1),
]
STATE_ATTRIBUTES = {
    "tariff_compliance": (gettext_lazy("Tariff compliance"), YES_NO_LEGEND),
    "ilo_core_labour_standards": (gettext_lazy("ILO core labour standards"), OBLIGATION_LEGEND),
    "ecological_criteria": (gettext_lazy("Ecological criteria"), OBLIGATION_LEGEND),
    "examples": (gettext_lazy("Published practice examples"), None),
}
# Sentence ends in the notes of the state-law table ("… verbindlich. § 19 …", "…; Kommunen …").
SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZÄÖÜ§(])")
LAW_ATTRIBUTES = ("tariff_compliance", "ilo_core_labour_standards", "ecological_criteria")


@dataclass
class StateCell:
    value: str
    label: str
    unknown: bool


@dataclass
class StateRow:
    state: State
    law: StateLaw | None
    examples: int
    url: str

    @property
    def name(self) -> str:
        return self.state.name_de

    @property
    def code(self) -> str:
        return self.state.code

    def cell(self, attribute: str) -> StateCell:
        if self.law is None:
            return StateCell(YesNo.UNKNOWN.value, _("unknown"), True)
        value = getattr(self.law, attribute)
        label = getattr(self.law, f"get_{attribute}_display")()
        return StateCell(value, str(label), value == YesNo.UNKNOWN.value)

    @property
    def tariff_compliance(self) -> StateCell:
        return self.cell("tariff_compliance")

    @property
    def ilo_core_labour_standards(self) -> StateCell:
        return self.cell("ilo_core_labour_standards")

    @property
    def ecological_criteria(self) -> StateCell:
        return self.cell("ecological_criteria")

    @property
    def law_cells(self) -> list[StateCell]:
        return [self.cell(attribute) for attribute in LAW_ATTRIBUTES]

    @property
    def sources(self) -> list[dict]:
        return self.law.source_links if self.law else []

    def value(self, attribute: str):
        """The value the map is coloured by (None = unknown)."""
        if attribute == "examples":
            return self.examples
        cell = self.cell(attribute)
        return None if cell.unknown else cell.value


def _live_example_counts_by_state() -> dict[str, int]:
    return dict(
        PracticeExample.objects.filter(live=True)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


def state_rows(base_url: str) -> list[StateRow]:
    """One row per state (with or without a published law), by name; ``base_url`` is /laender/."""
    laws = {law.state: law for law in StateLaw.objects.filter(live=True)}
    counts = _live_example_counts_by_state()
    rows = [
        StateRow(
            state=state,
            law=laws.get(state.code),
            examples=counts.get(state.code, 0),
            url=f"{base_url}{state.code.lower()}/",
        )
        for state in STATES
    ]
    return sorted(rows, key=lambda row: row.name)


def index_context(attribute: str, base_url: str) -> dict:
    """The table of all states and the map coloured by ``attribute``."""
    rows = state_rows(base_url)
    label, legend = STATE_ATTRIBUTES[attribute]
    return {
        "attribute": attribute,
        "attribute_label": label,
        "rows": rows,
        "map_values": {row.code: row.value(attribute) for row in rows},
        "map_legend": legend,
        "map_caption": _("%(attribute)s by federal state") % {"attribute": label},
        "map_url_pattern": base_url + "{code_lower}/",
        "known_laws": sum(1 for row in rows if row.law is not None),
    }


DOWNLOAD_HEADER = [
    "state",
    "nuts1",
    "name",
    "law",
    "tariff_compliance",
    "ilo_core_labour_standards",
    "ecological_criteria",
    "published_examples",
    "notes",
    "sources",
    "as_of",
    "url",
]


def download_rows(base_url: str) -> list[list]:
    """The states table with raw values (``ja``/``nein``/``unbekannt``, …); absolute URLs."""
    data = []
    for row in state_rows(base_url):
        law = row.law
        data.append(
            [
                row.code,
                row.state.nuts1,
                row.name,
                law.law if law else "",
                *(row.cell(attribute).value for attribute in LAW_ATTRIBUTES),
                row.examples,
                law.notes if law else "",
                " ".join(law.source_list) if law else "",
                law.as_of if law else None,
                row.url,
            ]
        )
    return data


def detail_context(code: str, request=None) -> dict:
    """One state: its published law and its published examples; 404 for an unknown code."""
    state = BY_CODE.get(code.upper())
    if state is None:
        raise Http404(_("There is no federal state with this code."))
    law = StateLaw.objects.filter(live=True, state=state.code).first()
    state_examples = list(
        PracticeExample.objects.filter(live=True, state=state.code)
        .prefetch_related("product_groups")
        .order_by("-year", "title")
    )
    examples.attach_urls(state_examples, request)
    return {
        "state": state,
        "law": law,
        "row": StateRow(state=state, law=law, examples=len(state_examples), url=""),
        "examples": state_examples,
    }


def law_rules(topic: str, state: str, base_url: str | None, laws=None) -> dict:
    """What the published state laws (``laws``, else read) say on ``topic`` (a
    ``StateLawTopic``): the rule of ``state`` (the alliance's or a chosen one; None when it has
    no published law), and the other states whose law requires or recommends it, each with its
    sections ("unbekannt" stays)."""
    if laws is None:
        laws = StateLaw.objects.filter(live=True).order_by("name")
    entries = [
        {
            "law": law,
            "rule": law.rule(topic),
            "url": f"{base_url}{law.state.lower()}/" if base_url else None,
        }
        for law in laws
    ]
    own = next((entry for entry in entries if entry["law"].state == state), None)
    others = [e for e in entries if e is not own and e["rule"]["requires"]]
    return {"topic": topic, "own": own, "others": others}


def mentions(laws, words: list[str]) -> list[dict]:
    """The sentences of the laws' notes and sections that name one of ``words`` (the law's own
    wording: e.g. Lower Saxony's NKernVO products, Hamburg's list), one entry per law."""
    patterns = [re.compile(rf"\b{re.escape(word)}", re.IGNORECASE) for word in words]
    found = []
    for law in laws:
        parts = SENTENCE_END.split(law.notes) + law.section_list
        hits = [part for part in parts if any(p.search(part) for p in patterns)]
        if hits:
            found.append({"law": law, "sentences": hits})
    return found
