"""Safe rendering helpers for the app: document text is untrusted and must display as inert text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

from core.records import Hit
from radar.output import hit_json

# HTML and Markdown both act on these characters; as numeric entities they display but never act.
_ACTIVE = {ch: f"&#{ord(ch)};" for ch in "&<>\"'`*_[]()#!|~\\{}=+-:$"}


def escape(text: str) -> str:
    """Text that renders literally inside st.markdown(..., unsafe_allow_html=True): no tags, no links."""
    out = "".join(_ACTIVE.get(ch, ch) for ch in text)
    return out.replace("\n", "<br>")


def highlight(text: str, start: int, end: int, context: int = 600) -> str:
    """The passage around text[start:end] with the quote marked; everything escaped."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    before, quote, after = text[lo:start], text[start:end], text[end:hi]
    return (("… " if lo else "") + escape(before) + '<mark id="radar-quote">' + escape(quote) + "</mark>" +
            escape(after) + (" …" if hi < len(text) else ""))


def safe_filename(name: str) -> str:
    """An upload's name reduced to its last component, with only safe characters (never a path)."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    return base[:120]


def counts(hits: list[Hit]) -> dict[str, Counter]:
    return {
        "document": Counter(h.document.path for h in hits),
        "year": Counter((h.document.date or "n.d.")[:4] for h in hits),
        "language": Counter(h.chunk.lang or h.document.lang for h in hits),
    }


def export_rows(hits: list[Hit], reference) -> list[dict]:
    rows = []
    for h in hits:
        row = hit_json(h)
        row["reference"] = reference(h.document, h.chunk)
        row["also_in"] = " | ".join(row["also_in"])
        rows.append(row)
    return rows


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_json(query: str, rows: list[dict]) -> str:
    return json.dumps({"query": query, "results": rows}, ensure_ascii=False, indent=1)
