"""Text cleaning that keeps meaning: unicode repair, de-hyphenation, whitespace, paragraph reflow.

The cleaned text is what Radar stores, what chunk offsets point into and what quotes are cut from,
so cleaning never rewrites words beyond repairing encoding damage and line-break artefacts.
"""

from __future__ import annotations

import re

import ftfy

from text.sentences import LINE_END_PUNCT

_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\n[ \t]*([a-zà-ÿ])")
_SOFT_HYPHEN = re.compile("\u00ad")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# "protéiforme.S'il" / "parlementaire?2." in Chamber exports: a sentence glued to the next one.
_GLUED_SENTENCE = re.compile(r"(?<=[a-zà-ÿ\)»\"%])([.?!])(?=(?:[A-ZÀ-Ý][a-zà-ÿ']|\d{1,2}\.\s?[A-ZÀ-Ý]))")
_REFERENCE_END = re.compile(r"\b(?:(?:sub)?paragraph|article|point|alinéa|paragraphe|lid|onderdeel|artikel|punt|letter|"
                            r"littera)$", re.I)
# a line that is only a part number or an article number ("II", "Artikel 6") is a heading of its own
_NUMBER_LINE = re.compile(r"^(?:[IVXLC]{1,7}\.?|(?:Article|Artikel|Art\.)\s+\d+[a-z]?)$")


def clean_text(text: str, reflow: bool = False) -> str:
    """Repair and normalise one page or document of text."""
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = _SOFT_HYPHEN.sub("", text)
    text = _GLUED_SENTENCE.sub(r"\1 ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if reflow or _looks_hard_wrapped(lines):
        lines = _reflow(lines)
    text = "\n".join(lines)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Scanned-report exports wrap every ~80 characters; prose files put a paragraph on one line."""
    full = [ln for ln in lines if ln]
    if len(full) < 8:
        return False
    wrapped = sum(1 for ln in full if 45 <= len(ln) <= 110 and not ln.endswith(LINE_END_PUNCT))
    return wrapped / len(full) > 0.5 and max(len(ln) for ln in full) <= 140


def _reflow(lines: list[str]) -> list[str]:
    """Join lines of one paragraph; keep blank lines, headings and list items as breaks."""
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("")
            continue
        if out and out[-1] and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    if _NUMBER_LINE.match(line):
        return False
    if re.match(r"^([-•*–]|\d+[.)]|[a-z][.)])\s", line):
        # "… set forth in subparagraph" / "a) of this article …": a wrapped reference, not a list item
        return bool(_REFERENCE_END.search(previous))
    if previous.endswith(LINE_END_PUNCT) and line[:1].isupper():
        return len(previous) > 60  # a full-width line ending a sentence mid-paragraph
    return len(previous) > 30 or line[:1].islower()
