from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from beschaffungsallianz.core.tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    site_settings,
    translate,
)

pytestmark = pytest.mark.django_db


def test_home_shows_three_latest_live_news_newest_first(client, home):
    news_index = NewsIndexPageFactory(parent=home)
    today = timezone.localdate()
    for days, title in [
        (1, "Gestern"),
        (10, "Vor zehn Tagen"),
        (3, "Vor drei Tagen"),
        (30, "Vor einem Monat"),
    ]:
        NewsPageFactory(parent=news_index, title=title, date=today - timedelta(days=days))
    NewsPageFactory(parent=news_index, title="Entwurf", date=today, live=False)

    response = client.get("/")

    titles = [item.title for item in response.context["latest_news"]]
    assert titles == ["Gestern", "Vor drei Tagen", "Vor zehn Tagen"]
    assert "Entwurf" not in response.content.decode()


def test_home_entry_points_default_to_menu_pages(client, home):
    StandardPageFactory(parent=home, title="Projekt", slug="projekt", show_in_menus=True)
    StandardPageFactory(parent=home, title="Impressum", slug="impressum", show_in_menus=False)

    response = client.get("/")

    assert [page.title for page, _text in response.context["entry_points"]] == ["Projekt"]


def test_home_entry_points_chosen_by_editors_skip_unpublished_pages(client, home):
    project = StandardPageFactory(parent=home, title="Projekt", slug="projekt")
    draft = StandardPageFactory(parent=home, title="Geheim", slug="geheim", live=False)
    home.entry_points = [
        ("entry_point", {"page": draft, "text": ""}),
        ("entry_point", {"page": project, "text": "Alles über das Projekt"}),
    ]
    home.save_revision().publish()

    response = client.get("/")

    assert [(p.title, t) for p, t in response.context["entry_points"]] == [
        ("Projekt", "Alles über das Projekt")
    ]
    assert "Alles über das Projekt" in response.content.decode()


def test_sample_news_is_marked_as_example(client, home):
    news_index = NewsIndexPageFactory(parent=home)
    item = NewsPageFactory(parent=news_index, title="Eine Meldung", is_sample=True)

    detail = client.get(item.url).content.decode()
    listing = client.get(news_index.url).content.decode()

    assert "Beispiel" in detail
    assert "Beispiel" in listing


def test_real_news_has_no_example_badge(client, home):
    news_index = NewsIndexPageFactory(parent=home)
    item = NewsPageFactory(parent=news_index, title="Eine Meldung", is_sample=False)

    assert "kern-badge" not in client.get(item.url).content.decode()


def test_news_index_paginates_with_seite_parameter(client, home):
    news_index = NewsIndexPageFactory(parent=home)
    for n in range(12):
        NewsPageFactory(parent=news_index, date=timezone.localdate() - timedelta(days=n))

    first = client.get(news_index.url)
    second = client.get(news_index.url, {"seite": "2"})
    odd = client.get(news_index.url, {"seite": "x' OR 1=1"})

    assert len(first.context["news"]) == 10
    assert len(second.context["news"]) == 2
    assert odd.status_code == 200 and odd.context["news"].number == 1
    assert 'href="?seite=2"' in first.content.decode()


def test_standard_page_renders_table_with_caption_and_column_headers(client, home):
    page = StandardPageFactory(
        parent=home,
        slug="tabelle",
        body=[
            ("heading", "Geschichte"),
            ("paragraph", RichText("<p>Text</p>")),
            ("table", {"caption": "Fachtage", "rows": [["Nr.", "Ort"], ["1", "Weimar"]]}),
        ],
    )

    html = client.get(page.url).content.decode()

    assert "<caption" in html and "Fachtage" in html
    assert '<th class="kern-table__header" scope="col">Ort</th>' in html
    assert '<td class="kern-table__cell">Weimar</td>' in html
    assert 'role="region"' in html and 'tabindex="0"' in html


