"""Which passages an answer reads, and their sentences as document offsets: passages of titles only passed over for
a question, the cited source's own passages read besides, a sentence extended over a page break, a list quoted with
its header."""

from __future__ import annotations

import os
import re

import numpy as np

from answer.question import JOINING, Question
from core.filters import Filters
from core.records import Document, Hit
from index.collection import Collection, naming
from index.search import search
from text.normalise import squashed
from text.sentences import MAX_QUOTE, runs_on, sentence_end, sentence_spans, sentence_start

PASSAGES = 5  # passages whose sentences compete
SPARE = 3  # passages searched beyond those, to stand in for passages of titles only
SOURCE_PASSAGES = 3  # passages of the source a question cites, read besides (see cited_source_passages)


def answer_passages(hits: list[Hit], asks_question: bool) -> list[Hit]:
    """The passages whose sentences compete. For a question, a passage of titles only (a title page, "Article 7 /
    Status of victims …" cut from its text) is passed over: it holds no answer and would take an answer's place."""
    if not asks_question:
        return hits[:PASSAGES]
    stating = [hit for hit in hits if any(not heading_at(hit.document.text, s, e) for s, e in passage_sentences(hit))]
    return stating[:PASSAGES] or hits[:PASSAGES]


def cited_source_passages(collection: Collection, question: Question, hits: list[Hit],
                          filters: Filters | None) -> list[Hit]:
    """The best passages of the source a question cites ("… according to Payoke?"), read besides the others:
    the one that answers may rank below other documents' passages on the same topic (their sentences are judged
    with the others', so the search does not rerank them). The search runs within the documents that name the
    source (with the user's other filters); a user's own --source filter leaves it to them."""
    speaker = question.speaker
    if not speaker or (filters and filters.source):
        return []
    within = collection.cached(("cited", speaker), lambda: _cited_rowids(collection, speaker))
    if not within.size:
        return []
    seen = {hit.chunk.id for hit in hits[:PASSAGES + SPARE]}
    own = search(collection, question.text, k=SOURCE_PASSAGES, filters=filters, per_doc=SOURCE_PASSAGES,
                 rerank=False, within=within)
    return [hit for hit in own if hit.chunk.id not in seen]


def _cited_rowids(collection: Collection, speaker: str) -> np.ndarray:
    rowids = collection.doc_rowids()
    return np.array(sorted(r for doc, named in collection.document_names().items() if names(speaker, *named)
                           for r in rowids.get(doc, [])), dtype=np.int64)


def cites(speaker: str, document: Document) -> bool:
    """Does the document's source, title or file name name the cited source?"""
    return names(speaker, *naming(document.source, document.title, document.path))


def names(speaker: str, written: str, file: str = "") -> bool:
    """Is every word of the cited source's name a word of a document's source and title (`written`) or file name,
    in any order? "UN" is not in "United Nations" nor in "Council of Europe"; "PAG-ASA" is in
    "pagasa_hulp_slachtoffers"; "Protocole de Palerme" is in "UN Palermo Protocol on trafficking in persons". A word
    in capitals ("UN", "ILO") is an acronym: in capitals in the source and title (not the article of "Un enfant …"),
    in any case in the file name (written in lower case)."""
    capitals = {squashed(w) for w in re.findall(r"[\w'’-]+", written) if w.isupper()}
    held = set(re.findall(r"[a-z0-9]+", squashed(f"{written} {file}")))
    in_file = set(re.findall(r"[a-z0-9]+", squashed(file)))
    words = [w for w in re.findall(r"[\w'’-]+", speaker) if squashed(w) not in JOINING]  # not looked for
    return bool(words) and all(_held(w, capitals, held, in_file) for w in words)


def _held(word: str, capitals: set[str], held: set[str], in_file: set[str]) -> bool:
    parts = re.findall(r"[a-z0-9]+", squashed(word))
    if len(word) > 1 and word.isupper():
        return squashed(word) in capitals or all(p in in_file for p in parts)
    return all(p in held or any(_alike(p, h) for h in held) for p in parts)


