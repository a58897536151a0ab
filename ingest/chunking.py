"""Chunking on paragraph and sentence boundaries (LangChain's splitter), with exact offsets."""

from __future__ import annotations

import hashlib

from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.records import Page, Section

SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ": ", ", ", " ", ""]
# A piece shorter than this (a title line, "### Article 11", "EPILOGUE") is joined to the piece after it when the
# two fit in MERGED_MAX × the chunk size: alone, its vector is all topic and it outranked real passages
# ("Protocol inzake mensenhandel (Palermo, 2000) – Art." was the first hit for Palermo questions).
MIN_CHARS = 200
MERGED_MAX = 1.25


def chunk_id(doc_id: str, start: int, text: str) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{text}".encode()).hexdigest()[:20]


def split_spans(text: str, start: int, end: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """(start, end) spans of text[start:end] cut by the recursive splitter, mapped back to `text`."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap, separators=SEPARATORS,
                                              keep_separator="end", strip_whitespace=True)
    segment = text[start:end]
    spans: list[tuple[int, int]] = []
    prev_start, prev_end = -1, 0
    for piece in splitter.split_text(segment):
        # The next piece starts after the previous one started and no earlier than its overlap allows.
        at = segment.find(piece, max(prev_start + 1, prev_end - overlap, 0))
        if at < 0:  # the splitter never rewrites text, but never trust an offset we did not check
            at = segment.find(piece, prev_start + 1)
        if at < 0:
            continue
        spans.append((start + at, start + at + len(piece)))
        prev_start, prev_end = at, at + len(piece)
    return spans


def make_chunks(doc_id: str, text: str, pages: tuple[Page, ...], sections: tuple[Section, ...],
                size: int = 1000, overlap: int = 150) -> list[tuple[int, int, int | None, str]]:
    """Spans that never cross a page or a section: (start, end, page, section)."""
    cuts = {0, len(text)}
    for p in pages:
        cuts.update((p.char_start, p.char_end))
    for s in sections:
        cuts.update((s.char_start, s.char_end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        if not text[lo:hi].strip():
            continue
        page = next((p.number for p in pages if p.char_start <= lo < p.char_end), None)
        section = next((s.name for s in sections if s.char_start <= lo < s.char_end), "")
        for start, end in _join_small(split_spans(text, lo, hi, size, overlap), size):
            out.append((start, end, page, section))
    return out


def _join_small(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] - out[-1][0] < MIN_CHARS and end - out[-1][0] <= MERGED_MAX * size:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
