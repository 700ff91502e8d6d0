"""Every demo page is laid out sensibly at 320, 390 and 1280 CSS pixels.

One demo load and one browser page for the whole check; each page is loaded once and
measured at every width (the viewport is resized in between). The pages
(``demo_pages.py``): the live page tree in German and English, one page of each kind they
link to (example, label, label comparison, state, criterion, notice, publication list
filters, rules of procedure version and comparison, …), search, the 404 page and the forms
showing their errors. What is measured (``layout.py``, its docstring defines each limit):

- no horizontal scrolling (WCAG 2.1 SC 1.4.10 Reflow; tables scroll in their own region),
- no word broken mid-word by the layout (hyphenation and addresses aside),
- no comma, full stop or bracket alone at the start of a line after a link,
- no button, badge, label, legend or navigation link narrower than its longest word,
- no badge stretched beyond its content, no table that scrolls at 1280px,
- no table row taller than its text needs in a narrow (10em) column, plus two lines,
- no page taller than twice the height its text needs, plus 1,500 px and its images.

``scripts/screenshots.py --check`` prints the same findings for pages you are working on.
"""

import re

import pytest

from beschaffungsallianz.core.tests import demo_pages
from beschaffungsallianz.core.tests.layout import layout_problems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 1280]

# One page of each kind must have been reached by following links and forms.
KINDS = {
    "example": r"^/praxisbeispiele/[^/?]+/$",
    "label": r"^/guetezeichen/[^/?]+/$",
    "label comparison": r"^/guetezeichen/vergleich/\?l=",
    "state": r"^/laender/[a-z]{2}/$",
    "criterion": r"^/kriterien/[^/?]+/$",
    "notice": r"^/monitor/bekanntmachungen/[^/?]+/$",
    "rules of procedure version": r"^/arbeitskreis/geschaeftsordnung/version/\d+/$",
    "rules of procedure comparison": r"^/arbeitskreis/geschaeftsordnung/vergleich/\?von=",
    "English example": r"^/en/praxisbeispiele/[^/?]+/$",
}


def test_every_demo_page_is_laid_out_without_squeezed_words_at_320_390_and_1280_pixels(page):
    demo_pages.load_demo()
    tree_urls = demo_pages.tree_urls()
    assert any(url.startswith("/en/") for url in tree_urls)

    failures, visited = [], []
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    for demo_page, status in demo_pages.visit_demo_pages(page, page.base_url, tree_urls):
        assert status == demo_page.status, demo_page.label
        visited.append(demo_page.url)
        if demo_page.submit_empty:
            assert page.locator("#error-summary").count() == 1, f"{demo_page.url}: no errors"
        elif not demo_page.linked and status == 200:
            assert page.locator("summary", has_text="Men").is_visible(), demo_page.url
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            failures += [f"{demo_page.label} at {width}px: {p}" for p in layout_problems(page)]
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})

    reached = "\n".join(visited)
    missing = [kind for kind, pattern in KINDS.items() if not re.search(pattern, reached, re.M)]
    assert not missing, f"no page of these kinds reached: {missing}"
    assert not failures, (
        f"{len(failures)} layout problems on {len(visited)} pages "
        "(see core/tests/layout.py for what each check means):\n" + "\n".join(failures)
    )
