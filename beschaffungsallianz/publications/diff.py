"""A readable comparison of two rich-text versions, paragraph by paragraph.

The texts are split into blocks (headings, paragraphs, list items). Blocks are matched with
``difflib``; a changed block is shown with a word-level diff inside. Every change is marked with
``<ins>``/``<del>`` *and* a textual marker ("hinzugefügt", "entfernt", "geändert"), so the
information does not depend on colour.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
CONTAINER_TAGS = {"ul", "ol", "div", "section", "article"}
WORD_RE = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Block:
    tag: str
    text: str

    @property
    def is_heading(self) -> bool:
        return self.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Segment:
    """A run of words inside a changed block: 'equal', 'insert' or 'delete'."""

    op: str
    text: str


@dataclass
class DiffRow:
    """One row of the comparison: 'equal', 'insert', 'delete' or 'change'."""

    op: str
    old: Block | None = None
    new: Block | None = None
    segments: list[Segment] = field(default_factory=list)

    @property
    def block(self) -> Block:
        return self.new or self.old

    @property
    def is_heading(self) -> bool:
        return self.block.is_heading


@dataclass
class Diff:
    rows: list[DiffRow]

    @property
    def counts(self) -> dict[str, int]:
        result = {"insert": 0, "delete": 0, "change": 0}
        for row in self.rows:
            if row.op in result:
                result[row.op] += 1
        return result

    @property
    def has_changes(self) -> bool:
        return any(row.op != "equal" for row in self.rows)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def html_blocks(html: str) -> list[Block]:
    """Split rich-text HTML into a flat list of text blocks."""
    if not html or not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    blocks: list[Block] = []

    def walk(element):
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            tag = child.tag.lower()
            if tag in CONTAINER_TAGS:
                if (child.text or "").strip():
                    blocks.append(Block("p", _normalise(child.text)))
                walk(child)
            elif tag in BLOCK_TAGS:
                text = _normalise(child.text_content())
                if text:
                    blocks.append(Block(tag, text))
            else:
                text = _normalise(child.text_content())
                if text:
                    blocks.append(Block("p", text))
            if (child.tail or "").strip():
                blocks.append(Block("p", _normalise(child.tail)))

    if (root.text or "").strip():
        blocks.append(Block("p", _normalise(root.text)))
    walk(root)
    return blocks


def word_segments(old: str, new: str) -> list[Segment]:
    """Word-level diff of two strings, adjacent runs merged."""
    old_words, new_words = WORD_RE.findall(old), WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments: list[Segment] = []

    def add(op, words):
        text = "".join(words)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", old_words[i1:i2])
        else:
            if i2 > i1:
                add("delete", old_words[i1:i2])
            if j2 > j1:
                add("insert", new_words[j1:j2])
    return segments


def _similar(a: Block, b: Block) -> bool:
    return difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio() >= 0.5


def diff_blocks(old_blocks: list[Block], new_blocks: list[Block]) -> Diff:
    matcher = difflib.SequenceMatcher(
        None, [b.text for b in old_blocks], [b.text for b in new_blocks], autojunk=False
    )
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffRow("equal", old=o, new=n)
                for o, n in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True)
            ]
        elif tag == "delete":
            rows += [DiffRow("delete", old=o) for o in old_blocks[i1:i2]]
        elif tag == "insert":
            rows += [DiffRow("insert", new=n) for n in new_blocks[j1:j2]]
        else:  # replace: pair similar blocks as changes, the rest as removals/additions
            olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
            oi = ni = 0
            while oi < len(olds) or ni < len(news):
                if oi < len(olds) and ni < len(news) and _similar(olds[oi], news[ni]):
                    rows.append(
                        DiffRow(
                            "change",
                            old=olds[oi],
                            new=news[ni],
                            segments=word_segments(olds[oi].text, news[ni].text),
                        )
                    )
                    oi += 1
                    ni += 1
                elif oi < len(olds) and (
                    ni >= len(news) or not any(_similar(olds[oi], n) for n in news[ni:])
                ):
                    rows.append(DiffRow("delete", old=olds[oi]))
                    oi += 1
                else:
                    rows.append(DiffRow("insert", new=news[ni]))
                    ni += 1
    return Diff(rows)


def diff_html(old_html: str, new_html: str) -> Diff:
    return diff_blocks(html_blocks(old_html), html_blocks(new_html))
