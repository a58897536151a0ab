"""Safe rendering helpers for the app: document text is untrusted and must display as inert text."""

from __future__ import annotations

import json
import re
from collections import Counter

from core.records import Hit

# HTML and Markdown both act on these characters; as numeric entities they display but never act. With '.', ':'
# and '@' broken up, GFM cannot turn "www.host", "http://host" or "a@host.org" into a link either.
_ACTIVE = {ch: f"&#{ord(ch)};" for ch in "&<>\"'`*_[]()#!|~\\{}=+-:$.@^%"}


# Labels and headings are Markdown whose GFM step links bare "http://", "www." and "a@b.org" in the text it has
# already decoded, so entities cannot stop it: an invisible word joiner (U+2060) inside each breaks the pattern.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=\bwww)(?=\.)|(?<=\w)(?=@\w)")
WORD_JOINER = "\u2060"


def escape(text: str, inline: bool = False) -> str:
    """The one way a document-derived string (title, path, source, passage, reference, error) reaches
    Markdown or HTML: it renders literally in st.markdown(..., unsafe_allow_html=True) and in widget labels
    (`inline`: one line, for expanders, headers, captions and tooltips): no tags, links, images or formatting."""
    if inline:
        text = _AUTOLINK.sub(WORD_JOINER, " ".join(text.split()))
    out = "".join(_ACTIVE.get(ch, ch) for ch in text)
    return out.replace("\n", "<br>")


def highlight(text: str, start: int, end: int, context: int = 600) -> str:
    """The passage around text[start:end] with the quote marked; everything escaped."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    before, quote, after = text[lo:start], text[start:end], text[end:hi]
    return (("… " if lo else "") + escape(before) + '<mark id="radar-quote">' + escape(quote) + "</mark>" +
            escape(after) + (" …" if hi < len(text) else ""))


def counts(hits: list[Hit]) -> dict[str, Counter]:
    return {
        "document": Counter(h.document.path for h in hits),
        "year": Counter((h.document.date or "n.d.")[:4] for h in hits),
        "language": Counter(h.chunk.lang or h.document.lang for h in hits),
    }


def to_json(query: str, rows: list[dict]) -> str:
    return json.dumps({"query": query, "results": rows}, ensure_ascii=False, indent=1)
