"""Keyword search: every passage that matches a keyword query (core.keyword), with true counts per document, year,
language and source. Not a ranking and never cut to a top k: what a journalist counts must be what is there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from core.keyword import KeywordQuery, Matcher
from core.records import Hit
from index.collection import Collection
from text.dates import date_bounds, newest_first


@dataclass(frozen=True)
class KeywordHit:
    """A matching passage; `spans`: where the query's words occur, as offsets in its document's text."""

    hit: Hit
    spans: tuple[tuple[int, int], ...]

    def matched(self) -> list[str]:
        """The words as written where they occur (distinct, in order)."""
        text = self.hit.document.text
        return list(dict.fromkeys(text[s:e] for s, e in self.spans))


@dataclass(frozen=True)
class KeywordResult:
    query: KeywordQuery
    hits: tuple[KeywordHit, ...]  # newest document first, undated last, then by place in the document
    occurrences: int
    by_document: dict[str, int]  # path → passages
    by_year: dict[str, dict[str, int]]  # year ('undated') → {'documents', 'passages'}
    by_language: dict[str, dict[str, int]]
    by_source: dict[str, dict[str, int]]
    undated_left_out: int  # documents that match but have no date, which a date filter left out

    @property
    def total_passages(self) -> int:
        return len(self.hits)

    @property
    def total_documents(self) -> int:
        return len(self.by_document)


def keyword_search(collection: Collection, query: KeywordQuery) -> KeywordResult:
    """Every passage of the collection that matches `query` (its filters included)."""
    store = collection.store
    matcher = Matcher(query)
    found: dict[int, list[tuple[int, int]]] = {}
    for rowid, _doc, lang, text in store.keyword_rows(query.expression, query.stems):
        spans = matcher.spans(text, lang or "")
        if spans is not None:
            found[rowid] = spans
    chunks = store.chunks(list(found))
    docs = store.documents({c.doc_id for c in chunks.values()})
    undated: set[str] = set()
    hits = []
    for rowid, spans in found.items():
        chunk, doc = chunks[rowid], docs[chunks[rowid].doc_id]
        if not query.filters.accepts(chunk.lang or "", doc.date, doc.doc_type, doc.source):
            if not date_bounds(doc.date or "")[0] and query.filters.without_dates().accepts(
                    chunk.lang or "", doc.date, doc.doc_type, doc.source):
                undated.add(doc.id)
            continue
        hit = Hit(chunk=chunk, document=doc, score=float(len(spans)))
        hits.append(KeywordHit(hit, tuple((chunk.char_start + s, chunk.char_start + e) for s, e in spans)))
    hits = newest_first(sorted(hits, key=lambda h: (h.hit.document.path, h.hit.chunk.char_start)),
                        lambda h: h.hit.document.date)
    return KeywordResult(query, tuple(hits), sum(len(h.spans) for h in hits),
                         dict(Counter(h.hit.document.path for h in hits)),
                         _facet(hits, lambda h: (h.hit.document.date or "")[:4] or "undated"),
                         _facet(hits, lambda h: h.hit.chunk.lang or h.hit.document.lang or "unknown"),
                         _facet(hits, lambda h: h.hit.document.source or "unknown source"), len(undated))


def _facet(hits: list[KeywordHit], key) -> dict[str, dict[str, int]]:
    passages: Counter = Counter()
    documents: dict[str, set[str]] = {}
    for h in hits:
        value = key(h)
        passages[value] += 1
        documents.setdefault(value, set()).add(h.hit.document.id)
    return {value: {"documents": len(documents[value]), "passages": passages[value]}
            for value in sorted(passages, key=lambda v: (-passages[v], v))}
