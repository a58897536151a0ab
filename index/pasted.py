"""A pasted document as the query: find its other-language versions and its relatives, document by document.

One embedding of a long text is a blur of its first 512 tokens, so the text is cut into passages like a
stored document, each passage finds its nearest chunks, and each candidate document is scored by how well
its chunks answer every passage (the mean over the pasted passages of the best cosine — a translation
matches passage by passage). Numbers, dates and acronyms survive translation unchanged, so the share of
them a candidate has in common with the pasted text is a third, language-independent ranking. The three
rankings are fused per document; each document is represented by its best chunk.
"""

from __future__ import annotations

import re

import numpy as np

from index.collection import Collection
from index.fusion import rrf
from ingest.chunking import split_spans

MAX_PIECES = 8  # passages of the pasted text that are embedded (the rest adds time, not evidence)
ANCHOR_CANDIDATES = 10  # documents of each ranking compared on numbers and acronyms
ANCHOR = re.compile(r"\b(?:\d[\d./-]*\d|\d|[A-Z]{2,}[A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*)\b")


def anchors(text: str) -> set[str]:
    """Tokens a translation keeps as they are: numbers, dates, references, acronyms."""
    return set(ANCHOR.findall(text))


def rank_pasted(collection: Collection, text: str, dense: list[tuple[int, float]], n: int,
                allowed: np.ndarray | None, by_language) -> dict[int, float]:
    """rowid → fused score, one chunk (the best) per candidate document."""
    settings = collection.settings
    spans = split_spans(text, 0, len(text), settings.chunk_size, settings.chunk_overlap)[:MAX_PIECES]
    pieces = collection.embedder.encode_passages([text[a:b] for a, b in spans])
    results = collection.vectors.search_many(pieces, n, allowed=allowed)  # one pass over the vectors
    rowids = {r for res in results for r, _ in res} | {r for r, _ in dense}
    doc_of = collection.store.chunk_doc_ids(rowids)

    best_chunk: dict[str, tuple[float, int]] = {}
    per_piece: list[dict[str, float]] = []
    floors = []
    for res in results:
        scores: dict[str, float] = {}
        for rowid, score in res:
            doc = doc_of[rowid]
            if score > scores.get(doc, -1.0):
                scores[doc] = score
            if score > best_chunk.get(doc, (-1.0, 0))[0]:
                best_chunk[doc] = (score, rowid)
        per_piece.append(scores)
        floors.append(res[-1][1] if res else 0.0)  # a document a passage did not reach scores at most this
    for rowid, score in dense:
        doc = doc_of[rowid]
        if score > best_chunk.get(doc, (-1.0, 0))[0]:
            best_chunk[doc] = (score, rowid)
    chamfer = {doc: float(np.mean([s.get(doc, f) for s, f in zip(per_piece, floors)])) for doc in best_chunk}

    chunk_level = list(dict.fromkeys(doc_of[r] for r in by_language(dense)))
    matched = list(dict.fromkeys(doc_of[r] for r in by_language(
        [(best_chunk[d][1], s) for d, s in sorted(chamfer.items(), key=lambda x: -x[1])])))
    candidates = list(dict.fromkeys(chunk_level[:ANCHOR_CANDIDATES] + matched[:ANCHOR_CANDIDATES]))
    mine = anchors(text)
    texts = collection.store.documents(candidates)
    shared = {d: len(mine & (theirs := anchors(texts[d].text))) / (len(mine | theirs) or 1) for d in candidates}
    by_anchor = sorted(candidates, key=lambda d: -shared[d])
    fused = rrf([chunk_level, matched, by_anchor], [1.0, 1.0, 1.0], k=settings.rrf_k)
    return {best_chunk[d][1]: score for d, score in fused.items()}
