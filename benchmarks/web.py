"""Benchmark: public pages under the production settings against Django's own floor.

    python -m benchmarks web [--seconds=10] [--connections=16] [--db=sqlite|postgresql]
                             [--reuse] [--pages=/,/projekt/] [--no-uncached]

For each database (SQLite in ``var/bench/web.sqlite3``; PostgreSQL in ``ba_bench_web`` plus
``$BENCH_DB_SUFFIX`` when ``BENCH_POSTGRES_URL`` or ``DATABASE_URL`` points to PostgreSQL) the
benchmark

1. prepares the database once: ``migrate`` and ``load_demo_content`` (``--reuse`` keeps a
   database that already has the demo content), and ``collectstatic`` into ``var/bench/static``;
2. starts the site with gunicorn (2 sync workers, ``beschaffungsallianz.settings.production``,
   ``CACHE_URL`` = Redis when ``BENCH_REDIS_URL`` is set, else the database cache), requests
   arrive as if through the TLS proxy (``X-Forwarded-Proto: https``);
3. loads every page with ``wrk`` (Debian package) for the same number of seconds and
   connections, once with the page cache on (the production default) and once with
   ``PAGE_CACHE_SECONDS=0`` (uncached: every request renders the page);
4. loads the floor — a minimal Django project (``benchmarks/floor/``) whose one view renders one
   small template, served the same way — for the same time, in the same run;
5. loads ``/`` with 64 connections (errors and timeouts must be zero) and the knowledge search
   with 50 distinct terms (percent-encoded), each request with a parameter ``r`` never sent
   before, so that the page cache cannot answer it (p95 and errors reported; every term is
   asked once before, so that both workers have loaded the compound splitter).

It reports requests/s, p50 and p99 per page, the geometric mean over the pages and its ratio to
the floor, cached and uncached. Method and figures: docs/performance.md ("Public pages").
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DB = "ba_bench_web" + os.environ.get("BENCH_DB_SUFFIX", "")
PYTHON = sys.executable

# The twelve pages, then the pages added since (events, newsletter, library, hubs, …).
PAGES = [
    "/",
    "/projekt/",
    "/arbeitskreis/mitglieder/",
    "/publikationen/",
    "/aktuelles/",
    "/praxisbeispiele/",
    "/praxisbeispiele/?q=Dienstkleidung",
    "/guetezeichen/",
    "/laender/",
    "/kriterien/",
    "/monitor/",
    "/en/",
]
EXTRA_PAGES = [
    "/termine/",
    "/informationsangebote/",
    "/newsletter/",
    "/produktgruppen/",
    "/suche/?q=Arbeitskleidung",
]

# Fifty distinct search terms for the knowledge search (the words people type).
SEARCH_TERMS = (
    "Dienstkleidung Arbeitskleidung Berufskleidung Kleidung Textilien Bettwäsche Handtücher "
    "Schutzkleidung Naturstein Grabsteine Pflastersteine Kinderarbeit Notebooks Computer "
    "Monitore Drucker Kaffee Tee Kakao Schnittblumen Spielzeug Sportbälle Recyclingpapier "
    "Kopierpapier Hygienepapier Büromöbel Schulmöbel Elektrofahrzeuge Dienstfahrzeuge "
    "Müllfahrzeuge Lieferkette Fairtrade Gütezeichen Zuschlag Ausführungsbedingungen Eignung "
    "Leistungsbeschreibung Markterkundung Rahmenvertrag Kommune Landkreis Schule Kita Bauhof "
    "Feuerwehr Rathaus Mensa Catering Reinigung Energie"
).split()

WRK_SCRIPT = r"""
local paths = nil
local i = 0
local n = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  if #args > 0 then paths = args end
end
request = function()
  if paths then
    -- every request a URL never asked before (the page cache must not answer it)
    i = (i % #paths) + 1
    n = n + 1
    return wrk.format("GET", paths[i] .. "&r=" .. tid .. "-" .. n)
  end
  return wrk.format()
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""


def _log(message: str) -> None:
    print(message, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url() -> str:
    for name in ("BENCH_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return ""


def _targets(only: str) -> list[tuple[str, str]]:
    targets = [("sqlite", f"sqlite:///{BENCH_DIR / 'web.sqlite3'}")]
    pg = _postgres_url()
    if pg:
        targets.append(("postgresql", pg.rsplit("/", 1)[0] + f"/{BENCH_DB}"))
    return [t for t in targets if not only or t[0] == only]


def _env(database_url: str, cache_seconds: int | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "beschaffungsallianz.settings.production",
            "SECRET_KEY": "benchmark-" + "x" * 60,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(BENCH_DIR / "static"),
            "MEDIA_ROOT": str(BENCH_DIR / "media"),
            "DEMO_PASSWORD": "benchmark-password",
            "SECURE_SSL_REDIRECT": "true",
            "LOG_LEVEL": "WARNING",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    env["CACHE_URL"] = os.environ.get("BENCH_REDIS_URL") or "db://"
    if cache_seconds is not None:
        env["PAGE_CACHE_SECONDS"] = str(cache_seconds)
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def _prepare(label: str, database_url: str, reuse: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = _env(database_url)
    if label == "sqlite":
        path = BENCH_DIR / "web.sqlite3"
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif not reuse:
        import psycopg

        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    _log(f"web: {label}: migrate and demo content")
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo_content")
    _manage(env, "collectstatic", "--noinput", "--clear")


def _start(argv: list[str], env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    _stop(proc)
    raise RuntimeError("server did not listen within 60 s")


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def _gunicorn(app: str, env: dict, port: int) -> subprocess.Popen:
    argv = [
        str(Path(PYTHON).with_name("gunicorn")),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    return _start(argv, env, port)


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        # A URL on our own loopback server, never user input.
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wrk(base: str, path: str, seconds: int, connections: int, paths: list[str] | None = None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    argv = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "2s",
        "-H",
        "X-Forwarded-Proto: https",
        "-s",
        script.name,
        base + path,
    ]
    if paths:
        argv += ["--", *paths]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    result = json.loads(line[len("WRKJSON ") :])
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def _geomean(values: list[float]) -> float:
    values = [v for v in values if v > 0]
    if not values:
        return 0.0
    return math.exp(sum(math.log(v) for v in values) / len(values))


def _load_pages(base: str, pages: list[str], seconds: int, connections: int) -> dict:
    results = {}
    for path in pages:
        status = _get(base + path)  # warm-up, and the page must answer 200
        if status != 200:
            _log(f"  {path}: answers {status}, left out")
            continue
        result = _wrk(base, path, seconds, connections)
        results[path] = result
        _log(
            f"  {path:40} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
            f"p99 {result['p99']:7.1f} ms  errors {result['errors']}"
        )
    return results


def _floor(seconds: int, connections: int) -> dict:
    port = _free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.floor.settings")
    env["PYTHONPATH"] = str(ROOT)
    proc = _gunicorn("benchmarks.floor.wsgi:application", env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        _get(base + "/")
        result = _wrk(base, "/", seconds, connections)
    finally:
        _stop(proc)
    _log(
        f"  floor (one small template)               {result['rps']:8.1f} req/s  "
        f"p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms"
    )
    return result


def _site_run(label, database_url, pages, seconds, connections, cache_seconds) -> dict:
    port = _free_port()
    env = _env(database_url, cache_seconds)
    proc = _gunicorn("beschaffungsallianz.wsgi:application", env, port)
    base = f"http://127.0.0.1:{port}"
    mode = "cached" if cache_seconds is None else "uncached"
    try:
        _log(f"web: {label}, {mode}")
        results = _load_pages(base, pages, seconds, connections)
        extra = {}
        if cache_seconds is None:
            burst = _wrk(base, "/", seconds, 64)
            extra["home_64_connections"] = burst
            _log(
                f"  / with 64 connections: {burst['rps']:.1f} req/s, p99 {burst['p99']:.1f} ms, "
                f"errors {burst['errors']} (timeouts {burst['timeout']})"
            )
            # percent-encoded: wrk sends a URL as it is given, and gunicorn answers 400 to the
            # raw umlauts of six terms ("Bettwäsche", "Büromöbel", …)
            search_paths = [f"/praxisbeispiele/?q={quote(term)}" for term in SEARCH_TERMS]
            # every term once before the run (a parameter the run never sends, so no cached
            # page answers later): both workers have loaded the compound splitter's tables
            # (about a second, once per process; docs/search.md), which is start-up, not search
            for index, path in enumerate(search_paths):
                _get(f"{base}{path}&warm={index}")
            search = _wrk(base, search_paths[0], seconds, 4, paths=search_paths)
            extra["search_50_terms"] = search
            _log(
                f"  knowledge search, 50 terms, 4 connections: {search['rps']:.1f} req/s, "
                f"p50 {search['p50']:.1f} ms, p95 {search['p95']:.1f} ms, errors {search['errors']}"
            )
    finally:
        _stop(proc)
    return {"pages": results, **extra}


def main(argv: list[str]) -> dict:
    options = dict(a.lstrip("-").split("=", 1) if "=" in a else (a.lstrip("-"), "1") for a in argv)
    seconds = int(options.get("seconds", 10))
    connections = int(options.get("connections", 16))
    reuse = "reuse" in options
    pages = options["pages"].split(",") if "pages" in options else PAGES + EXTRA_PAGES
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    report = {"seconds": seconds, "connections": connections, "load_before": os.getloadavg()}
    for label, database_url in _targets(options.get("db", "")):
        _prepare(label, database_url, reuse)
        run = {"floor_before": _floor(seconds, connections)}
        run["cached"] = _site_run(label, database_url, pages, seconds, connections, None)
        if "no-uncached" not in options:
            run["uncached"] = _site_run(label, database_url, pages, seconds, connections, 0)
        run["floor_after"] = _floor(seconds, connections)
        floor = (run["floor_before"]["rps"] + run["floor_after"]["rps"]) / 2
        run["floor_rps"] = floor
        for mode in ("cached", "uncached"):
            if mode not in run:
                continue
            rates = [r["rps"] for r in run[mode]["pages"].values()]
            geo = _geomean(rates)
            run[f"{mode}_geomean"] = geo
            run[f"{mode}_ratio"] = geo / floor if floor else 0.0
            _log(
                f"web: {label}: {mode} geometric mean {geo:.1f} req/s = "
                f"{run[f'{mode}_ratio']:.3f} of the floor ({floor:.0f} req/s)"
            )
        report[label] = run
    report["load_after"] = os.getloadavg()
    return report
