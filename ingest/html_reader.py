"""HTML → the page's main text, in one pass over the tree (linear in the input, however deep the nesting)."""

from __future__ import annotations

import re

from core.errors import IngestError
from ingest.raw import RawText

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
         "[role=navigation]", "[aria-hidden=true]")
MAX_DEPTH = 256  # browsers cap the tree's depth too (Chromium at 512); no real page comes near it
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_IMPLIED_END = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", "thead", "tbody", "tfoot", "option",
                          "optgroup", "rb", "rt", "rp"})  # closed by their next sibling: they do not nest
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dd", "dt"})


def read_html(html: str) -> RawText:
    """Main text of a page: drop scripts, styles, navigation, headers, footers and forms."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(cap_depth(html))
    title = tree.css_first("title")
    title_text = title.text(strip=True) if title else ""
    for selector in _DROP:
        for node in tree.css(selector):
            node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        raise IngestError("HTML page has no body text")
    blocks = [text for text in (node.text(separator=" ", strip=True) for node in outer_blocks(root)) if text]
    if not blocks:
        blocks = [root.text(separator="\n", strip=True)]
    return RawText(["\n\n".join(blocks)], "html", title_hint=title_text)


def cap_depth(html: str) -> str:
    """The page with every tag that would open an element deeper than MAX_DEPTH removed (its text stays).

    An HTML5 parser checks the stack of open elements at each tag ("is a <p> open in button scope?"), so
    100,000 nested <div><p> take minutes: linear work per tag on a stack that grows with the input. Past the
    cap the tags go, and the parse is linear again. Tags whose end is implied (p, li, td...) do not nest and
    are never counted or removed."""
    if html.count("<") <= MAX_DEPTH:
        return html
    stack: list[str] = []
    dropped: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _IMPLIED_END or self_closing:
            continue
        if not closing:
            if len(stack) < MAX_DEPTH:
                stack.append(name)
            else:
                dropped[name] = dropped.get(name, 0) + 1
                cuts.append(match.span())
        elif dropped.get(name):
            dropped[name] -= 1
            cuts.append(match.span())
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name):]
    if not cuts:
        return html
    parts, at = [], 0
    for start, end in cuts:
        parts.append(html[at:start])
        at = end
    parts.append(html[at:])
    return "".join(parts)


def outer_blocks(root):
    """The block elements not inside another block, in document order. Each element is visited once and a
    block's inside is never walked, so N nested blocks cost N steps, not N² (an ancestor scan per block did)."""
    stack = [root.child] if root.child is not None else []
    while stack:
        node = stack.pop()
        if node.next is not None:
            stack.append(node.next)
        if node.tag in BLOCKS:
            yield node
        elif node.child is not None:
            stack.append(node.child)
