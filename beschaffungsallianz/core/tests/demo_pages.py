"""Every page of the demo site, for the browser layout check and ``scripts/screenshots.py``.

The live pages of the page tree (German and English), one page of each kind that those
pages link to or lead to with a GET form (detail pages, a filtered list, version and label
comparisons: one per "route shape", found while crawling), search results, the 404 page
and the forms showing their errors. ``visit_demo_pages`` loads them one by one in a
Playwright page and yields each while it is on screen, so a caller can check it or take
screenshots at several widths from one page load.
"""

import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from wagtail.models import Page

# Not HTML pages of the site (downloads, feeds, calendars, admin, API) and the language switch.
SKIP_PATH = re.compile(
    r"^/(en/)?(admin|django-admin|api|documents|media|static|i18n)/"
    r"|/(csv|xlsx|feed|kalender|calendar)/$|/kalender/[^/]+/$|\.[a-z0-9]{2,4}$"
)

EXTRA_URLS = [
    ("/suche/?q=Beschaffung", 200),
    ("/en/suche/?q=procurement", 200),
    # Account pages a visitor sees (no page in the tree links them into the crawl).
    ("/konto/registrieren/", 200),
    ("/konto/anmelden/", 200),
    ("/konto/passwort/zuruecksetzen/", 200),
    ("/en/konto/registrieren/", 200),
]
NOT_FOUND_URL = "/gibt-es-nicht/"
FORMS_WITH_ERRORS = ["/mitmachen/", "/praxisbeispiele/vorschlagen/", "/konto/registrieren/"]


@dataclass(frozen=True)
class DemoPage:
    url: str
    status: int = 200
    submit_empty: bool = False  # send the first form in <main> empty, to show its errors
    linked: bool = False  # found by following links, not in the page tree

    @property
    def label(self):
        return f"{self.url} with errors" if self.submit_empty else self.url


def load_demo(**options):
    """The demo content without accounts (``load_demo_content``, quietly)."""
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_content", no_accounts=True, stdout=devnull, **options)


def tree_urls():
    """URLs of the live pages of the tree, in tree order, both languages."""
    return [p.get_url() for p in Page.objects.filter(depth__gt=1).live().order_by("path")]


def route_shape(path, query, tree_paths):
    """Pages of one kind share a shape: a route below a tree page with its last segment
    wildcarded, with or without a query (filtered, paginated: one of them is enough)."""
    if path not in tree_paths:
        path = re.sub(r"[^/]+/$", "*/", path)
    return path, bool(query)


# Where a GET form in <main> leads to another page (e.g. the label comparison): its URL
# with the form's defaults and its first three checkboxes ticked.
FORM_TARGETS_JS = """forms => forms
  .filter((form) => (form.getAttribute('method') || 'get').toLowerCase() === 'get')
  .map((form) => {
    const action = new URL(form.getAttribute('action') || '', document.baseURI);
    if (action.pathname === location.pathname) return null;
    const data = new FormData(form);
    for (const box of [...form.querySelectorAll('input[type=checkbox]')].slice(0, 3)) {
      if (!box.checked) data.append(box.name, box.value);
    }
    action.search = new URLSearchParams(data).toString();
    return action.href;
  })
  .filter(Boolean)"""


def _linked_urls(pw_page, tree_paths, seen_shapes):
    """Same-site links and GET form targets in <main> of the current page, one per route
    shape not seen yet."""
    found = []
    hrefs = pw_page.eval_on_selector_all(  # SVG links too (tile maps), so via the attribute
        "main a[href]",
        "links => links.map((a) => new URL(a.getAttribute('href'), document.baseURI).href)",
    )
    hrefs += pw_page.eval_on_selector_all("main form", FORM_TARGETS_JS)
    for href in hrefs:
        parts = urlsplit(href)
        if urlsplit(pw_page.url).netloc != parts.netloc or SKIP_PATH.search(parts.path):
            continue
        shape = route_shape(parts.path, parts.query, tree_paths)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _load(pw_page, base_url, demo_page):
    """Load one page; for a form, send it empty without the browser's own checks so the
    server's error summary shows. Returns the HTTP status of the page on screen."""
    response = pw_page.goto(urljoin(base_url, demo_page.url))
    if not demo_page.submit_empty:
        return response.status
    pw_page.evaluate(
        "() => document.querySelectorAll('main form').forEach(f => { f.noValidate = true; })"
    )
    with pw_page.expect_navigation() as navigation:
        pw_page.locator("main form [type=submit]").first.click()
    return navigation.value.status


def visit_demo_pages(pw_page, base_url, urls, *, crawl=True, not_found=True):
    """Load every demo page in ``pw_page``; yield ``(DemoPage, status)`` while it is loaded.

    ``urls`` are the tree's pages (``tree_urls()``, read before Playwright runs: its event
    loop makes the ORM refuse synchronous queries). Links are collected after the caller
    resumes the generator, so the caller may resize the viewport in between. With
    ``crawl=False`` only ``urls`` are visited.
    """
    if not crawl:
        for demo_page in [DemoPage(url) for url in urls]:
            yield demo_page, _load(pw_page, base_url, demo_page)
        return
    tree_paths = set(urls)
    seen_shapes = {route_shape(url, "", tree_paths) for url in urls}
    queue = [DemoPage(url) for url in urls]
    for demo_page in queue:  # grows while it runs; the route shapes bound it
        status = _load(pw_page, base_url, demo_page)
        yield demo_page, status
        if status == 200:
            new = _linked_urls(pw_page, tree_paths, seen_shapes)
            queue += [DemoPage(url, linked=True) for url in new]
    extras = [DemoPage(url, status) for url, status in EXTRA_URLS]
    if not_found:
        extras.append(DemoPage(NOT_FOUND_URL, 404))
    extras += [DemoPage(url, submit_empty=True) for url in FORMS_WITH_ERRORS]
    for demo_page in extras:
        yield demo_page, _load(pw_page, base_url, demo_page)
