"""The search's top passages reordered by the probability that they answer the question (index/relevance.py).

Only the first few are read by the judge (`Settings.rerank`, 5: each costs ~20 ms on 2 cores); the rest keep the
hybrid search's order below them. A passage's cosine is its stored vector's, so nothing is embedded again."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from core.records import Hit
from index.collection import Collection


def rerank(collection: Collection, query: str, hits: list[Hit], rowids: list[int], depth: int) -> list[Hit]:
    """`hits` (found at `rowids`) with the first `depth` in order of relevance, each given its probability."""
    relevance = collection.relevance
    top = min(depth, len(hits))
    if relevance is None or top == 0:
        return hits
    qvec = collection.embedder.encode_queries([query])[0]
    stored, vectors = collection.store.vectors(collection.dim, rowids[:top])
    by_rowid = dict(zip(stored.tolist(), vectors))
    cosines = np.array([float(by_rowid[r] @ qvec) if r in by_rowid else 0.0 for r in rowids[:top]])
    probability = relevance.passages(query, [hit.chunk.text for hit in hits[:top]], cosines, np.arange(1, top + 1))
    judged = [replace(hit, relevance=round(float(p), 4)) for hit, p in zip(hits[:top], probability)]
    order = sorted(range(top), key=lambda i: -probability[i])  # stable: ties keep the search's order
    return [judged[i] for i in order] + hits[top:]
