"""Records that cross module boundaries. Frozen dataclasses; this module imports nothing of Radar."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """A page of a document, as a span of the stored text (1-based page number)."""

    number: int
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Section:
    """A named part of a document (e.g. 'question', 'answer') as a span of the stored text."""

    name: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Document:
    """A cleaned document: `text` is what chunk offsets point into and what the viewer shows."""

    id: str  # sha256 of the source file's bytes
    path: str  # the path as given to `radar ingest` (relative or absolute)
    text: str
    title: str = ""
    lang: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD) or a year/range when that is all the source gives
    doc_type: str = ""
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    pages: tuple[Page, ...] = ()
    sections: tuple[Section, ...] = ()
    ocr: bool = False


@dataclass(frozen=True)
class Chunk:
    """A passage of a document with its provenance; `text == document.text[char_start:char_end]`."""

    id: str
    doc_id: str
    ordinal: int
    char_start: int
    char_end: int
    text: str
    lang: str
    page: int | None = None
    section: str = ""


@dataclass(frozen=True)
class Hit:
    """A search result: a chunk, its document's metadata, its fused score and parallel versions."""

    chunk: Chunk
    document: Document
    score: float
    also_in: tuple[str, ...] = ()
    relevance: float | None = None  # P(it answers the question), when the judge read it (index/rerank.py)


@dataclass(frozen=True)
class Citation:
    """A verbatim quote with where it stands; `quote == document.text[char_start:char_end]`."""

    n: int
    hit: Hit
    quote: str
    char_start: int
    char_end: int
    reference: str
    version_of: int = 0  # n of the citation this quote is the other-language version of (0: none)


@dataclass(frozen=True)
class Answer:
    """An answer made of quotes, or a refusal with the nearest passages."""

    question: str
    lang: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    passages: tuple[Hit, ...] = ()
    note: str = ""
    kind: str = "answer"  # 'list' when it lists the documents a question asked for (answer.precedents)
    # P(the question is answered by the quotes read), from the relevance model (answer.scoring.answerability); None
    # where no model judged (a list, a language model's answer, no judge, no passage)
    answerability: float | None = None
