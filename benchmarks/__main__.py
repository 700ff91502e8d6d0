"""`make bench`: run every benchmark and print the figures (see docs/performance.md).

    python -m benchmarks                 # all
    python -m benchmarks search          # one area: knowledge | monitor_import | monitor_stats |
                                         # search | web | exchange

Each area module has ``main(argv) -> dict``. Benchmarks run on SQLite and, when DATABASE_URL or
BENCH_POSTGRES_URL points to PostgreSQL, on PostgreSQL too (each module documents how).
"""

import importlib
import json
import sys
import time

AREAS = ["knowledge", "monitor_import", "monitor_stats", "search", "web", "exchange"]


def main(argv: list[str]) -> int:
    areas = [a for a in argv if not a.startswith("-")] or AREAS
    unknown = sorted(set(areas) - set(AREAS))
    if unknown:
        print(f"unknown benchmark area(s): {', '.join(unknown)}; choose from {', '.join(AREAS)}")
        return 2
    options = [a for a in argv if a.startswith("-")]
    results = {}
    for area in areas:
        print(f"\n=== benchmark: {area}", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{area}")
        results[area] = module.main(options)
        print(f"=== {area} done in {time.perf_counter() - started:.0f} s", flush=True)
    print("\n" + json.dumps(results, indent=2, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
