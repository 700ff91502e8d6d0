"""Full-page screenshots of every demo page at several widths, to look at what you built.

    .venv/bin/python scripts/screenshots.py                      # every page, 320/390/1280 px
    .venv/bin/python scripts/screenshots.py --only kriterien     # URLs matching a regex
    .venv/bin/python scripts/screenshots.py --widths 390 /guetezeichen/ /en/
    .venv/bin/python scripts/screenshots.py --fresh              # rebuild the demo database

It builds (or updates) a demo database of its own (``var/screenshots/demo.sqlite3``: migrate
and ``load_demo_content``, both idempotent; ``--fresh`` starts over), starts
``manage.py runserver`` with the development settings on a free port, and visits the pages
of ``beschaffungsallianz/core/tests/demo_pages.py``, the list the browser layout check uses:
the live page tree in German and English, one linked page of each kind (example, label,
comparison, state, criterion, notice, publication, rules of procedure with a version and a
comparison, …), search, and the forms showing their errors. URLs given on the command line
replace that list. Each page is loaded once and photographed at every width (full page) as
``var/screenshots/<nn>-<page>--<width>.png``; ``index.txt`` there lists URL, status and files.
Open the PNGs with an image viewer (or your editor's file tool). Needs Debian's chromium
(``CHROMIUM_PATH`` to override); the server runs with DEBUG, so the 404 page shows Django's
debug page and is left out. Old PNGs in the output folder are removed first.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", help="only these paths (default: every demo page)")
    parser.add_argument("--widths", default="320,390,1280", help="comma-separated CSS px")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"), help="output folder")
    parser.add_argument("--only", help="only pages whose URL matches this regular expression")
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database first")
    parser.add_argument("--port", type=int, help="port of the dev server (default: a free one)")
    parser.add_argument(
        "--check", action="store_true", help="also print what the browser layout check finds"
    )
    parser.add_argument("--no-png", action="store_true", help="take no screenshots (with --check)")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(out, fresh):
    """Environment for manage.py and this process: a demo SQLite file and media of our own."""
    database = out / "demo.sqlite3"
    if fresh:
        for path in out.glob("demo.sqlite3*"):
            path.unlink()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="beschaffungsallianz.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(out / "media"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_content", "--no-accounts"]):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    return manage, env


def start_server(manage, env, port):
    server = subprocess.Popen(  # our own manage.py, fixed arguments
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("the dev server did not start (run manage.py runserver to see why)")
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"the dev server did not answer on port {port}")


def file_stem(number, demo_page):
    slug = re.sub(r"[^a-z0-9]+", "-", demo_page.url.lower()).strip("-") or "home"
    if demo_page.submit_empty:
        slug += "-errors"
    return f"{number:02d}-{slug[:80]}"


def main():
    args = parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    widths = [int(width) for width in args.widths.split(",")]
    manage, env = prepare_database(out, args.fresh)

    import django  # after the environment names the demo database

    django.setup()
    from playwright.sync_api import sync_playwright

    from beschaffungsallianz.core.tests import demo_pages
    from beschaffungsallianz.core.tests.layout import layout_problems

    tree_urls = demo_pages.tree_urls()
    for old in [] if args.no_png else out.glob("*.png"):
        old.unlink()
    port = args.port or free_port()
    server = start_server(manage, env, port)
    base_url = f"http://127.0.0.1:{port}"
    index = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(locale="de-DE", base_url=base_url)
            context.set_default_timeout(30_000)
            pw_page = context.new_page()
            pw_page.set_viewport_size({"width": widths[0], "height": 800})
            visits = demo_pages.visit_demo_pages(
                pw_page,
                base_url,
                args.urls or tree_urls,
                crawl=not args.urls,
                not_found=False,  # DEBUG shows Django's technical 404 page instead of ours
            )
            number = 0
            for demo_page, status in visits:
                if args.only and not re.search(args.only, demo_page.url):
                    continue
                number += 1
                print(f"{status} {demo_page.label}", flush=True)
                files = []
                for width in widths:
                    pw_page.set_viewport_size({"width": width, "height": 800})
                    if args.check:
                        for problem in layout_problems(pw_page):
                            print(f"  {width}px {problem}")
                    if not args.no_png:
                        path = out / f"{file_stem(number, demo_page)}--{width}.png"
                        pw_page.screenshot(path=path, full_page=True)
                        files.append(path.name)
                pw_page.set_viewport_size({"width": widths[0], "height": 800})
                index.append(f"{demo_page.label}\t{status}\t{' '.join(files)}")
            browser.close()
    finally:
        server.terminate()
        server.wait()
    (out / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(index)} pages x {len(widths)} widths in {out}")


if __name__ == "__main__":
    main()
