"""The browser layout check: what a page looks like, measured in the page that shows it.

``layout_problems(pw_page, limits)`` returns one line per problem found on the page as it is
laid out now (call it again after ``set_viewport_size`` for another width):

overflow
    The page scrolls sideways (WCAG 2.1 SC 1.4.10 Reflow): a box or text sticks out on the
    right and no scrolling ancestor clips it. Data tables may scroll inside their own
    focusable ``.kern-table-responsive`` region; the page as a whole may not. Charts and maps
    drawn as SVG with a viewBox fit their container and keep the viewBox's proportions.
broken word
    A word is split over two lines by the layout (``overflow-wrap``/``word-break``), although
    it is narrower than ``LONG_WORD_SHARE`` of the main column: only words that cannot fit
    (URLs, e-mail addresses, notice ids, very long compounds on a phone) may break. A word is
    what lies between spaces and after hyphens, dashes, slashes and soft hyphens (where a
    line may end anyway). Hyphenation is not a break: a word that is whole again with
    ``hyphens: manual`` on its element was hyphenated by the browser, which is fine.
punctuation at line start
    A comma, full stop or closing bracket right after a link (or another box) drawn at the
    start of the next line: the box before it cannot wrap like text (KERN's links are
    inline-flex boxes).
narrow control
    A button, badge, label, legend, summary or navigation link whose content box is
    narrower than its longest word (same exemption for words that cannot fit).
stretched badge
    A badge more than ``BADGE_SLACK_PX`` wider than its content (a badge is as wide as its
    text; "Beispiel" drawn 778 px wide is a flex or grid item stretched by its parent).
scrolling table
    At ``DESKTOP_PX`` and wider, a table that does not fit its column (its
    ``.kern-table-responsive`` region scrolls): on a phone that is how a wide table reflows,
    on a desktop it hides columns for no reason.
tall row
    A table row taller than its text needs. For every cell the text is wrapped, word by
    word, into a column of ``COLUMN_EM`` em (or the cell's longest word, if wider), each
    block (paragraph, list item, ``<br>``) on new lines: a narrow but sensible column. The
    row may be as tall as the cell needing most lines, times its line height, plus
    ``ROW_SLACK_LINES`` spare lines, plus the cell's padding and the height of text-less
    boxes in it (icons, images, form controls). A row drawn one letter or one syllable per
    line is several times taller than that.
page height
    The page is taller than ``PAGE_HEIGHT_FACTOR`` times the height its text needs when set
    in the main column, plus ``PAGE_HEIGHT_BASE_PX`` for header, footer and spacing, plus
    the height of images, charts and form controls. It catches a page that the other
    checks do not explain (16,000 px for one table of labels).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    long_word_share: float = 0.8
    badge_slack_px: float = 16
    desktop_px: int = 1200
    column_em: float = 10
    row_slack_lines: int = 2
    page_height_factor: float = 2
    page_height_base_px: float = 1500
    max_lines_per_check: int = 6


LIMITS = Limits()

CONTROLS = (
    "button, .kern-btn, .kern-badge, .kern-label, label, legend, summary, "
    ".site-nav__link, .site-pagination a"
)

# The page's overflow: the boxes and texts that stick out on the right and are not clipped
# by a scrolling ancestor (cells of a table in its scroll region are; an absolutely
# positioned box escapes a scroll region that is not positioned itself), widest first.
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
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= Math.floor(width)) return [];
  return [`overflow: ${scrollWidth}px wide at ${Math.floor(width)}px; `
    + found.slice(0, 5).map(([right, what, text]) => `${what} to ${Math.round(right)}px "${text}"`)
      .join('; ')];
}"""

