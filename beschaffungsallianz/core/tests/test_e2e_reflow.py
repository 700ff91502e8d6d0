"""WCAG 2.1 SC 1.4.10 Reflow: at 320 CSS pixels no page of the demo site scrolls sideways.

One demo load for the whole check: every live page of the tree (German and English), one
page of each kind that those pages link to (detail pages, filtered lists, version
comparisons), search, the 404 page and forms showing their errors. Data tables may scroll
inside their own focusable ``.kern-table-responsive`` region; the page as a whole may not.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from wagtail.models import Page

from beschaffungsallianz.core.tests.test_e2e_site import _load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 320

# Not HTML pages of the site (downloads, feeds, admin, API) and the language switch.
SKIP_PATH = re.compile(
    r"^/(en/)?(admin|django-admin|api|documents|media|static|i18n)/"
    r"|/(csv|feed)/$|\.[a-z0-9]{2,4}$"
)

# The page's overflow in one line: the boxes and texts that stick out on the right and are
# not clipped by a scrolling ancestor (cells of a table in its scroll region are; an
# absolutely positioned box escapes a scroll region that is not positioned itself),
# deepest and widest first.
OVERFLOW_JS = """() => {
  const width = Math.min(window.innerWidth, document.documentElement.clientWidth) + 0.5;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map((c) => '.' + c).join('');
  const outOfFlow = (el) => ['absolute', 'fixed'].includes(getComputedStyle(el).position);
  const clipped = (el) => {
    let escaping = outOfFlow(el);
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (!escaping && style.overflowX !== 'visible') return true;
      if (escaping && style.position !== 'static') escaping = outOfFlow(p);
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    const childSticksOut = [...el.children].some((c) => c.getBoundingClientRect().right > width);
    if (right > width && !childSticksOut && !clipped(el)) {
      found.push([right, describe(el), el.textContent.trim().slice(0, 40)]);
    }
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const parent = node.parentElement;
    // Text of screen-reader-only boxes (1px wide) is clipped; the box itself counts above.
    if (!node.textContent.trim() || parent.getBoundingClientRect().width <= 1) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const right = range.getBoundingClientRect().right;
    if (right > width && !clipped(parent)) {
      found.push([right, 'text in ' + describe(parent), node.textContent.trim().slice(0, 40)]);
    }
  }
  found.sort((a, b) => b[0] - a[0]);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: Math.floor(width),
    widest: found.slice(0, 5)
      .map(([right, what, text]) => `${what} to ${Math.round(right)}px "${text}"`),
  };
}"""


# Charts and maps drawn as SVG with a viewBox scale with the page: as wide as they may be
# at most, and as high as their viewBox's proportions say (no fixed height that leaves a
# tiny drawing in a tall box). Bars stretched on purpose use preserveAspectRatio="none".
UNSCALED_SVG_JS = """() => [...document.querySelectorAll('main svg[viewBox]')]
  .filter((svg) => svg.getAttribute('preserveAspectRatio') !== 'none')
  .map((svg) => {
    const [, , vbWidth, vbHeight] = svg.getAttribute('viewBox').split(/[\\s,]+/).map(Number);
    const box = svg.getBoundingClientRect();
    const room = svg.parentElement.getBoundingClientRect().width;
    const ratio = box.height && vbHeight ? (box.width / box.height) / (vbWidth / vbHeight) : 1;
    if (box.width <= room + 0.5 && Math.abs(ratio - 1) < 0.02) return null;
    return `svg.${svg.classList[0]} ${Math.round(box.width)}x${Math.round(box.height)}px`
      + ` in ${Math.round(room)}px for viewBox ${vbWidth}x${vbHeight}`;
  })
  .filter(Boolean)"""


def _overflow(page, label):
    """None if the page fits the viewport, else a line naming what sticks out."""
    result = page.evaluate(OVERFLOW_JS)
    svgs = page.evaluate(UNSCALED_SVG_JS)
    if result["scrollWidth"] <= result["width"] and not svgs:
        return None
    return f"{label}: {result['scrollWidth']}px wide at {result['width']}px; " + "; ".join(
        result["widest"] + svgs
    )


def _route_shape(path, query, tree_paths):
    """Pages of one kind share a shape: a route below a tree page with its last segment
    wildcarded, plus the names of the query parameters."""
    if path not in tree_paths:
        path = re.sub(r"[^/]+/$", "*/", path)
    return path, tuple(sorted({part.split("=")[0] for part in query.split("&") if part}))


def _linked_pages(page, tree_paths, seen_shapes):
    """Same-site links in <main> of the current page, one per route shape not seen yet."""
    found = []
    hrefs = page.eval_on_selector_all(  # SVG links too (tile maps), so via the attribute
        "main a[href]",
        "links => links.map((a) => new URL(a.getAttribute('href'), document.baseURI).href)",
    )
    for href in hrefs:
        parts = urlsplit(href)
        if urlsplit(page.url).netloc != parts.netloc or SKIP_PATH.search(parts.path):
            continue
        shape = _route_shape(parts.path, parts.query, tree_paths)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _submit_empty(page, url):
    """Send the first form in <main> without the browser's own checks, so the server's
    error summary and messages show."""
    page.goto(urljoin(page.base_url, url))
    page.evaluate("() => document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").count() == 1, f"{url}: no error summary after submit"


def test_every_demo_page_reflows_at_320_pixels_without_horizontal_scrolling(page):
    _load_demo()
    tree_urls = [p.get_url() for p in Page.objects.filter(depth__gt=1).live().order_by("path")]
    assert any(url.startswith("/en/") for url in tree_urls)
    tree_paths = set(tree_urls)
    page.set_viewport_size({"width": WIDTH, "height": 800})

    failures = []
    seen_shapes = {_route_shape(url, "", tree_paths) for url in tree_urls}
    linked = []
    for url in tree_urls:
        response = page.goto(page.base_url + url)
        assert response.status == 200, url
        assert page.locator("summary", has_text="Men").is_visible(), url  # compact menu
        failures.append(_overflow(page, url))
        linked += _linked_pages(page, tree_paths, seen_shapes)

    # One page of each kind linked from there (and from those): detail pages, filtered
    # and paginated lists, comparisons.
    for url in linked:  # grows while it runs; the shapes bound it
        response = page.goto(page.base_url + url)
        assert response.status == 200, url
        failures.append(_overflow(page, url))
        linked += _linked_pages(page, tree_paths, seen_shapes)
    assert any(re.search(r"^/praxisbeispiele/[^/?]+/$", url) for url in linked), linked
    assert any(re.search(r"^/monitor/bekanntmachungen/[^/?]+/$", url) for url in linked), linked

    extra = ["/suche/?q=Beschaffung", "/en/suche/?q=procurement", "/gibt-es-nicht/"]
    for url in extra:
        response = page.goto(page.base_url + url)
        assert response.status == (404 if url == "/gibt-es-nicht/" else 200), url
        failures.append(_overflow(page, url))

    for url in ["/mitmachen/", "/praxisbeispiele/vorschlagen/"]:
        _submit_empty(page, url)
        failures.append(_overflow(page, f"{url} with errors"))

    failures = [failure for failure in failures if failure]
    checked = len(tree_urls) + len(linked) + len(extra) + 2
    assert not failures, (
        f"{len(failures)} of {checked} pages scroll sideways at {WIDTH}px "
        "(WCAG 1.4.10; wrap wide tables in .kern-table-responsive):\n" + "\n".join(failures)
    )
