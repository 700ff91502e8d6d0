"""What an issue says, as a list of items that the mail (HTML and plain text) and the archive
page draw alike: headings, paragraphs, and the news, events and practice examples chosen in the
issue's body. Links are absolute (``BASE_URL``): the same items go into mails.

Chosen items that are no longer published are left out. This module reads the issue it is
given and never imports the page models.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.events.dates import event_date

_RELATIVE_HREF = re.compile(r'href="(/[^"]*)"')
_LINK = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BLOCK_END = re.compile(r"</(p|h\d|ul|ol|div)>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class Item:
    kind: str  # "heading", "paragraph", "news", "event", "practice_example"
    title: str = ""
    html: str = ""  # paragraphs: the rich text with absolute links
    text: str = ""  # short text (intro, summary) or the paragraph as plain text
    url: str = ""
    meta: str = ""  # date, place, buyer
    is_sample: bool = False

    @property
    def kind_label(self) -> str:
        return {
            "news": _("News"),
            "event": _("Event"),
            "practice_example": _("Practice example"),
        }.get(self.kind, "")


def absolute_links(rich_html: str) -> str:
    return _RELATIVE_HREF.sub(lambda m: f'href="{absolute_url(m.group(1))}"', rich_html)


def plain_text(rich_html: str) -> str:
    """Rich text as plain text for the mail's text part: links as "text (url)", list items
    with a dash, one blank line between blocks."""
    text = _LINK.sub(lambda m: f"{strip_tags(m.group(2))} ({m.group(1)})", rich_html)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</li>", "\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _paragraph(value) -> Item:
    rich = absolute_links(expand_db_html(value.source))
    return Item("paragraph", html=rich, text=plain_text(rich))


def _news(page) -> Item | None:
    if page is None or not page.live:
        return None
    page = page.specific
    return Item(
        "news",
        title=page.title,
        text=page.intro,
        url=absolute_url(page.url or "/"),
        meta=formats.date_format(page.date, "DATE_FORMAT"),
        is_sample=page.is_sample,
    )


def _event(page) -> Item | None:
    if page is None or not page.live:
        return None
    page = page.specific
    meta = event_date(page) + (f", {page.city}" if page.city else "")
    return Item(
        "event",
        title=page.title,
        text=page.intro,
        url=absolute_url(page.url or "/"),
        meta=meta,
        is_sample=page.is_sample,
    )


def _practice_example(example) -> Item | None:
    if example is None or not example.live:
        return None
    url = example.get_absolute_url()
    return Item(
        "practice_example",
        title=example.title,
        text=example.summary,
        url=absolute_url(url) if url else "",
        meta=f"{example.buyer_name}, {example.year}",
        is_sample=example.is_demo,
    )


def issue_items(issue) -> list[Item]:
    """The items of ``issue.body`` in order; chosen items no longer published are left out."""
    items = []
    for block in issue.body:
        if block.block_type == "heading":
            items.append(Item("heading", title=block.value))
        elif block.block_type == "paragraph":
            items.append(_paragraph(block.value))
        else:
            build = {"news": _news, "event": _event, "practice_example": _practice_example}
            item = build[block.block_type](block.value)
            if item is not None:
                items.append(item)
    return items
