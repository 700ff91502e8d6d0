"""Detect labels (Gütezeichen) and social standards named in notice texts, German or English.

:func:`detect_labels` returns label slugs. The slugs are those of
``shared/data/reference/labels.csv`` (the knowledge base's labels) where that file has the label;
two standards that are not labels there get their own slug: ``ilo-core-labour-standards`` and
``emas``.

Matching rules, kept deliberately strict because a false positive inflates the statistics:

* Case-insensitive, but a match must not start or end inside a word (``(?<!\\w)``/``(?!\\w)``,
  Unicode-aware), so "FSC" does not match "FSCX" and the Finnish word "ilo" is not ILO.
  German compounds with a hyphen ("FSC-zertifiziert", "Blauer-Engel-Kriterien") match; closed
  compounds only where listed ("Fairtradekaffee").
* Ambiguous abbreviations need context: "TCO" alone usually means total cost of ownership, so
  only "TCO Certified"/"TCO-zertifiziert" count; "ILO" only with "Kernarbeitsnormen", "core
  labour standards", "Übereinkommen", "conventions" and the like.
* Inflected German forms are covered ("des Blauen Engels", "Grünen Knopf", "fair gehandelte").
* "fair gehandelt" and "fairer Handel" count as ``fairtrade``: tenders use them for the same
  requirement (products from fair trade, usually proven by the Fairtrade label or equivalent).

Speed: the patterns are compiled once per slug, and a slug's pattern only runs on a text that
contains all substrings of one of its trigger alternatives (plain ``in`` tests, see
``_TRIGGERS``), so long descriptions without any label cost little: the regular expressions,
which start with a look-behind and ignore case, scan at a few hundred characters per microsecond
at best, far slower than ``in``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["LABEL_PATTERNS", "detect_labels"]

_S = r"[\s\-\u2010\u2011]?"  # optional blank or hyphen between the parts of a name
_R = r"[\s\-\u2010\u2011]+"  # required blank(s) or hyphen

# slug -> regular expressions (without boundaries; they are added around each one).
LABEL_PATTERNS: dict[str, tuple[str, ...]] = {
    "fairtrade": (
        rf"fair{_S}trade\w*",  # Fairtrade, Fair Trade, Fairtrade-zertifiziert, Fairtradekaffee
        rf"fair{_R}gehandelt\w*",  # fair gehandelt, fair gehandelte Produkte
        rf"fair(?:e[mnrs]?)?{_R}handel\w*",  # fairer Handel, fairen Handels
    ),
    "ilo-core-labour-standards": (
        r"kernarbeitsnorm\w*",
        rf"(?-i:ILO){_S}(?:kern\w*|core\w*|fundamental\w*|übereinkommen\w*|konvention\w*|"
        r"conventions?|norm\w*|standards?|arbeitsnorm\w*)",
        rf"core{_R}labou?r{_R}standards?",
        rf"international{_R}labou?r{_R}organi[sz]ation",
        rf"internationalen?{_R}arbeitsorganisation",
    ),
    "blauer-engel": (
        rf"blau(?:e[nrs]?)?{_R}engels?",
        rf"blue{_R}angel",
        # criteria documents of the Blue Angel (RAL-UZ 78, DE-UZ 195); case-sensitive: "de uz"
        rf"(?-i:(?:RAL|DE){_S}UZ){_S}\d+",
    ),
    "gots": (r"gots", rf"global{_R}organic{_R}textile{_R}standard"),
    "tco-certified": (rf"tco{_S}certified", rf"tco{_S}zertifi\w*", rf"tco{_R}development"),
    "fsc": (r"fsc", rf"forest{_R}stewardship{_R}council"),
    "pefc": (r"pefc", rf"programme{_R}for{_R}the{_R}endorsement{_R}of{_R}forest{_R}certification"),
    "eu-ecolabel": (
        rf"eu{_S}eco{_S}labels?",
        rf"eu{_S}umweltzeichen\w*",
        rf"europäische[ns]?{_R}umweltzeichen\w*",
        rf"eu{_S}blume",
        r"euroblume",
        rf"eu{_R}flower",
    ),
    "gruener-knopf": (rf"gr(?:ü|ue)ne[nrs]?{_R}knopf(?:e?s)?", rf"green{_R}button"),
    "fair-wear": (rf"fair{_S}wear(?:{_R}foundation)?",),
    "xertifix": (r"xertifix(?:\s*plus)?",),
    "fair-stone": (rf"fair{_S}stone",),
    "igep": (r"igep",),
    "ivn-best": (rf"ivn{_R}(?:zertifiziert{_R})?best",),
    "made-in-green": (rf"made{_R}in{_R}green",),
    "naturland-fair": (rf"naturland{_R}fair",),
    "emas": (r"emas", rf"eco{_S}management{_R}and{_R}audit{_R}scheme"),
    "energy-star": (rf"energy{_S}star",),
}


# slug -> trigger alternatives: tuples of substrings that every match of one of the slug's
# patterns contains *all* of. A substring in lower case is looked for in the lower-cased text; one
# with capitals ("ILO", "UZ": the patterns that need them are case-sensitive) in the text as it
# is. Running a slug's regular expression only when one alternative is complete is far cheaper
# than running them all on every (long) description, and common words ("fair", "Nutzung",
# "Pilot", "Labor") alone no longer set them off. The rarer substring comes first.
_TRIGGERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fairtrade": (("trade", "fair"), ("handel", "fair")),
    "ilo-core-labour-standards": (
        ("kernarbeitsnorm",),
        ("ILO",),
        ("labo", "core"),
        ("labo", "international"),
        ("arbeitsorganisation",),
    ),
    "blauer-engel": (("engel", "blau"), ("angel", "blue"), ("UZ",)),
    "gots": (("gots",), ("organic", "textile")),
    "tco-certified": (("tco",),),
    "fsc": (("fsc",), ("stewardship",)),
    "pefc": (("pefc",), ("endorsement",)),
    "eu-ecolabel": (("label", "eco"), ("umweltzeichen",), ("blume",), ("flower",)),
    "gruener-knopf": (("knopf",), ("button", "green")),
    "fair-wear": (("wear", "fair"),),
    "xertifix": (("xertifix",),),
    "fair-stone": (("stone", "fair"),),
    "igep": (("igep",),),
    "ivn-best": (("ivn", "best"),),
    "made-in-green": (("made", "green"),),
    "naturland-fair": (("naturland",),),
    "emas": (("emas",), ("audit", "eco")),
    "energy-star": (("star", "energy"),),
}

_SEPARATOR = "\n|\n"
_LABEL_RES = [
    (
        slug,
        tuple(
            tuple((part, part == part.lower()) for part in alternative)
            for alternative in _TRIGGERS[slug]
        ),
        re.compile("|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in patterns), re.IGNORECASE),
    )
    for slug, patterns in LABEL_PATTERNS.items()
]


def detect_labels(texts: Iterable[str | None]) -> set[str]:
    """Slugs of the labels and standards named in any of the texts (``None`` is skipped)."""
    # One scan over all texts; the separator is neither a blank nor a hyphen, so a name cannot
    # run from the end of one text into the next ("... Blauer" + "Engel ...").
    text = _SEPARATOR.join(filter(None, texts))
    if not text:
        return set()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\u00ad", "")  # soft hyphens
    lower = text.lower()
    found = set()
    for slug, alternatives, pattern in _LABEL_RES:
        for alternative in alternatives:
            for part, in_lower in alternative:
                if part not in (lower if in_lower else text):
                    break
            else:  # every part is there
                if pattern.search(text):
                    found.add(slug)
                break
    return found