def _alike(a: str, b: str) -> bool:
    """The same name in another language: both at least 6 letters, differing after their common prefix by one
    letter each at most (palerme/palermo, protocole/protocol)."""
    if min(len(a), len(b)) < 6:
        return False
    common = len(os.path.commonprefix([a, b]))
    return len(a) - common <= 1 and len(b) - common <= 1


def sentence_candidates(hits: list[Hit]) -> list[tuple[Hit, int, int, int]]:
    """(hit, passage rank, start, end) for the sentences of the given passages."""
    return [(hit, rank, s, e) for rank, hit in enumerate(hits) for s, e in passage_sentences(hit)]


def passage_sentences(hit: Hit) -> list[tuple[int, int]]:
    """The passage's sentences as document offsets, extended to whole sentences, a list with its header."""
    text, c = hit.document.text, hit.chunk
    joins = page_joins(hit.document)
    lo, hi = _bounds(hit, joins)
    start = sentence_start(text, c.char_start, lo, joins)
    end = sentence_end(text, c.char_end, hi, joins)
    return _with_lists(text, sentence_spans(text, start, end, joins))


def _with_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that announces a list ("… de nouveaux partenaires essentiels :") is quoted with the
    items that follow it, up to the quote limit: the items are the answer."""
    out = []
    for i, (s, e) in enumerate(spans):
        j = i
        while text[s:e].rstrip().endswith(":") or (j > i and _is_item(text, spans[j][0])):
            if j + 1 >= len(spans) or spans[j + 1][1] - s > MAX_QUOTE:
                break
            j += 1
            e = spans[j][1]
            if not (j + 1 < len(spans) and _is_item(text, spans[j + 1][0])):
                break
        out.append((s, e))
    return out


def _is_item(text: str, start: int) -> bool:
    return text[start : start + 1] in "-•–*" or bool(re.match(r"\d{1,2}[.)]\s", text[start : start + 4]))


def _bounds(hit: Hit, joins: frozenset[int] = frozenset()) -> tuple[int, int]:
    """Never extend a passage across its section, nor across its page unless a sentence runs on over the
    page break (quoted with both pages in its reference)."""
    doc = hit.document
    lo, hi = 0, len(doc.text)
    for span in doc.sections:
        if span.char_start <= hit.chunk.char_start < span.char_end:
            lo, hi = max(lo, span.char_start), min(hi, span.char_end)
    pages = list(doc.pages)
    for i, span in enumerate(pages):
        if span.char_start <= hit.chunk.char_start < span.char_end:
            first = pages[i - 1].char_start if i > 0 and pages[i - 1].char_end in joins else span.char_start
            last = pages[i + 1].char_end if i + 1 < len(pages) and span.char_end in joins else span.char_end
            lo, hi = max(lo, first), min(hi, last)
    return lo, hi


def page_joins(doc: Document) -> frozenset[int]:
    """Offsets of the page breaks a sentence runs on over."""
    text, pages = doc.text, doc.pages
    return frozenset(a.char_end for a, b in zip(pages, pages[1:])
                     if runs_on(text[a.char_start : a.char_end], text[b.char_start : b.char_start + 3]))


def heading_at(text: str, start: int, end: int) -> bool:
    return is_heading(text[start:end], cut_off=not text[end:].strip())


def is_heading(sentence: str, cut_off: bool = False) -> bool:
    """A title or a list header rather than a statement: without a sentence's closing stop (a closing bracket is
    none: "Rudi Vervoort, Ministre-Président … (question n°1200)"), in capitals, or a bare "Art." reference line.
    A label with its items ("Nos valeurs: Egalité, Transparence, Engagement") is a statement, and so is a long
    sentence that ends the document without a stop (`cut_off`): an excerpt cut short, where a long title line
    ("Protocol to Prevent, … Organized Crime") has text after it."""
    text = sentence.strip()
    words = text.split()
    if re.search(r":\s*[^,]+(?:,[^,]+){2,}$", text):
        return False
    if not text.endswith((".", "!", "?", "»", "”", '"')) and \
            (len(words) <= 12 or not (cut_off or text.endswith((",", ";", ":")))):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return True
    return len(words) <= 8 and text.endswith(("Art.", "art.", "p.", "n°."))
