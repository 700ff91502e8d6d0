"""Demo content of the tender monitor (called by ``manage.py load_demo_content``).

1. The page /monitor/ (MonitorPage, slug "monitor", in the menu).
2. The real sample notices in ``tests/data/real-notices/`` (published on TED, "Source: TED,
   © European Union"), imported through the real importer.
3. Clearly labelled SYNTHETIC notices, so that the charts have something to show: notice ids
   ``demo-…``, source "synthetic demo data", buyers "Beispielbehörde …". The monitor pages say
   "Enthält synthetische Demodaten" whenever such rows exist. The numbers are invented.

Idempotent: the page is created once, the importer skips notices it already has, and synthetic
notices are generated deterministically (fixed seed, fixed months) and only when missing.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from django.utils import timezone

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.monitor.importer import import_sources
from beschaffungsallianz.monitor.models.notices import ImportRun, Lot, Notice
from beschaffungsallianz.monitor.models.pages import MonitorPage
from beschaffungsallianz.monitor.periods import add_months
from beschaffungsallianz.monitor.rollups import refresh_rollups_for
from beschaffungsallianz.monitor.sources import iter_sources
from beschaffungsallianz.monitor.stats import SYNTHETIC_PREFIX

REAL_NOTICES = Path(__file__).resolve().parent / "tests" / "data" / "real-notices"
SYNTHETIC_SOURCE = "synthetic demo data"
SYNTHETIC_NOTICES = 8000
FIRST_MONTH = date(2024, 11, 1)
MONTHS = 24

# Rough weights: larger states publish more notices.
STATE_WEIGHTS = {
    "NW": 18,
    "BY": 16,
    "BW": 13,
    "NI": 9,
    "HE": 8,
    "SN": 5,
    "BE": 5,
    "RP": 5,
    "SH": 4,
    "BB": 3,
    "ST": 3,
    "TH": 3,
    "HH": 3,
    "MV": 2,
    "SL": 1,
    "HB": 1,
}
# Invented shares of lots with any strategic procurement, per state (demo only).
STATE_SHARE = {code: 0.08 + 0.02 * (index % 7) for index, code in enumerate(sorted(STATE_WEIGHTS))}

# (title, CPV, green codes, social codes, innovative codes, labels named in the title)
SUBJECTS = [
    ("Lieferung von Recyclingpapier", "30197630-1", ["circ-econ"], [], [], ["blauer-engel"]),
    ("Beschaffung von Notebooks", "30213100-6", ["clim-mitig"], [], [], ["tco-certified"]),
    ("Arbeitskleidung für den Bauhof", "18110000-3", [], ["work-cond"], [], ["fair-wear"]),
    ("Kaffee für die Kantine", "15861000-1", [], ["hum-right"], [], ["fairtrade"]),
    ("Reinigung der Verwaltungsgebäude", "90911200-8", ["pollu-prev"], ["work-cond"], [], []),
    ("Sanierung einer Grundschule", "45214210-5", ["clim-mitig"], ["acc-all"], [], []),
    ("Straßenbau Ortsdurchfahrt", "45233120-6", [], [], [], []),
    ("Lieferung von Elektrofahrzeugen", "34144900-7", ["clim-mitig"], [], ["prod-innov"], []),
    ("Ökostrom für kommunale Liegenschaften", "09310000-5", ["clim-mitig"], [], [], []),
    ("Natursteinpflaster für den Marktplatz", "44912000-0", [], ["hum-right"], [], ["xertifix"]),
    ("Büromöbel aus zertifiziertem Holz", "39130000-2", ["biodiv-eco"], [], [], ["fsc"]),
    ("Schulverpflegung", "55524000-9", ["circ-econ"], [], [], []),
    ("Planungsleistungen Radwegenetz", "71311000-1", [], [], [], []),
    ("Digitale Bürgerdienste", "72212000-4", [], ["acc-all"], ["proc-innov"], []),
    ("Winterdienst", "90620000-9", [], [], [], []),
    ("Textilien für das Krankenhaus", "33141000-0", [], ["work-cond"], [], ["gruener-knopf"]),
]
PLACES = ["Nord", "Süd", "Mitte", "am See", "im Tal", "an der Aue"]


def load_demo(stdout) -> None:
    page = ensure_page(stdout)
    import_real_notices(stdout)
    created = ensure_synthetic_notices(stdout)
    if page is not None:
        stdout.write(f"  monitor: page {page.url_path} ready; {created} synthetic notices added")


def ensure_page(stdout):
    existing = MonitorPage.objects.first()
    if existing is not None:
        return existing
    home = demo_home()
    if home is None:
        stdout.write("  monitor: no home page, page not created")
        return None
    page, _created = ensure_child(
        home,
        MonitorPage,
        "monitor",
        stdout,
        app="monitor",
        title="Vergabemonitor",
        show_in_menus=True,
        intro=(
            "Wie oft kaufen öffentliche Auftraggeber in Thüringen und den anderen Ländern "
            "umweltfreundlich, sozial oder innovativ ein? Ausgewertet werden die Angaben in "
            "den veröffentlichten Bekanntmachungen (eForms)."
        ),
    )
    return page


def import_real_notices(stdout) -> None:
    """The real sample notices, through the importer (it skips what it already has)."""
    if not REAL_NOTICES.is_dir():
        return
    summary = import_sources(iter_sources(REAL_NOTICES), record_run=False, label=str(REAL_NOTICES))
    if summary.new or summary.updated:
        ImportRun.objects.create(
            sources="Beispiel: echte Bekanntmachungen aus tests/data/real-notices (Quelle: TED, "
            "© Europäische Union)",
            finished_at=timezone.now(),
            read=summary.read,
            new=summary.new,
            updated=summary.updated,
            skipped=summary.skipped,
            failed=summary.failed,
        )
    stdout.write(f"  monitor: real sample notices: {summary.new} new, {summary.failed} failed")


def synthetic_notices(count: int | None = None):
    """Yield (Notice, [Lot]) pairs, unsaved; the same on every call (fixed seed)."""
    count = SYNTHETIC_NOTICES if count is None else count
    rng = random.Random(20160401)
    codes = list(STATE_WEIGHTS)
    weights = [STATE_WEIGHTS[c] for c in codes]
    for number in range(1, count + 1):
        state = rng.choices(codes, weights)[0]
        month = add_months(FIRST_MONTH, rng.randrange(MONTHS))
        issue_date = month.replace(day=rng.randint(1, 28))
        subject = rng.choice(SUBJECTS)
        place = rng.choice(PLACES)
        nuts = BY_CODE[state].nuts1 + "0" + "123456789"[rng.randrange(3)]
        notice = Notice(
            notice_id=f"{SYNTHETIC_PREFIX}{number:05d}",
            version="01",
            sdk_version="synthetic",
            subtype="16",
            notice_type="cn-standard",
            form_type="competition",
            issue_date=issue_date,
            procedure_type="open",
            title=f"Beispiel: {subject[0]}",
            description="Synthetische Demo-Bekanntmachung, keine echte Ausschreibung.",
            buyer_name=f"Beispielbehörde {BY_CODE[state].name_de} {place}",
            buyer_country="DEU",
            buyer_nuts=nuts,
            state=state,
            state_rule=Notice.StateRule.BUYER_NUTS,
            performance_states=[state],
            source=Notice.Source.FILE,
            source_name=SYNTHETIC_SOURCE,
        )
        lots = []
        strategic = rng.random() < STATE_SHARE[state] * (2.5 if subject[2] or subject[3] else 0.6)
        for lot_number in range(1, rng.choice([1, 1, 1, 2, 3]) + 1):
            lot = Lot(
                lot_id=f"LOT-{lot_number:04d}",
                title=f"{subject[0]}, Los {lot_number}",
                main_cpv=subject[1],
                place_nuts=[nuts],
                state=state,
                issue_date=issue_date,
                contract_nature=_nature(subject[1]),
                strategic=[],
                green=[],
                social=[],
                innovative=[],
                gpp=[],
            )
            if strategic and (lot_number == 1 or rng.random() < 0.5):
                lot.green = list(subject[2])
                lot.social = list(subject[3]) if rng.random() < 0.7 else []
                lot.innovative = list(subject[4]) if rng.random() < 0.5 else []
                lot.strategic = [
                    code
                    for code, used in (
                        ("env-imp", lot.green),
                        ("inn-pur", lot.innovative),
                        ("soc-obj", lot.social),
                    )
                    if used
                ] or ["none"]
                lot.gpp = ["national"] if lot.green and rng.random() < 0.3 else []
            else:
                lot.strategic = ["none"]
            lot.award_criteria = [
                {"type": "price", "name": "Preis", "weight": 70, "weight_kind": "per-exa"},
                {"type": "quality", "name": "Qualität", "weight": 30, "weight_kind": "per-exa"},
            ]
            lot.award_criterion_types = ["price", "quality"]
            lot.derive_flags()
            lots.append(lot)
        if strategic:
            notice.detected_labels = list(subject[5])
        yield notice, lots


def _nature(cpv: str) -> str:
    division = cpv[:2]
    return "works" if division == "45" else ("services" if division >= "50" else "supplies")


def ensure_synthetic_notices(stdout) -> int:
    have = set(
        Notice.objects.filter(notice_id__startswith=SYNTHETIC_PREFIX).values_list(
            "notice_id", flat=True
        )
    )
    missing = [(n, lots) for n, lots in synthetic_notices() if n.notice_id not in have]
    if not missing:
        return 0
    Notice.objects.bulk_create([n for n, _lots in missing], batch_size=500)
    ids = dict(
        Notice.objects.filter(notice_id__in=[n.notice_id for n, _l in missing]).values_list(
            "notice_id", "pk"
        )
    )
    rows = []
    for notice, lots in missing:
        for lot in lots:
            lot.notice_id = ids[notice.notice_id]
            rows.append(lot)
    Lot.objects.bulk_create(rows, batch_size=1000)
    refresh_rollups_for({n.issue_date for n, _lots in missing})
    return len(missing)