UNSCALED_SVG_JS = """() => [...document.querySelectorAll('main svg[viewBox]')]
  .filter((svg) => svg.getAttribute('preserveAspectRatio') !== 'none')
  .map((svg) => {
    const [, , vbWidth, vbHeight] = svg.getAttribute('viewBox').split(/[\\s,]+/).map(Number);
    const box = svg.getBoundingClientRect();
    const room = svg.parentElement.getBoundingClientRect().width;
    const ratio = box.height && vbHeight ? (box.width / box.height) / (vbWidth / vbHeight) : 1;
    if (box.width <= room + 0.5 && Math.abs(ratio - 1) < 0.02) return null;
    return `overflow: svg.${svg.classList[0]} ${Math.round(box.width)}x${Math.round(box.height)}px`
      + ` in ${Math.round(room)}px for viewBox ${vbWidth}x${vbHeight}`;
  })
  .filter(Boolean)"""

# Words, controls, badges, tables and the page's height (see the module docstring).
LAYOUT_JS = r"""([limits, controlSelector]) => {
  const body = document.body;
  const found = {'broken word': [], 'punctuation at line start': [], 'narrow control': [],
                 'stretched badge': [],
                 'scrolling table': [], 'tall row': [], 'page height': []};
  const px = (value) => Math.round(value) + 'px';
  const describe = (el) => {
    const classes = [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
    const text = el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes} "${text}"`;
  };
  const inner = (el, style = getComputedStyle(el)) =>
    el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const lineHeight = (style) => style.lineHeight === 'normal'
    ? 1.2 * parseFloat(style.fontSize) : parseFloat(style.lineHeight);
  const spaceWidth = (style) => 0.28 * parseFloat(style.fontSize);
  const blockOf = (el, stop) => {  // the nearest box that is not inline
    while (el !== stop && getComputedStyle(el).display.startsWith('inline')) {
      el = el.parentElement;
    }
    return el;
  };
  const main = document.querySelector('main') || body;
  const room = inner(main.querySelector('.kern-container') || main);  // the main column
  const longWord = room * limits.long_word_share;
  // Addresses may break anywhere: URLs, e-mail addresses, file and path names.
  const ADDRESS = /:\/\/|@|\/\S|\w\.(de|eu|org|com|net|int|info)\b|_/;
  const HYPHENS = '-\u2010\u2013\u2014/\u00ad';  // a line may end after these
  const PIECES = new RegExp(`[^${HYPHENS}]+[${HYPHENS}]*|[${HYPHENS}]+`, 'g');

  // Elements that are not drawn, or drawn only for screen readers (1px boxes, clipped).
  const hiddenCache = new Map();
  const hidden = (el) => {
    if (!el || el === body) return false;
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const result = box.width <= 1 || box.height <= 1 || style.visibility === 'hidden'
      || (style.position === 'absolute' && style.clip !== 'auto') || hidden(el.parentElement);
    hiddenCache.set(el, result);
    return result;
  };

  // Every visible word of the page with its width and the number of lines it is drawn on.
  const range = document.createRange();
  const measure = (node, start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5);
    const tops = [];
    for (const r of rects) {
      if (!tops.some((top) => Math.abs(top - r.top) < r.height / 2)) tops.push(r.top);
    }
    return {width: rects.reduce((sum, r) => sum + r.width, 0), lines: tops.length};
  };
  const words = [];  // {node, parent, text, start, end, width, lines, spaceAfter, mayBreak}
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.data.trim() || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(parent.tagName)
        || hidden(parent)) continue;
    for (const token of node.data.matchAll(/[^\s\u200b]+/g)) {
      let start = token.index;
      const pieces = token[0].match(PIECES).map((text, i, all) => {
        const size = measure(node, start, start + text.length);
        const word = {node, parent, text, start, end: start + text.length, ...size,
                      spaceAfter: i === all.length - 1};
        start += text.length;
        return word;
      });
      const tokenWidth = pieces.reduce((sum, word) => sum + word.width, 0);
      const mayBreak = ADDRESS.test(token[0]) || tokenWidth > longWord;
      for (const word of pieces) words.push({...word, mayBreak});
    }
  }

  // Broken words (hyphenation aside: whole again with hyphens: manual).
  for (const word of words) {
    if (word.lines < 2 || word.mayBreak) continue;
    const style = word.parent.style;
    const [before, priority] = [style.getPropertyValue('hyphens'),
                                style.getPropertyPriority('hyphens')];
    style.setProperty('hyphens', 'manual', 'important');
    const again = measure(word.node, word.start, word.end);
    style.setProperty('hyphens', before, priority);
    if (again.lines < 2) continue;
    found['broken word'].push(`"${word.text}" (${px(word.width)}) drawn on ${word.lines} lines`
      + ` in ${describe(word.parent)}`);
  }

  // Punctuation right after a link or other box starts no line (a comma alone at the start
  // of a line: the box before it is an atomic inline, e.g. an inline-flex link).
  const texts = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const before = node.previousSibling;
    if (!/^[,.;:!?)\]]/.test(node.data) || !before || before.nodeType !== Node.ELEMENT_NODE
        || hidden(node.parentElement) || hidden(before)) continue;
    const boxes = before.getClientRects();
    if (!boxes.length) continue;
    range.setStart(node, 0);
    range.setEnd(node, 1);
    const mark = range.getBoundingClientRect();
    if (mark.width > 0 && mark.top >= boxes[boxes.length - 1].bottom - 1) {
      found['punctuation at line start'].push(`"${node.data.trim().slice(0, 20)}" after`
        + ` ${describe(before)} in ${describe(node.parentElement)}`);
    }
  }

  // Controls narrower than their longest word.
  const longest = new Map();
  for (const word of words) {
    for (let el = word.parent.closest(controlSelector); el;
         el = el.parentElement && el.parentElement.closest(controlSelector)) {
      if (!longest.has(el) || longest.get(el).width < word.width) longest.set(el, word);
    }
  }
  for (const [el, word] of longest) {
    const style = getComputedStyle(el);
    if (['inline', 'contents'].includes(style.display) || word.mayBreak) continue;
    const width = inner(el, style);
    if (width + 1 < word.width) {
      found['narrow control'].push(`${describe(el)} is ${px(width)} wide inside, its word`
        + ` "${word.text}" needs ${px(word.width)}`);
    }
  }

  // Badges as wide as their content.
  for (const badge of document.querySelectorAll('.kern-badge')) {
    if (hidden(badge)) continue;
    let left = Infinity, right = -Infinity;
    for (const child of badge.childNodes) {
      let box;
      if (child.nodeType === Node.TEXT_NODE && child.data.trim()) {
        range.selectNodeContents(child);
        box = range.getBoundingClientRect();
      } else if (child.nodeType === Node.ELEMENT_NODE && !hidden(child)) {
        box = child.getBoundingClientRect();
      } else continue;
      left = Math.min(left, box.left);
      right = Math.max(right, box.right);
    }
    if (right > left && inner(badge) - (right - left) > limits.badge_slack_px) {
      found['stretched badge'].push(`${describe(badge)} is ${px(badge.offsetWidth)} wide for`
        + ` ${px(right - left)} of content`);
    }
  }

  // On a wide screen a table fits its column (its region need not scroll).
  if (window.innerWidth >= limits.desktop_px) {
    for (const region of document.querySelectorAll('.kern-table-responsive')) {
      if (!hidden(region) && region.scrollWidth > region.clientWidth + 1) {
        found['scrolling table'].push(`${describe(region.querySelector('caption') || region)}`
          + ` is ${px(region.scrollWidth)} wide in ${px(region.clientWidth)}`);
      }
    }
  }

  // Table rows no taller than their text needs in a narrow column.
  const wordsByCell = new Map();
  for (const word of words) {
    const cell = word.parent.closest('td, th');
    if (!cell) continue;
    if (!wordsByCell.has(cell)) wordsByCell.set(cell, []);
    wordsByCell.get(cell).push(word);
  }
  const cellLimit = (cell) => {
    const style = getComputedStyle(cell);
    const cellWords = wordsByCell.get(cell) || [];
    const width = Math.max(limits.column_em * parseFloat(style.fontSize),
                           ...cellWords.map((w) => w.width));
    let lines = 0, x = 0, block = null, previous = null;
    for (const word of cellWords) {  // wrap word by word; a block or <br> starts a line
      let br = false;
      for (let n = previous && previous.nextSibling; n && n !== word.node; n = n.nextSibling) {
        br = br || n.nodeName === 'BR';
      }
      const wordBlock = blockOf(word.parent, cell);
      if (wordBlock !== block || br) { lines += 1; x = 0; block = wordBlock; }
      if (x > 0 && x + word.width > width) { lines += 1; x = 0; }
      x += word.width + (word.spaceAfter ? spaceWidth(style) : 0);
      previous = word.node;
    }
    let boxes = 0;  // text-less boxes: icons, images, charts, form controls
    for (const el of cell.querySelectorAll('img, svg, input, select, textarea, .kern-icon')) {
      if (!hidden(el) && !el.closest('svg svg')) boxes += el.getBoundingClientRect().height;
    }
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
      + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    const limit = (lines + limits.row_slack_lines) * lineHeight(style) + padding + boxes;
    return {lines, limit};
  };
  const contentHeight = (cell) => {
    range.selectNodeContents(cell);
    return range.getBoundingClientRect().height;
  };
  for (const row of document.querySelectorAll('tr')) {
    if (hidden(row) || !row.cells.length) continue;
    const height = row.getBoundingClientRect().height;
    const worst = [...row.cells].map(cellLimit).sort((a, b) => b.limit - a.limit)[0];
    if (height > worst.limit + 1) {
      const tallest = [...row.cells].sort((a, b) => contentHeight(b) - contentHeight(a))[0];
      found['tall row'].push(`row ${describe(row.cells[0])} is ${px(height)} tall; its text`
        + ` needs ${worst.lines} lines in a ${limits.column_em}em column`
        + ` (limit ${px(worst.limit)}); tallest cell ${describe(tallest)}`
        + ` is ${px(tallest.offsetWidth)} wide`);
    }
  }

  // The page's height against the height its text needs: each block of text in its own
  // box but at least COLUMN_EM wide (at most the main column), blocks one below the other
  // (the cells of a table row side by side), plus images, charts and form controls.
  const blocks = new Map();
  for (const word of words) {
    const block = blockOf(word.parent, body);
    const width = word.width + (word.spaceAfter ? spaceWidth(getComputedStyle(word.parent)) : 0);
    blocks.set(block, (blocks.get(block) || 0) + width);
  }
  let textHeight = 0;
  const rows = new Map();
  for (const [block, width] of blocks) {
    const style = getComputedStyle(block);
    const narrowest = limits.column_em * parseFloat(style.fontSize);
    const column = Math.min(room, Math.max(inner(block, style), narrowest));
    const needed = Math.ceil(width / column) * lineHeight(style);
    const cell = block.closest('td, th');
    if (!cell) {
      textHeight += needed;
      continue;
    }
    if (!rows.has(cell.parentElement)) rows.set(cell.parentElement, new Map());
    const cells = rows.get(cell.parentElement);
    cells.set(cell, (cells.get(cell) || 0) + needed);
  }
  for (const cells of rows.values()) textHeight += Math.max(...cells.values());
  let boxes = 0;
  for (const el of body.querySelectorAll('img, svg, video, iframe, input, select, textarea')) {
    if (!hidden(el) && !el.closest('svg svg')) boxes += el.getBoundingClientRect().height;
  }
  const limit = limits.page_height_factor * textHeight + limits.page_height_base_px + boxes;
  const height = document.documentElement.scrollHeight;
  if (height > limit) {
    found['page height'].push(`${px(height)} tall; its text needs ${px(textHeight)},`
      + ` images and controls ${px(boxes)} (limit ${px(limit)})`);
  }

  const most = limits.max_lines_per_check;
  return Object.entries(found).flatMap(([kind, lines]) => [
    ...lines.slice(0, most).map((line) => `${kind}: ${line}`),
    ...(lines.length > most ? [`${kind}: … and ${lines.length - most} more`] : []),
  ]);
}"""


def layout_problems(pw_page, limits=LIMITS):
    """Every layout problem of the page as laid out now, one line each (empty: all good)."""
    return (
        pw_page.evaluate(OVERFLOW_JS)
        + pw_page.evaluate(UNSCALED_SVG_JS)
        + pw_page.evaluate(LAYOUT_JS, [limits.__dict__, CONTROLS])
    )
