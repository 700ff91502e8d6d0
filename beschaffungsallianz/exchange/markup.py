"""A post's text as HTML: plain text with paragraphs, line breaks and links, and lines starting
with ">" as a quotation (``<blockquote>``). Everything the author typed is escaped; no other
markup exists. Rendered once when a post is written or edited (``Post.body_html``, by
``services.py``), because urlizing 50 posts on every view of a thread page costs more than the
rest of the page."""

from django.utils.html import format_html, linebreaks, urlize
from django.utils.safestring import mark_safe


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
    linked = urlize("\n".join(lines), nofollow=True, autoescape=True)
    return linebreaks(linked, autoescape=False)


def render_body(text: str) -> str:
    parts = []
    for quote, lines in _blocks(text or ""):
        html = mark_safe(_html(lines))  # noqa: S308 - escaped by urlize above
        if quote:
            html = format_html('<blockquote class="exchange-quote">{}</blockquote>', html)
        parts.append(str(html))
    return "".join(parts)
