"""Benchmark: the members' exchange with 10,000 threads and 100,000 posts.

    python -m benchmarks exchange [--threads=N] [--posts=N] [--requests=N]

Runs once on SQLite (a fresh file in var/bench/) and, when DATABASE_URL or BENCH_POSTGRES_URL
points to PostgreSQL, once on PostgreSQL in a database of its own (``ba_bench_exchange`` plus
``$BENCH_DB_SUFFIX`` on the server of DATABASE_URL, dropped and re-created). Each run is a
child process with its own Django set-up:

1. migrate, a home page, 200 confirmed members (profiles, half of them in the directory);
2. bulk_create N threads (topics spread over product groups, stages, states) and M posts: one
   opening post per thread, one thread with 200 replies, the rest of the replies at random;
   ``search_text`` stemmed as in production (from a pool of texts); the member follows 50
   threads and has visited the start page a week ago;
3. time, as that member through Django's test client after a warm-up: the start page, page 1
   and page 4 of the thread with 200 replies (50 posts a page), the thread list and a search.

Reports median and 95th percentile in milliseconds, the queries per page and the load average.
Method and figures: docs/performance.md ("Members' exchange").
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

from benchmarks.knowledge import _log, _percentile, _prepare_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ba_bench_exchange" + os.environ.get("BENCH_DB_SUFFIX", "")
TARGET_P95_MS = 100.0
BIG_THREAD_REPLIES = 200
MEMBERS = 200
# Common words fill every text; each text has two topical words, so a search term matches a
# realistic share of the posts (about one in ten), not nearly all of them.
FILLER = (
    "wir haben die der das und mit für eine einen bei nach auch noch nicht sehr gute "
    "Erfahrung Frage Antwort Kommune Landkreis Vergabestelle Angebot Bieter Frist"
).split()
TOPICAL = (
    "Dienstkleidung Recyclingpapier Notebooks Pflastersteine Kaffee Nachweis Gütezeichen "
    "Lieferkette Rahmenvertrag Losaufteilung Zuschlag Eignung Markterkundung Sozialstandard "
    "Leistungsbeschreibung Ausführungsbedingung Kontrolle Bauhof Schulmöbel Elektrofahrzeuge"
).split()


def _text(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(FILLER) for _ in range(words)] + rng.sample(TOPICAL, 2)
    rng.shuffle(chosen)
    return " ".join(chosen).capitalize() + "."


def _generate(n_threads: int, n_posts: int, rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from beschaffungsallianz.accounts.models import Profile
    from beschaffungsallianz.core.roles import MEMBER_GROUP
    from beschaffungsallianz.core.states import STATE_CHOICES
    from beschaffungsallianz.exchange.markup import render_body
    from beschaffungsallianz.exchange.models import Post, Subscription, Thread, Visit
    from beschaffungsallianz.knowledge.models import ProductGroup, TenderStage
    from beschaffungsallianz.knowledge.search.text import stem_text

    user_model = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        users = user_model.objects.bulk_create(
            user_model(username=f"mitglied{i}", email=f"mitglied{i}@example.org")
            for i in range(MEMBERS)
        )
        users = list(user_model.objects.order_by("pk"))
        group = Group.objects.get(name=MEMBER_GROUP)
        group.user_set.add(*users)
        Profile.objects.bulk_create(
            Profile(
                user=user,
                name=f"Mitglied {i}",
                organisation_name=f"Kommune {i % 40}",
                state=STATE_CHOICES[i % 16][0],
                status=Profile.Status.VERIFIED,
                show_contact=i % 2 == 0,
            )
            for i, user in enumerate(users)
        )
        groups = list(ProductGroup.objects.all()) or [None]
        stages = [""] + [value for value, _label in TenderStage.choices]
        states = [""] + [code for code, _name in STATE_CHOICES]
        threads = Thread.objects.bulk_create(
            Thread(
                title=_text(rng, 6)[:-1] + "?",
                author=rng.choice(users),
                product_group=rng.choice(groups),
                tender_stage=rng.choice(stages),
                state=rng.choice(states),
                last_post_at=now - datetime.timedelta(minutes=rng.randrange(525_600)),
            )
            for _ in range(n_threads)
        )
        pool = [_text(rng, rng.randrange(20, 120)) for _ in range(500)]
        stems = [stem_text(body) for body in pool]
        html = [render_body(body) for body in pool]
        big = threads[0]
        replies = n_posts - n_threads
        per_thread = {big.pk: BIG_THREAD_REPLIES}
        for _ in range(replies - BIG_THREAD_REPLIES):
            thread = rng.choice(threads[1:])
            per_thread[thread.pk] = per_thread.get(thread.pk, 0) + 1
        batch: list[Post] = []
        for thread in threads:
            items = [(True, None)] + [(False, None)] * per_thread.get(thread.pk, 0)
            for opening, _unused in items:
                k = rng.randrange(len(pool))
                batch.append(
                    Post(
                        thread=thread,
                        author=rng.choice(users),
                        body=pool[k],
                        is_opening=opening,
                        search_text=(stem_text(thread.title) + " " if opening else "") + stems[k],
                        body_html=html[k],
                    )
                )
            if len(batch) >= 5000:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
        for thread in threads:
            thread.reply_count = per_thread.get(thread.pk, 0)
        Thread.objects.bulk_update(threads, ["reply_count"], batch_size=2000)
        member = users[0]
        Subscription.objects.bulk_create(
            Subscription(user=member, thread=thread) for thread in rng.sample(threads, 50)
        )
        Visit.objects.create(user=member, seen_at=now - datetime.timedelta(days=7))
    return member, big


def _make_site() -> None:
    from wagtail.models import Page, Site

    from beschaffungsallianz.core.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="bench-start"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)


def _time(client, path: str, n_requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, cpu = [], []
    for i in range(n_requests + 5):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(path)
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (path, response.status_code)
        if i >= 5:  # warm-up
            timings.append(elapsed)
            cpu.append((time.process_time() - c0) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "requests": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(_percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
        # this process's CPU per request: what the machine's load does not inflate (the
        # database's own work on PostgreSQL is in the other process, not in this figure)
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(_percentile(cpu, 95), 1),
        "queries": len(queries),
    }


def child(url: str, n_threads: int, n_posts: int, n_requests: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beschaffungsallianz.settings.test")
    _prepare_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from beschaffungsallianz.knowledge.loaders import load_reference_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference_data()
    _make_site()
    member, big = _generate(n_threads, n_posts, random.Random(20261129))
    generate_s = time.perf_counter() - started
    _log(f"  set up and generated in {generate_s:.0f} s")
    client = Client()
    client.force_login(member)
    pages = {
        "start": "/mitgliederbereich/",
        "thread_200_replies": f"/mitgliederbereich/austausch/{big.pk}/",
        "thread_200_replies_last_page": f"/mitgliederbereich/austausch/{big.pk}/?seite=5",
        "thread_list": "/mitgliederbereich/austausch/",
        "search": "/mitgliederbereich/austausch/?q=Dienstkleidung+Lieferkette",
    }
    figures = {
        "vendor": connection.vendor,
        "threads": n_threads,
        "posts": n_posts,
        "generate_seconds": round(generate_s, 1),
    }
    for name, path in pages.items():
        figures[name] = _time(client, path, n_requests)
        _log(f"  {name}: {figures[name]}")
    figures["load_average"] = [round(x, 1) for x in os.getloadavg()]
    _log(f"  load average: {figures['load_average']}")
    return figures


def _targets() -> list[str]:
    targets = [f"sqlite:///{ROOT / 'var' / 'bench' / 'exchange.sqlite3'}"]
    if os.environ.get("BENCH_POSTGRES_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["BENCH_POSTGRES_URL"])
    elif os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{BENCH_DB}")
    return targets


def main(argv: list[str]) -> dict:
    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    n_threads = int(options.get("threads", 10_000))
    n_posts = int(options.get("posts", 100_000))
    n_requests = int(options.get("requests", 100))
    results = {}
    for url in _targets():
        vendor = "sqlite" if url.startswith("sqlite") else "postgresql"
        print(f"exchange: {vendor}, {n_threads:,} threads, {n_posts:,} posts", flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.exchange", "--child", url]
            + [str(n_threads), str(n_posts), str(n_requests)],
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
        for name, value in figures.items():
            if isinstance(value, dict):
                value["target_met"] = value["p95_ms"] < TARGET_P95_MS
                print(
                    f"  {name}: median {value['median_ms']} ms, p95 {value['p95_ms']} ms "
                    f"(CPU median {value['cpu_median_ms']}, p95 {value['cpu_p95_ms']}), "
                    f"{value['queries']} queries (target < {TARGET_P95_MS:.0f} ms: "
                    f"{'met' if value['target_met'] else 'NOT met'})",
                    flush=True,
                )
        results[vendor] = figures
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], *(int(a) for a in sys.argv[3:6]))))
    else:
        print(json.dumps(main(sys.argv[1:]), indent=2))
