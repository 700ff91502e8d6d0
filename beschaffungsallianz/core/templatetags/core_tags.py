"""Template tags for the page chrome: navigation state, language switcher, translation state."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from wagtail.models import Page

from beschaffungsallianz.core.pagecache import locales, per_generation
from beschaffungsallianz.core.routing import request_site

register = template.Library()

# Fields of BasePage whose content may still be the untranslated German copy.
TRANSLATABLE_FIELDS = ("title", "intro", "body")


@register.simple_tag
def nav_state(item, page):
    """``aria-current`` value for a navigation item: "page", "true" (inside its section) or ""."""
    if not isinstance(page, Page) or item is None:
        return ""
    if item.pk == page.pk:
        return "page"
    if page.path.startswith(item.path) and page.depth > item.depth:
        return "true"
    return ""


@register.simple_tag
def nav_current(items, page):
    """``"<pk>:<state>"`` of the navigation item that ``page`` is or is inside ("" for none):
    all that makes one page's main navigation differ from another's (see ``memo_part``)."""
    for item in items:
        state = nav_state(item, page)
        if state:
            return f"{item.pk}:{state}"
    return ""


@register.simple_tag(takes_context=True)
def memo_part(context, template_name, *vary):
    """``template_name`` rendered with this context once per worker process, generation of the
    page cache, site, language and ``vary`` values, then reused (the least recently used
    dropped beyond ``pagecache.MEMO_SIZE``): the parts of the page frame (main navigation,
    footer, a page's breadcrumb trail) and the parts of lists that show one item each (a
    card, a table row: ``vary`` names the item and the page it is listed on), which are the
    same in every request and every filtered or searched list that shows them
    (docs/performance.md). The part must depend on nothing else: not on the user, the query
    string, a form or a preview (previews and parts without a request render every time, as
    does ``None`` in ``vary``)."""
    template = context.template.engine.get_template(template_name)
    site = _memo_site(context.get("request"))
    if site is None or None in vary:
        return template.render(context)
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = "frame:" + ":".join(str(v) for v in (template_name, site.pk, language, *vary))
    return per_generation(key, lambda: template.render(context))


def _memo_site(request):
    """The request's site when what is rendered for it may be kept per generation; None for
    no request or a preview (its page may differ from the saved one)."""
    if request is None or getattr(request, "is_preview", False):
        return None
    return request_site(request)


def _locale(code):
    return locales().get(code)


def _home_url(request, code):
    """The start page of the language ``code``, or the language prefix if it has none."""
    site = request_site(request)
    locale = _locale(code)
    if site is not None and locale is not None:
        home = site.root_page.get_translation_or_none(locale)
        if home is not None and home.live:
            return home.get_url(request)
    with translation.override(code):
        return translate_url("/", code)


def alternate_url(request, page, code):
    """The URL of the current content in the language ``code``.

    A page links its translation (keeping the sub-path of routable pages, such as a single
    practice example below its index page); an untranslated page links the other language's
    start page; a plain Django view (search) links the same view with the other prefix.
    """
    if isinstance(page, Page):
        base, url = _translation_urls(request, page, code)
        if url is None:
            return _home_url(request, code)
        remainder = request.path[len(base) :] if base and request.path.startswith(base) else ""
        url += remainder
        query = request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url
    return translate_url(request.get_full_path(), code)


def _translation_urls(request, page, code) -> tuple[str, str | None]:
    """(the page's URL, its live translation's URL in ``code`` or None): once per worker
    process, generation, site and page (a query and two URL lookups otherwise); a preview
    works them out every time (its page may not be saved)."""

    def find():
        locale = _locale(code)
        target = None
        if locale is not None:
            target = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
        base = page.get_url(request) or ""
        if target is None or not target.live:
            return base, None
        return base, target.get_url(request) or ""

    site = _memo_site(request)
    if site is None or not page.pk:
        return find()
    return per_generation(f"translation_urls:{site.pk}:{page.pk}:{code}", find)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: code, name, url, current (for the language switcher and the
    ``<link rel="alternate">`` of the head: worked out once per request and page)."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    memo = request.__dict__.setdefault("_language_links", {})
    key = page.pk if isinstance(page, Page) else None
    if key not in memo:
        current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        memo[key] = [
            {
                "code": code,
                "name": name,
                "url": alternate_url(request, page, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    return memo[key]


@register.filter
def untranslated_fields(page):
    """Names of the fields of a translated page that still hold the source language's text.

    Wagtail copies a page for translation; until an editor changes a field it equals the
    source. Templates mark such content with ``lang`` and a notice.
    """
    if not isinstance(page, Page):
        return set()
    default = locales()[settings.LANGUAGE_CODE]
    if page.locale_id == default.pk:
        return set()
    # Asked by the page header, body and notice, and for every card of a list: worked out once
    # per page, worker process and generation of the page cache.
    return per_generation(f"untranslated:{page.pk}", lambda: _untranslated(page, default))


def _untranslated(page, default) -> set:
    source = page.get_translation_or_none(default)
    if source is None:
        return set()
    result = set()
    for name in TRANSLATABLE_FIELDS:
        if not hasattr(page, name):
            continue
        mine, theirs = getattr(page, name), getattr(source, name, None)
        if hasattr(mine, "get_prep_value"):
            if not len(mine):
                continue
            mine, theirs = mine.get_prep_value(), theirs.get_prep_value()
        if mine and mine == theirs:
            result.add(name)
    return result


@register.simple_tag
def source_language(page):
    """Language code of the default locale (the language untranslated content is in)."""
    return locales()[settings.LANGUAGE_CODE].language_code


@register.simple_tag
def table_head(*labels, numeric=""):
    """The ``<thead>`` of a KERN table: one column header per label, in order. ``numeric``
    names the 1-based positions of right-aligned number columns (``numeric="2 3"``).

    ``{% table_head _("Federal state") _("Practice examples") numeric="2" %}``: labels are
    translated where the template is (``_()``), so ``makemessages`` finds them as before."""
    right = {int(n) for n in numeric.split()}
    cells = format_html_join(
        "\n",
        '    <th class="kern-table__header{}" scope="col">{}</th>',
        (
            (" kern-table__header--numeric" if position in right else "", label)
            for position, label in enumerate(labels, 1)
        ),
    )
    return format_html('<thead>\n  <tr class="kern-table__row">\n{}\n  </tr>\n</thead>', cells)
