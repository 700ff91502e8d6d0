"""Benchmark: faceted search over 100,000 practice examples (page and API).

    python -m benchmarks knowledge [--examples=N] [--requests=N] [--reuse]

Runs once on SQLite (a fresh file in var/bench/) and, when DATABASE_URL or BENCH_POSTGRES_URL
points to PostgreSQL, once on PostgreSQL in a database of its own (dropped and re-created): the
database BENCH_POSTGRES_URL names, else ``ba_bench_knowledge`` plus ``$BENCH_DB_SUFFIX`` on the
server of DATABASE_URL. Each run is a child process with its own Django set-up:

1. migrate, load the reference data and the sample criteria, create the index page;
2. generate N synthetic live examples with bulk_create (states weighted by population, years
   2012-2025, 1-2 product groups, 0-3 labels of those groups, 1-3 criteria at their stages,
   titles and summaries from word pools; search_text stemmed as in production);
3. time GET /praxisbeispiele/ and GET /api/v1/examples with three filters and a full-text term
   (varying combinations), through Django's test client, after a warm-up.

Reports median and 95th percentile in milliseconds. Method and figures: docs/performance.md.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ba_bench_knowledge" + os.environ.get("BENCH_DB_SUFFIX", "")
TARGET_P95_MS = 100.0

# Population-like weights, so that a state filter selects realistic shares.
STATE_WEIGHTS = {
    "NW": 18,
    "BY": 13,
    "BW": 11,
    "NI": 8,
    "HE": 6,
    "SN": 4,
    "RP": 4,
    "BE": 4,
    "SH": 3,
    "BB": 3,
    "ST": 2,
    "TH": 2,
    "HH": 2,
    "MV": 2,
    "SL": 1,
    "HB": 1,
}
TOPICS = {
    "textilien": [
        "Dienstkleidung",
        "Arbeitskleidung",
        "Schutzkleidung",
        "Bettwäsche",
        "Handtücher",
    ],
    "naturstein": ["Grabsteine", "Pflastersteine", "Bordsteine"],
    "it-hardware": ["Notebooks", "Arbeitsplatzrechner", "Monitore", "Drucker"],
    "kaffee-tee-kakao": ["Kaffee", "Tee", "Kakao"],
    "blumen": ["Schnittblumen", "Blumenschmuck"],
    "spielwaren": ["Spielzeug", "Spielgeräte"],
    "sportartikel": ["Sportbälle", "Sportgeräte"],
    "papier": ["Recyclingpapier", "Kopierpapier", "Hygienepapier"],
    "moebel": ["Büromöbel", "Schulmöbel"],
    "fahrzeuge": ["Elektrofahrzeuge", "Dienstfahrzeuge", "Müllfahrzeuge"],
}
GROUP_WEIGHTS = [20, 6, 18, 12, 4, 3, 5, 16, 10, 6]
FILLER = (
    "Beschaffung der Stadtverwaltung mit sozialen und ökologischen Kriterien nach "
    "Marktdialog Angebote Bieter Zuschlag Nachweis Gütezeichen Lieferkette "
    "Rahmenvertrag Losaufteilung Erfahrungen Bewertung Kommune Landkreis Schule "
    "Kita Bauhof Feuerwehr Rathaus Verwaltung Einkauf fair nachhaltig regional"
).split()
TERMS = [
    "Dienstkleidungen",
    "Recyclingpapier",
    "Notebooks",
    "Kaffee",
    "Grabsteine",
    "Büromöbel",
    "Lieferkette",
    "Arbeitskleidung",
]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- child process: one database -------------------------------------------------------------


def _prepare_database(url: str, reuse: bool = False) -> None:
    if reuse and _existing_examples(url):
        return
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _existing_examples(url: str) -> int:
    """Live examples already in the benchmark database (for --reuse); 0 when there is none."""
    try:
        if url.startswith("sqlite"):
            import sqlite3

            path = Path(url.split("sqlite:///", 1)[1])
            if not path.exists():
                return 0
            with sqlite3.connect(path) as conn:
                return conn.execute(
                    "SELECT COUNT(*) FROM knowledge_practiceexample WHERE live"
                ).fetchone()[0]
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute(
                "SELECT COUNT(*) FROM knowledge_practiceexample WHERE live"
            ).fetchone()[0]
    except Exception:  # no database or no table yet (any driver error): nothing to reuse
        return 0


def _generate(n: int, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from beschaffungsallianz.knowledge.models import (
        Criterion,
        Label,
        PracticeCriterion,
        PracticeExample,
        ProductGroup,
    )

    groups = list(ProductGroup.objects.all())
    labels_of = {g.id: list(Label.objects.filter(product_groups=g)) for g in groups}
    criteria_of = {g.id: list(Criterion.objects.filter(product_groups=g)) for g in groups}
    all_criteria = list(Criterion.objects.all())
    states, state_w = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    group_w = [GROUP_WEIGHTS[i % len(GROUP_WEIGHTS)] for i in range(len(groups))]
    sizes = [c for c, _ in PracticeExample.SizeClass.choices]
    volumes = [c for c, _ in PracticeExample.VolumeClass.choices]
    procedures = [c for c, _ in PracticeExample.ProcedureType.choices]
    from beschaffungsallianz.knowledge.search import text

    stem_cache: dict[str, str] = {}

    def stemmed(word: str) -> str:
        if word not in stem_cache:
            stem_cache[word] = text.stem_text(word)
        return stem_cache[word]

    now = timezone.now()
    batch = 5000
    pg_link = PracticeExample.product_groups.through
    label_link = PracticeExample.labels.through
    for start in range(0, n, batch):
        examples, picks = [], []
        for i in range(start, min(n, start + batch)):
            chosen = list(
                {g.id: g for g in rng.choices(groups, group_w, k=rng.choice([1, 1, 2]))}.values()
            )
            topic = rng.choice(TOPICS.get(chosen[0].slug, ["Beschaffung"]))
            state = rng.choices(states, state_w)[0]
            words = rng.sample(FILLER, 14)
            title = f"{topic} für {rng.choice(['die Verwaltung', 'Schulen', 'den Bauhof'])}"
            summary = " ".join(words)
            parts = [title, title, summary, f"Kommune {i % 3000}", state]
            parts += [g.name for g in chosen]
            labels = list({lb.id: lb for g in chosen for lb in labels_of[g.id]}.values())
            labels = rng.sample(labels, min(len(labels), rng.randint(0, 3)))
            crits = (
                list({c.id: c for g in chosen for c in criteria_of[g.id]}.values()) or all_criteria
            )
            crits = rng.sample(crits, min(len(crits), rng.randint(1, 3)))
            parts += [lb.name for lb in labels] + [c.title for c in crits]
            search_text = " ".join(stemmed(w) for p in parts for w in p.split())
            examples.append(
                PracticeExample(
                    title=title,
                    slug=f"bench-{i}",
                    summary=summary,
                    buyer_name=f"Kommune {i % 3000}",
                    buyer_kind="municipality",
                    state=state,
                    size_class=rng.choice(sizes),
                    year=rng.randint(2012, 2025),
                    volume_class=rng.choice(volumes),
                    procedure_type=rng.choice(procedures),
                    is_demo=True,
                    live=True,
                    first_published_at=now - datetime.timedelta(minutes=i),
                    search_text=search_text,
                )
            )
            picks.append((chosen, labels, crits))
        with transaction.atomic():
            created = PracticeExample.objects.bulk_create(examples)  # not save(): text is set
            pg_link.objects.bulk_create(
                [
                    pg_link(practiceexample_id=e.id, productgroup_id=g.id)
                    for e, (gs, _l, _c) in zip(created, picks, strict=True)
                    for g in gs
                ]
            )
            label_link.objects.bulk_create(
                [
                    label_link(practiceexample_id=e.id, label_id=lb.id)
                    for e, (_g, ls, _c) in zip(created, picks, strict=True)
                    for lb in ls
                ]
            )
            PracticeCriterion.objects.bulk_create(
                [
                    PracticeCriterion(
                        example_id=e.id, criterion_id=c.id, stage=c.stage, sort_order=k
                    )
                    for e, (_g, _l, cs) in zip(created, picks, strict=True)
                    for k, c in enumerate(cs)
                ]
            )
        _log(f"  generated {min(n, start + batch):,} examples")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _queries(rng: random.Random, count: int) -> list[tuple[dict, dict]]:
    """(page params, API params): three filters and a text term each."""
    from beschaffungsallianz.knowledge.models import ProductGroup

    groups = list(ProductGroup.objects.values_list("slug", flat=True))
    states = list(STATE_WEIGHTS)
    result = []
    for _ in range(count):
        state, group = rng.choice(states), rng.choice(groups)
        kind = rng.choice(["social", "ecological"])
        term = rng.choice(TERMS)
        page = {"land": state, "produktgruppe": group, "art": kind, "q": term}
        api = {"state": state, "product_group": group, "kind": kind, "q": term}
        result.append((page, api))
    return result


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def child(url: str, n_examples: int, n_requests: int, reuse: bool = False) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beschaffungsallianz.settings.test")
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # search terms no cache helps: every request searches
    reuse = reuse and _existing_examples(url) == n_examples
    _prepare_database(url, reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from beschaffungsallianz.knowledge import demo
    from beschaffungsallianz.knowledge.loaders import load_reference_data
    from beschaffungsallianz.knowledge.models import FacetIndexVersion

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(20261126)
    if reuse:
        _log(f"  reusing the {n_examples:,} examples of the existing database")
        generate_s = 0.0
    else:
        load_reference_data()
        demo.ensure_criteria(sys.stderr)
        _make_site()
        _log(f"  set up in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        _generate(n_examples, rng)
        generate_s = time.perf_counter() - started

    # bulk_create sends no signals: tell the facet index (search/index.py) that data changed
    FacetIndexVersion.bump()
    figures = {
        "vendor": connection.vendor,
        "examples": n_examples,
        "generate_seconds": round(generate_s, 1),
        "index": _index_figures(),
    }
    client = Client()
    for name, path, which in (("page", "/praxisbeispiele/", 0), ("api", "/api/v1/examples", 1)):
        queries = _queries(rng, n_requests + 10)
        timings, cpu, hits = [], [], []
        for i, pair in enumerate(queries):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(path, pair[which])
            elapsed = (time.perf_counter() - t0) * 1000
            cpu_ms = (time.process_time() - c0) * 1000
            assert response.status_code == 200, (path, pair[which], response.status_code)
            if i >= 10:  # warm-up
                timings.append(elapsed)
                cpu.append(cpu_ms)
                if which == 1:
                    hits.append(response.json()["count"])
        figures[name] = {
            "requests": len(timings),
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_percentile(timings, 95), 1),
            "max_ms": round(max(timings), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_percentile(cpu, 95), 1),
        }
        if hits:
            figures[name]["median_results"] = statistics.median(hits)
        _log(
            f"  {name}: median {figures[name]['median_ms']} ms, "
            f"p95 {figures[name]['p95_ms']} ms (this process's CPU: median "
            f"{figures[name]['cpu_median_ms']} ms, p95 {figures[name]['cpu_p95_ms']} ms)"
        )
    figures["after_edit"] = _after_edit(client, rng)
    figures["load_average"] = [round(x, 1) for x in os.getloadavg()]  # 1, 5, 15 minutes
    _log(f"  load average: {figures['load_average']}")
    _log(f"  first request after an edit: {figures['after_edit']}")
    return figures


def _index_figures() -> dict:
    """Build time and memory of the facet index (what the first request after a change pays)."""
    import tracemalloc

    from beschaffungsallianz.knowledge.search import index as facet_index

    builds = []
    for _ in range(3):
        facet_index.clear()
        t0 = time.perf_counter()
        facet_index.get()
        builds.append((time.perf_counter() - t0) * 1000)
    facet_index.clear()
    tracemalloc.start()
    facet_index.get()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "build_ms": [round(b) for b in builds],
        "retained_mb": round(retained / 2**20, 1),
        "peak_mb": round(peak / 2**20, 1),
    }
    _log(
        f"  facet index: build {figures['build_ms']} ms, {figures['retained_mb']} MB "
        f"(peak {figures['peak_mb']} MB while building)"
    )
    return figures


def _after_edit(client, rng: random.Random) -> dict:
    """Save one example (signals replace the index token), then time the next API request."""
    from beschaffungsallianz.knowledge.models import PracticeExample

    timings = []
    for _page, api in _queries(rng, 3):
        example = PracticeExample.objects.filter(live=True).order_by("?").first()
        example.summary += " Nachtrag."
        example.save()
        t0 = time.perf_counter()
        assert client.get("/api/v1/examples", api).status_code == 200
        timings.append(round((time.perf_counter() - t0) * 1000))
    return {"api_ms": timings}


def _make_site() -> None:
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage
    from beschaffungsallianz.knowledge.models import PracticeExampleIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="bench-start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    home.add_child(
        instance=PracticeExampleIndexPage(title="Praxisbeispiele", slug="praxisbeispiele")
    )


# --- parent: one child per database ----------------------------------------------------------


def _targets() -> list[str]:
    targets = [f"sqlite:///{ROOT / 'var' / 'bench' / 'knowledge.sqlite3'}"]
    if os.environ.get("BENCH_POSTGRES_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["BENCH_POSTGRES_URL"])
    elif os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{BENCH_DB}")
    return targets


def main(argv: list[str]) -> dict:
    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    n_examples = int(options.get("examples", 100_000))
    n_requests = int(options.get("requests", 200))
    reuse = "--reuse" in argv
    results = {}
    for url in _targets():
        vendor = "sqlite" if url.startswith("sqlite") else "postgresql"
        print(
            f"knowledge: {vendor}, {n_examples:,} examples, {n_requests} requests each", flush=True
        )
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.knowledge",
                "--child",
                url,
                str(n_examples),
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
        for name in ("page", "api"):
            figures[name]["target_met"] = figures[name]["p95_ms"] < TARGET_P95_MS
            print(
                f"  {name}: median {figures[name]['median_ms']} ms, p95 "
                f"{figures[name]['p95_ms']} ms (target < {TARGET_P95_MS:.0f} ms: "
                f"{'met' if figures[name]['target_met'] else 'NOT met'})",
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
