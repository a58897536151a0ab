"""Sentence spans inside a passage, as offsets into the document text (quotes are cut, never rewritten)."""

from __future__ import annotations

import re

# A sentence ends at . ! ? or a line break, unless the dot belongs to an abbreviation or a number.
_END = re.compile(r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(]?[A-ZÀ-Ý0-9•–-])|\n+")
_ABBREVIATIONS = ("n°", "art.", "Art.", "M.", "Mme.", "Dr.", "p.", "nr.", "bv.", "e.a.", "o.a.", "cf.", "etc.", "vs.",
                  "St.", "al.", "e.g.", "i.e.", "no.", "min.", "dhr.")
MAX_QUOTE = 500
LINE_END_PUNCT = tuple(".:;!?»\"”)")  # a line ending so ends its sentence
_CLOSERS = (*LINE_END_PUNCT, "…")
_CONTINUES = re.compile(r"[a-zà-ÿ](?![.)]\s)")  # a lower-case word, not an "a) " / "b. " list item


def sentence_spans(text: str, start: int, end: int, joins: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text[start:end], whitespace-trimmed, none empty.

    `joins`: offsets of page breaks that a sentence runs on over (see `runs_on`); no sentence ends there."""
    segment = text[start:end]
    spans, cursor = [], 0
    for match in _END.finditer(segment):
        before = segment[cursor : match.start()]
        if before.rstrip().endswith(_ABBREVIATIONS) or re.search(r"\b\d{1,2}\.$", before.rstrip()) and \
                len(before.strip()) < 4:
            continue
        if joins and any(start + match.start() <= j <= start + match.end() for j in joins):
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(segment)))
    out = []
    for s, e in spans:
        piece = segment[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        s, e = s + lead, e - trail
        if e - s >= 3 and any(ch.isalpha() for ch in segment[s:e]):
            out.extend(_cap(text, start + s, start + e))
    return out


def runs_on(before: str, after: str) -> bool:
    """Does a sentence run on across this page break ("… onderdak aan of het" | "opnemen van personen"): no
    closing punctuation before it, a lower-case word after it? (Not for line breaks in general: a title's
    "DIRECTIVE 2011/36/EU" / "of 5 April 2011" lines are not one sentence.)"""
    return bool(_CONTINUES.match(after)) and not before.rstrip().endswith(_CLOSERS)


def _cap(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split an overlong sentence at clause boundaries (; : ,) so every quote stays ≤ MAX_QUOTE characters."""
    if e - s <= MAX_QUOTE:
        return [(s, e)]
    out = []
    while e - s > MAX_QUOTE:
        window = text[s : s + MAX_QUOTE]
        cut = max(window.rfind("; "), window.rfind(": "), window.rfind(", "))
        if cut < MAX_QUOTE // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_QUOTE - 1
        out.append((s, s + cut + 1 if text[s + cut] in ";:," else s + cut))
        s = s + cut + 1
        while s < e and text[s].isspace():
            s += 1
    if e - s >= 3:
        out.append((s, e))
    return out


def sentence_start(text: str, start: int, lo: int, joins: frozenset[int] = frozenset()) -> int:
    run_on = [j for j in joins if lo < j <= start and not text[j:start].strip()]
    if run_on:  # the passage opens a page mid-sentence: the sentence starts on the page before
        start = run_on[0]
    window = text[max(lo, start - 300) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    if start == lo or (start > 0 and text[start - 1] in "\n"):
        return start
    return max(lo, start - len(window) + cut + 1) if cut >= 0 else start


def sentence_end(text: str, end: int, hi: int, joins: frozenset[int] = frozenset()) -> int:
    if end >= hi or text[end - 1 : end] in {".", "?", "!"} or (text[end - 1 : end] == "\n" and end - 1 not in joins):
        return end
    window = text[end : min(hi, end + MAX_QUOTE)]  # a sentence ends within a quote's length or is cut later
    breaks = [i for i, ch in enumerate(window) if ch == "\n" and not any(j <= end + i < j + 3 for j in joins)]
    cuts = [i for i in (window.find(". "), window.find("? "), breaks[0] if breaks else -1) if i >= 0]
    return end + min(cuts) + 1 if cuts else end


# A generated answer's sentence ends after . ! ? and the [n] citations that close it.
_CLAIM_END = re.compile(r"(?<=[.!?])(?:\s*\[\d+\](?:\s*\[\d+\])*)?\s+(?=[A-ZÀ-Ý“\"«])")


def claim_sentences(text: str) -> list[str]:
    """The sentences of a language model's answer, each with its closing [n] citations."""
    return [s.strip() for s in _CLAIM_END.split(text.strip()) if s.strip()]
