"""Benchmark: the site search (/suche/ and /api/v1/search) at 100,000 practice examples plus
the demo content.

    python -m benchmarks search [--examples=N] [--requests=N] [--reuse]

Like ``benchmarks.knowledge`` (whose helpers it uses): a child process per database — SQLite in
var/bench/search.sqlite3 and, when DATABASE_URL or BENCH_POSTGRES_URL points to PostgreSQL,
``ba_bench_search`` (plus ``$BENCH_DB_SUFFIX``) on that server:

1. migrate, ``load_demo_content`` (pages, examples, criteria, labels, state laws, publications,
   events, news, notices, synonyms), then N synthetic live examples (bulk_create);
2. ``rebuild_search_index`` (timed: what an upgrade costs);
3. 50 distinct queries (single words, compounds, synonyms, two words, typos that find nothing
   and get suggestions), each as GET /suche/?q=… (the grouped overview), /suche/?q=…&art=example
   and /api/v1/search?q=…, after a warm-up, through Django's test client.

``--reuse`` keeps a benchmark database that already holds the N examples and its index (only
``migrate`` and ``ANALYZE``): for measuring a change of the read side again without the 5-minute
build. Reports median and 95th percentile in milliseconds; target p95 < 100 ms.
docs/performance.md.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time

from benchmarks import knowledge as kb

BENCH_DB = "ba_bench_search" + os.environ.get("BENCH_DB_SUFFIX", "")
TARGET_P95_MS = 100.0
QUERIES = [
    "Dienstkleidung",
    "Arbeitskleidung",
    "Berufskleidung",
    "Kleidung",
    "Schutzkleidung",
    "Bettwäsche",
    "Handtücher",
    "Grabsteine",
    "Pflastersteine",
    "Naturstein",
    "Notebooks",
    "Monitore",
    "Drucker",
    "IT",
    "Informationstechnik",
    "Kaffee",
    "Tee",
    "Kakao",
    "Schnittblumen",
    "Spielzeug",
    "Sportbälle",
    "Recyclingpapier",
    "Altpapier",
    "Kopierpapier",
    "Papier",
    "Büromöbel",
    "Elektrofahrzeuge",
    "Blauer Engel",
    "Fairtrade",
    "Geschäftsordnung",
    "Thüringen",
    "Tariftreue",
    "ILO-Kernarbeitsnormen",
    "Lieferkette",
    "Marktdialog",
    "Rahmenvertrag",
    "Kita",
    "Feuerwehr",
    "Bauhof Kleidung",
    "Schule Papier",
    "Verwaltung Notebooks",
    "fair nachhaltig",
    "Vergabegesetz",
    "Gütezeichen",
    "Fachtag",
    "Dienstkleidnug",
    "Recyclingpapeir",
    "Raumfahrt",
    "Quantencomputer Kaffee",
    "Sitzung",
]
PATHS = {
    "overview": lambda q: ("/suche/", {"q": q}),
    "kind": lambda q: ("/suche/", {"q": q, "art": "example"}),
    "api": lambda q: ("/api/v1/search", {"q": q}),
}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child(url: str, n_examples: int, n_requests: int, reuse: bool = False) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beschaffungsallianz.settings.test")
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # search terms no cache helps: every request searches
    reuse = reuse and kb._existing_examples(url) >= n_examples  # the demo's own examples too
    kb._prepare_database(url, reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from beschaffungsallianz.search import indexing
    from beschaffungsallianz.search.models import SearchEntry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if reuse:
        _log("  reusing the database and its index")
        counts = dict(SearchEntry.objects.values_list("kind").annotate(n=Count("id")))
        rebuild_s = None
    else:
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        _log(f"  demo content in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        kb._generate(n_examples, random.Random(20261129))
        _log(f"  {n_examples:,} examples in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        counts = indexing.rebuild()
        rebuild_s = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _log(f"  index rebuilt in {rebuild_s} s: {counts}")
    figures = {
        "vendor": connection.vendor,
        "entries": SearchEntry.objects.count(),
        "entries_by_kind": counts,
        "rebuild_seconds": rebuild_s,
    }
    client = Client()
    queries = (QUERIES * (n_requests // len(QUERIES) + 1))[:n_requests]
    for name, request in PATHS.items():
        for q in QUERIES[:10]:  # warm-up
            client.get(*request(q))
        timings = []
        for q in queries:
            t0 = time.perf_counter()
            response = client.get(*request(q))
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (name, q, response.status_code)
        figures[name] = {
            "requests": len(timings),
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(kb._percentile(timings, 95), 1),
            "max_ms": round(max(timings), 1),
        }
        _log(f"  {name}: median {figures[name]['median_ms']} ms, p95 {figures[name]['p95_ms']}")
    figures["load_average"] = [round(x, 1) for x in os.getloadavg()]
    return figures


def _targets() -> list[str]:
    targets = [f"sqlite:///{kb.ROOT / 'var' / 'bench' / 'search.sqlite3'}"]
    if os.environ.get("BENCH_POSTGRES_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["BENCH_POSTGRES_URL"])
    elif os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{BENCH_DB}")
    return targets


def main(argv: list[str]) -> dict:
    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    n_examples = int(options.get("examples", 100_000))
    n_requests = int(options.get("requests", 50))
    reuse = "--reuse" in argv
    results = {}
    for url in _targets():
        vendor = "sqlite" if url.startswith("sqlite") else "postgresql"
        print(f"search: {vendor}, {n_examples:,} examples, {n_requests} queries", flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.search", "--child", url]
            + [str(n_examples), str(n_requests)]
            + (["--reuse"] if reuse else []),
            cwd=kb.ROOT,
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        )
        sys.stdout.write(proc.stderr[-4000:])
        if proc.returncode:
            results[vendor] = {"error": proc.stderr.strip().splitlines()[-1:]}
            continue
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        for name in PATHS:
            figures[name]["target_met"] = figures[name]["p95_ms"] < TARGET_P95_MS
        results[vendor] = figures
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        reuse = "--reuse" in sys.argv[5:]
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), reuse)))
    else:
        print(json.dumps(main(sys.argv[1:]), indent=2))