def test_page_has_one_h1_landmarks_skip_link_and_german_lang(client, home):
    page = StandardPageFactory(parent=home, slug="projekt", title="Projekt")

    html = client.get(page.url).content.decode()

    assert html.count("<h1") == 1
    assert '<html lang="de"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_navigation_marks_current_page_and_section(client, home):
    section = StandardPageFactory(parent=home, title="Projekt", slug="projekt", show_in_menus=True)
    child = StandardPageFactory(parent=section, title="Unterseite", slug="unter")

    on_section = client.get(section.url).content.decode()
    on_child = client.get(child.url).content.decode()

    assert 'href="/projekt/" aria-current="page"' in on_section
    assert 'href="/projekt/" aria-current="true"' in on_child


def test_breadcrumbs_lead_from_home_to_current_page(client, home):
    section = StandardPageFactory(parent=home, title="Projekt", slug="projekt")
    child = StandardPageFactory(parent=section, title="Geschichte", slug="geschichte")

    html = client.get(child.url).content.decode()

    crumbs = html.split('class="site-breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/"' in crumbs and 'href="/projekt/"' in crumbs
    assert 'aria-current="page">Geschichte' in crumbs


def test_footer_links_legal_pages_from_site_settings(client, home):
    imprint = StandardPageFactory(parent=home, title="Impressum", slug="impressum")
    site_settings(imprint_page=imprint, sponsor_name="Zukunftsfähiges Thüringen e.V.")

    html = client.get("/").content.decode()

    footer = html.split("<footer")[1]
    assert 'href="/impressum/"' in footer
    assert "Zukunftsfähiges Thüringen e.V." in footer
    assert "CC BY 4.0" in footer


def test_english_footer_links_translated_legal_page(client, home):
    imprint = StandardPageFactory(parent=home, title="Impressum", slug="impressum")
    site_settings(imprint_page=imprint)
    translate(home, title="Test alliance")
    translate(imprint, title="Imprint")

    html = client.get("/en/").content.decode()

    assert 'href="/en/impressum/"' in html.split("<footer")[1]


def _english_project_page(client, home, german_body, **english):
    """The HTML of /en/projekt/: a German page with ``german_body``, translated with
    ``english`` fields."""
    page = StandardPageFactory(
        parent=home, slug="projekt", title="Projekt", body=[("paragraph", RichText(german_body))]
    )
    translate(home, title="Test alliance")
    translate(page, title="Project", **english)
    return client.get("/en/projekt/").content.decode()


def test_untranslated_body_is_marked_german_on_english_page(client, home):
    html = _english_project_page(client, home, "<p>Nur deutsch</p>", intro="About the project")

    assert '<html lang="en"' in html
    assert 'class="site-body kern-stack-md" lang="de"' in html
    assert "Parts of this page are only available in German." in html


def test_translated_body_is_not_marked(client, home):
    english_body = [("paragraph", RichText("<p>English</p>"))]
    html = _english_project_page(client, home, "<p>Deutsch</p>", intro="About", body=english_body)

    assert 'lang="de"' not in html.split("<main")[1].split("</main>")[0]
    assert "only available in German" not in html


def test_memo_parts_rendered_once_stay_exact_for_every_page(client, home, settings):
    # navigation, breadcrumbs and footer are rendered once per generation, site, language and
    # current item (core_tags.memo_part): each page still gets its own, and a change shows
    settings.PAGE_CACHE_SECONDS = 0
    section = StandardPageFactory(parent=home, title="Projekt", slug="projekt", show_in_menus=True)
    StandardPageFactory(parent=section, title="Geschichte", slug="geschichte")
    other = StandardPageFactory(parent=home, title="Netzwerk", slug="netzwerk", show_in_menus=True)

    def nav(path):
        html = client.get(path).content.decode()
        return html.split('class="site-nav"')[1].split("</nav>")[0], html

    for _ in range(2):
        on_section, _html = nav("/projekt/")
        on_child, child_html = nav("/projekt/geschichte/")
        on_other, _html = nav("/netzwerk/")
        assert on_section.count('aria-current="page"') == 2  # the wide list and the menu
        assert 'href="/projekt/" aria-current="page"' in on_section
        assert 'href="/projekt/" aria-current="true"' in on_child
        assert "aria-current" not in on_child.replace('href="/projekt/" aria-current="true"', "")
        assert 'href="/netzwerk/" aria-current="page"' in on_other
        assert 'href="/projekt/" aria-current' not in on_other

    section.title = "Das Projekt"
    section.save_revision().publish()
    other.unpublish()

    on_child, child_html = nav("/projekt/geschichte/")
    crumbs = child_html.split('class="site-breadcrumb"')[1].split("</nav>")[0]
    assert ">Das Projekt</a>" in on_child and ">Das Projekt</a>" in crumbs
    assert "/netzwerk/" not in on_child


def test_rich_text_page_links_are_read_once_per_generation_and_stay_exact(client, home, settings):
    # A page link in rich text costs Wagtail a query for the pages and one per link for the
    # active locale on every rendering; here it is worked out once per generation and language
    # (core.richtext), and still follows a new slug and the visitor's language.
    settings.PAGE_CACHE_SECONDS = 0
    target = StandardPageFactory(parent=home, title="Ziel", slug="ziel")
    other = StandardPageFactory(parent=home, title="Andere", slug="andere")

    def body(*pages):
        links = "".join(f'<a linktype="page" id="{p.pk}">{p.title}</a> ' for p in pages)
        return [("paragraph", RichText(f"<p>{links}</p>"))]

    StandardPageFactory(parent=home, slug="ohne", body=body())
    StandardPageFactory(parent=home, slug="quelle", body=body(target, other))
    client.get("/")  # the first request stores the site settings (a change)
    for path in ("/ohne/", "/quelle/"):
        client.get(path)  # the frame's and the pages' per-generation values

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return len(captured), html

    without_links, _html = queries("/ohne/")
    with_links, html = queries("/quelle/")
    assert with_links == without_links
    assert 'href="/ziel/"' in html and 'href="/andere/"' in html

    target.slug = "neues-ziel"
    target.save_revision().publish()
    html = client.get("/quelle/").content.decode()
    assert 'href="/neues-ziel/"' in html

    translate(home, title="Test alliance")
    english_source = translate(Page.objects.get(slug="quelle").specific)
    translate(target, title="Target")
    html = client.get(english_source.url).content.decode()
    assert 'href="/en/neues-ziel/"' in html  # the translation of the linked page
    assert 'href="/andere/"' in html  # untranslated: the German page


def test_list_cards_are_rendered_once_per_generation_and_show_a_change(client, home, settings):
    # A card of a list is kept per generation, language, item and list page (memo_part): the
    # next request renders none, a change shows at once, another language gets its own.
    settings.PAGE_CACHE_SECONDS = 0
    news_index = NewsIndexPageFactory(parent=home)
    first = NewsPageFactory(parent=news_index, title="Erste Nachricht")
    NewsPageFactory(parent=news_index, title="Zweite Nachricht")

    def cards(path="/aktuelles/"):
        response = client.get(path)
        names = [t.name for t in response.templates]
        return names.count("core/news_item_card.html"), response.content.decode()

    rendered, html = cards()
    assert rendered == 2 and "Erste Nachricht" in html
    rendered, html = cards()
    assert rendered == 0 and "Erste Nachricht" in html and "Zweite Nachricht" in html

    first.title = "Geänderte Nachricht"
    first.save_revision().publish()
    rendered, html = cards()
    assert rendered == 2 and "Geänderte Nachricht" in html and "Erste Nachricht" not in html


def test_the_per_generation_memo_keeps_the_most_recently_used_values(monkeypatch):
    from beschaffungsallianz.core import pagecache

    monkeypatch.setattr(pagecache, "MEMO_SIZE", 3)
    monkeypatch.setattr(pagecache, "_memo", pagecache.OrderedDict())
    computed = []

    def value(name):
        return pagecache.per_generation(name, lambda: computed.append(name) or name)

    for name in ("a", "b", "c", "a", "d"):  # "a" used again: "b" is the oldest when "d" comes
        value(name)
    assert list(pagecache._memo) == ["c", "a", "d"]
    value("a")
    value("b")
    assert computed == ["a", "b", "c", "d", "b"]


def test_views_that_are_not_pages_find_their_site_once_per_generation(client, home, settings):
    # The site search is a Django view: the navigation asked Wagtail for the request's site,
    # whose query is compiled anew each time; routing.request_site takes it from the memo.
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        client.get("/suche/?q=Projekt")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/suche/?q=Projekt").status_code == 200
    assert not [q["sql"] for q in captured if '"wagtailcore_site"' in q["sql"]]
