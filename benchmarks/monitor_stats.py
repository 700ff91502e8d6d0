"""Benchmark: the monitor's aggregates at 1,000,000 lots (page and API).

    python -m benchmarks monitor_stats [--lots=N] [--requests=N] [--db=sqlite|postgresql] [--reuse]

Runs once on SQLite (a fresh file in var/bench/) and, when DATABASE_URL or BENCH_POSTGRES_URL
points to PostgreSQL, once on PostgreSQL in a database of its own, ``ba_bench_monitor`` plus
``$BENCH_DB_SUFFIX`` (dropped and re-created). Each run is a child process with its own Django
set-up:

1. migrate, load the knowledge base's reference data (its product groups), create the page;
2. generate N lots in about N/1.9 notices with raw SQL (SQLite: ``executemany``; PostgreSQL:
   ``COPY``), 36 months, states weighted by population (3 % without a German state), 1-20 lots
   per notice, main CPV codes of real CPV classes weighted by division, strategic codes at
   plausible rates (green 12 %, social 6 %, innovative 1.5 %, BT-06 "none" on a third);
3. build the roll-ups from scratch (``rollups.rebuild_rollups``, timed) and time the importer's
   incremental refresh of one month (``rollups.refresh_rollups_for``);
4. time GET /monitor/, /api/v1/monitor/summary and /api/v1/monitor/states with a random period
   (3-24 months), state and kind per request, through Django's test client, after a warm-up;
   and, for information, the drill-down list /monitor/bekanntmachungen/ (not a target) and the
   default view /monitor/ repeated, whose statistics fragment then comes from the cache.

With ``--reuse`` a database that already holds N lots (from an earlier run) is kept: steps 1-3
are skipped, only the roll-ups are checked (rebuilt when empty) and the requests are timed.

Reports median and 95th percentile in milliseconds. Method and figures: docs/performance.md.
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB_SUFFIX lets two people benchmark on one PostgreSQL server at the same time.
BENCH_DB = "ba_bench_monitor" + os.environ.get("BENCH_DB_SUFFIX", "")
TARGET_P95_MS = 200.0
FIRST_MONTH = date(2023, 11, 1)
MONTHS = 36

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
# Main CPV divisions by rough frequency in German notices (works and services dominate).
DIVISION_WEIGHTS = {
    "45": 26,
    "71": 10,
    "79": 6,
    "90": 6,
    "72": 5,
    "50": 5,
    "33": 5,
    "30": 3,
    "34": 3,
    "44": 3,
    "39": 3,
    "80": 3,
    "85": 2,
    "60": 2,
    "31": 2,
    "32": 2,
    "42": 2,
    "48": 2,
    "55": 2,
    "15": 1,
    "18": 1,
    "09": 1,
    "22": 1,
    "66": 1,
    "73": 1,
    "77": 1,
    "92": 1,
    "98": 1,
    "35": 1,
    "38": 1,
    "43": 1,
    "37": 1,
}
LOTS_PER_NOTICE = (
    [1] * 70 + [2] * 12 + [3] * 5 + [4] * 4 + [5] * 3 + [6, 8, 10, 12, 20] * 1 + [7, 9] * 1
)
GREEN = [
    ["clim-mitig"],
    ["circ-econ"],
    ["pollu-prev"],
    ["biodiv-eco"],
    ["other"],
    ["circ-econ", "clim-mitig"],
    ["water-mar"],
    ["clim-adapt"],
]
SOCIAL = [
    ["work-cond"],
    ["acc-all"],
    ["opp"],
    ["hum-right"],
    ["gen-eq"],
    ["other"],
    ["acc-all", "opp"],
]
INNOVATIVE = [["mar-nov"], ["proc-innov"], ["prod-innov"], ["rd-act"]]
NOTICE_CHUNK = 20_000


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- child process: one database -------------------------------------------------------------


def _prepare_database(url: str, reuse: bool = False) -> None:
    if reuse:
        return
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def _existing_lots(url: str) -> int:
    """Lots already in the benchmark database (for --reuse); 0 when there is none."""
    try:
        if url.startswith("sqlite"):
            import sqlite3

            path = Path(url.split("sqlite:///", 1)[1])
            if not path.exists():
                return 0
            with sqlite3.connect(path) as conn:
                return conn.execute("SELECT COUNT(*) FROM monitor_lot").fetchone()[0]
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute("SELECT COUNT(*) FROM monitor_lot").fetchone()[0]
    except Exception:  # no database or no table yet: any driver error means "none"
        return 0


def _cpv_codes() -> dict[str, list[str]]:
    path = (
        ROOT
        / "beschaffungsallianz"
        / "monitor"
        / "data"
        / "codelists"
        / "cpv-2008_classes_de_en.csv"
    )
    by_division: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_division.setdefault(row["division"], []).append(row["code"])
    return by_division


def _columns(model, values: dict, connection) -> tuple[list[str], tuple]:
    """All concrete columns of ``model`` with their defaults, overridden by ``values``."""
    columns, defaults = [], []
    for field in model._meta.concrete_fields:
        columns.append(field.column)
        if field.column in values:
            defaults.append(values[field.column])
            continue
        default = field.get_default()
        if field.get_internal_type() == "JSONField":
            default = json.dumps(default)
        defaults.append(default)
    return columns, tuple(defaults)


class _Writer:
    """Bulk row writer: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection, table: str, columns: list[str]):
        self.connection, self.table, self.columns = connection, table, columns

    def write(self, rows: list[tuple]) -> None:
        quoted = ", ".join(f'"{c}"' for c in self.columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f'COPY "{self.table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f'INSERT INTO "{self.table}" ({quoted}) VALUES ({marks})', rows)


def _generate(n_lots: int, rng: random.Random) -> tuple[int, int]:
    from django.db import connection, transaction

    from beschaffungsallianz.core.states import BY_CODE
    from beschaffungsallianz.monitor.models import Lot, Notice

    cpv = _cpv_codes()
    divisions = [d for d in DIVISION_WEIGHTS if d in cpv]
    division_w = [DIVISION_WEIGHTS[d] for d in divisions]
    states = list(STATE_WEIGHTS) + [None]
    state_w = list(STATE_WEIGHTS.values()) + [3]
    now = datetime.now(UTC)
    empty = "[]"
    none_list = json.dumps(["none"])
    as_json = {id(v): json.dumps(v) for options in (GREEN, SOCIAL, INNOVATIVE) for v in options}
    criteria = json.dumps(
        [
            {"type": "price", "name": "Preis", "weight": "60", "weight_kind": "per-exa"},
            {"type": "quality", "name": "Qualität", "weight": "40", "weight_kind": "per-exa"},
        ]
    )
    types = json.dumps(["price", "quality"])

    notice_columns, notice_defaults = _columns(
        Notice,
        {
            "imported_at": now,
            "updated_at": now,
            "source": "file",
            "source_name": "benchmark (synthetic)",
        },
        connection,
    )
    lot_columns, lot_defaults = _columns(Lot, {}, connection)
    n_index = {c: i for i, c in enumerate(notice_columns)}
    l_index = {c: i for i, c in enumerate(lot_columns)}
    notices_out = _Writer(connection, Notice._meta.db_table, notice_columns)
    lots_out = _Writer(connection, Lot._meta.db_table, lot_columns)

    notice_pk = lot_pk = 0
    while lot_pk < n_lots:
        notice_rows, lot_rows = [], []
        for _ in range(NOTICE_CHUNK):
            if lot_pk >= n_lots:
                break
            notice_pk += 1
            state = rng.choices(states, state_w)[0]
            month = FIRST_MONTH.month - 1 + rng.randrange(MONTHS)
            issue_date = date(FIRST_MONTH.year + month // 12, month % 12 + 1, rng.randint(1, 28))
            row = list(notice_defaults)
            row[n_index["id"]] = notice_pk
            row[n_index["notice_id"]] = f"00000000-bench-4000-8000-{notice_pk:012d}"
            row[n_index["version"]] = "01"
            row[n_index["issue_date"]] = issue_date
            row[n_index["state"]] = state
            row[n_index["buyer_nuts"]] = (BY_CODE[state].nuts1 + "01") if state else "FR101"
            row[n_index["buyer_country"]] = "DEU" if state else "FRA"
            row[n_index["state_rule"]] = "buyer-nuts"
            row[n_index["title"]] = f"Ausschreibung {notice_pk}"
            row[n_index["buyer_name"]] = f"Vergabestelle {notice_pk % 20_000}"
            row[n_index["subtype"]] = "16"
            row[n_index["notice_type"]] = "cn-standard"
            notice_rows.append(tuple(row))
            division = rng.choices(divisions, division_w)[0]
            for number in range(1, rng.choice(LOTS_PER_NOTICE) + 1):
                if lot_pk >= n_lots:
                    break
                lot_pk += 1
                main_cpv = f"{rng.choice(cpv[division])}-{rng.randrange(10)}"
                green = rng.choice(GREEN) if rng.random() < 0.12 else None
                social = rng.choice(SOCIAL) if rng.random() < 0.06 else None
                innovative = rng.choice(INNOVATIVE) if rng.random() < 0.015 else None
                strategic = [
                    c
                    for c, used in (
                        ("env-imp", green),
                        ("inn-pur", innovative),
                        ("soc-obj", social),
                    )
                    if used and rng.random() < 0.6
                ]
                row = list(lot_defaults)
                row[l_index["id"]] = lot_pk
                row[l_index["notice_id"]] = notice_pk
                row[l_index["lot_id"]] = f"LOT-{number:04d}"
                row[l_index["title"]] = f"Los {number}"
                row[l_index["main_cpv"]] = main_cpv
                row[l_index["cpv_division"]] = main_cpv[:2]
                row[l_index["contract_nature"]] = "works" if division == "45" else "services"
                row[l_index["strategic"]] = (
                    json.dumps(strategic)
                    if strategic
                    else (none_list if rng.random() < 0.33 else empty)
                )
                row[l_index["green"]] = as_json[id(green)] if green else empty
                row[l_index["social"]] = as_json[id(social)] if social else empty
                row[l_index["innovative"]] = as_json[id(innovative)] if innovative else empty
                row[l_index["award_criteria"]] = criteria
                row[l_index["award_criterion_types"]] = types
                row[l_index["state"]] = state
                row[l_index["issue_date"]] = issue_date
                row[l_index["uses_green"]] = bool(green)
                row[l_index["uses_social"]] = bool(social)
                row[l_index["uses_innovative"]] = bool(innovative)
                row[l_index["uses_any"]] = bool(green or social or innovative)
                lot_rows.append(tuple(row))
        with transaction.atomic():
            notices_out.write(notice_rows)
            lots_out.write(lot_rows)
        _log(f"  generated {lot_pk:,} lots in {notice_pk:,} notices")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Notice, Lot):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")
    return notice_pk, lot_pk


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _random_query(rng: random.Random) -> dict:
    length = rng.randint(3, 24)
    start = rng.randrange(MONTHS - length + 1)
    first = FIRST_MONTH.month - 1 + start
    last = first + length - 1
    return {
        "start": f"{FIRST_MONTH.year + first // 12}-{first % 12 + 1:02d}",
        "end": f"{FIRST_MONTH.year + last // 12}-{last % 12 + 1:02d}",
        "state": rng.choice(list(STATE_WEIGHTS)),
        "kind": rng.choice(["any", "green", "social", "innovative"]),
    }


def _time(client, path: str, params_list: list[dict], warmup: int = 10) -> dict:
    timings = []
    for i, params in enumerate(params_list):
        t0 = time.perf_counter()
        response = client.get(path, params)
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (path, params, response.status_code)
        if i >= warmup:
            timings.append(elapsed)
    return {
        "requests": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(_percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
    }


def child(url: str, n_lots: int, n_requests: int, reuse: bool = False) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beschaffungsallianz.settings.test")
    reuse = reuse and _existing_lots(url) == n_lots
    _prepare_database(url, reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from beschaffungsallianz.knowledge.loaders import load_reference_data
    from beschaffungsallianz.monitor import rollups
    from beschaffungsallianz.monitor.models import MonitorRollup

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if reuse:
        _log(f"  reusing the {n_lots:,} lots of the existing database")
        from beschaffungsallianz.monitor.models import Lot, Notice

        notices, lots = Notice.objects.count(), Lot.objects.count()
        generate_s = 0.0
    else:
        load_reference_data()
        _make_site()
        _log(f"  set up in {time.perf_counter() - started:.0f} s")
        rng = random.Random(20261126)
        started = time.perf_counter()
        notices, lots = _generate(n_lots, rng)
        generate_s = time.perf_counter() - started
        _log(f"  generated in {generate_s:.0f} s")
    rng = random.Random(20261127)

    rebuild_s = None
    if not reuse or not MonitorRollup.objects.exists():
        started = time.perf_counter()
        rollups.rebuild_rollups()
        rebuild_s = round(time.perf_counter() - started, 1)
        _log(f"  roll-ups rebuilt in {rebuild_s} s")
    month = date(2025, 6, 1)
    started = time.perf_counter()
    rollups.refresh_rollups_for({month})
    refresh_s = time.perf_counter() - started

    client = Client()
    figures = {
        "vendor": connection.vendor,
        "lots": lots,
        "notices": notices,
        "rollup_rows": MonitorRollup.objects.count(),
        "generate_seconds": round(generate_s, 1),
        "rebuild_rollups_seconds": rebuild_s,
        "refresh_one_month_seconds": round(refresh_s, 2),
        # The machine is shared: the load around the timed requests says how busy it was.
        "load_average_before": [round(x, 1) for x in os.getloadavg()],
    }
    for name, path, count in (
        ("page", "/monitor/", n_requests),
        ("api_summary", "/api/v1/monitor/summary", n_requests),
        ("api_states", "/api/v1/monitor/states", n_requests),
        ("notice_list", "/monitor/bekanntmachungen/", max(10, n_requests // 10)),
    ):
        params = [_random_query(rng) for _ in range(count + 10)]
        if path.startswith("/api/v1/monitor/states"):
            params = [{k: v for k, v in p.items() if k in ("start", "end")} for p in params]
        elif path.startswith("/api/"):
            params = [{k: v for k, v in p.items() if k != "kind"} for p in params]
        figures[name] = _time(client, path, params)
        _log(f"  {name}: median {figures[name]['median_ms']} ms, p95 {figures[name]['p95_ms']} ms")
    # The default view (no query string), as most visitors see it: after the first request the
    # statistics fragment comes from the cache, so this is the site frame plus a cache lookup.
    figures["page_cached"] = _time(client, "/monitor/", [{}] * (n_requests + 10))
    _log(
        f"  page_cached: median {figures['page_cached']['median_ms']} ms, "
        f"p95 {figures['page_cached']['p95_ms']} ms"
    )
    figures["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    return figures


def _make_site() -> None:
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage
    from beschaffungsallianz.monitor.models import MonitorPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="bench-start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    home.add_child(instance=MonitorPage(title="Vergabemonitor", slug="monitor"))


# --- parent: one child per database ----------------------------------------------------------


def _targets() -> list[str]:
    targets = [f"sqlite:///{ROOT / 'var' / 'bench' / 'monitor_stats.sqlite3'}"]
    pg = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL") or ""
    if pg.startswith(("postgres://", "postgresql://")):
        targets.append(pg.rsplit("/", 1)[0] + f"/{BENCH_DB}")
    return targets


def main(argv: list[str]) -> dict:
    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    n_lots = int(options.get("lots", 1_000_000))
    n_requests = int(options.get("requests", 200))
    only = options.get("db")  # sqlite | postgresql
    reuse = "--reuse" in argv
    results = {}
    for url in _targets():
        vendor = "sqlite" if url.startswith("sqlite") else "postgresql"
        if only and vendor != only:
            continue
        print(f"monitor_stats: {vendor}, {n_lots:,} lots, {n_requests} requests each", flush=True)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.monitor_stats",
                "--child",
                url,
                str(n_lots),
                str(n_requests),
                *(["--reuse"] if reuse else []),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        )
        sys.stdout.write(proc.stderr[-4000:] if proc.returncode else "")
        if proc.returncode:
            results[vendor] = {"error": proc.stderr.strip().splitlines()[-1:]}
            continue
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        for name in ("page", "api_summary", "api_states"):
            figures[name]["target_met"] = figures[name]["p95_ms"] < TARGET_P95_MS
            print(
                f"  {name}: median {figures[name]['median_ms']} ms, p95 "
                f"{figures[name]['p95_ms']} ms (target < {TARGET_P95_MS:.0f} ms: "
                f"{'met' if figures[name]['target_met'] else 'NOT met'})",
                flush=True,
            )
        print(
            f"  generated in {figures['generate_seconds']} s; roll-ups rebuilt in "
            f"{figures['rebuild_rollups_seconds']} s; one month refreshed in "
            f"{figures['refresh_one_month_seconds']} s; notice list p95 "
            f"{figures['notice_list']['p95_ms']} ms; default view (cached statistics) median "
            f"{figures['page_cached']['median_ms']} ms, p95 {figures['page_cached']['p95_ms']} "
            f"ms; load average "
            f"{figures['load_average_before']} before, {figures['load_average_after']} after",
            flush=True,
        )
        results[vendor] = figures
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        print(
            json.dumps(
                child(
                    sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), reuse="--reuse" in sys.argv[5:]
                )
            )
        )
    else:
        print(json.dumps(main(sys.argv[1:]), indent=2))
