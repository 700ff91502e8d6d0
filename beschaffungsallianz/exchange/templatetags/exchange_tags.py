"""Template helpers of the exchange: a post's text as safe HTML, and whether a person may
still edit a post."""

from django import template
from django.utils.html import format_html, format_html_join, linebreaks, urlize
from django.utils.safestring import mark_safe

from beschaffungsallianz.exchange import access

register = template.Library()


def _blocks(text: str) -> list[tuple[bool, list[str]]]:
    """Paragraphs of the text, each (is_quote, lines); a quote is lines starting with ">"."""
    blocks: list[tuple[bool, list[str]]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        quote = line.startswith(">")
        content = line[1:].removeprefix(" ") if quote else line
        if not quote and not line.strip():
            blocks.append((False, []))  # paragraph break
            continue
        if blocks and blocks[-1][0] == quote and blocks[-1][1]:
            blocks[-1][1].append(content)
        else:
            blocks.append((quote, [content]))
    return [(quote, lines) for quote, lines in blocks if lines]


def _html(lines: list[str]) -> str:
    # urlize escapes the text (autoescape); links get rel="nofollow".
    return linebreaks(urlize("\n".join(lines), nofollow=True, autoescape=True), autoescape=False)


@register.filter
def post_body(text: str):
    """Plain text to HTML: paragraphs, line breaks, links, and "> " quotations as
    ``<blockquote>``. Everything the author typed is escaped; no other markup exists."""
    parts = []
    for quote, lines in _blocks(text or ""):
        html = mark_safe(_html(lines))  # noqa: S308 - escaped by urlize/linebreaks above
        parts.append(
            format_html('<blockquote class="exchange-quote">{}</blockquote>', html)
            if quote
            else html
        )
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def may_edit(user, post) -> bool:
    return access.can_edit(user, post)
