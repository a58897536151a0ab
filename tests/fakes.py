"""A deterministic fake encoder for unit tests: no model, the same vector for the same words on every machine.

Each word (folded, lower-cased) adds a fixed pseudo-random unit vector (seeded by its CRC32), so texts sharing
words are near and others far: enough to test storage, fusion, filters and collapsing without the real model,
whose behaviour the integration tests (marked slow) check.
"""

from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np

from index.relevance import CONTEXT_INPUTS
from text.normalise import folded_words


class FakeEmbedder:
    """Drop-in for `index.embedder.Embedder` (the members search and ingest use)."""

    name = "fake-bag-of-words"
    precision = "fake"
    query_prefix = passage_prefix = ""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls = 0

    def _word(self, word: str) -> np.ndarray:
        return np.random.default_rng(zlib.crc32(word.encode())).standard_normal(self.dim).astype(np.float32)

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in folded_words(text):
            vec += self._word(word)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else np.full(self.dim, 1 / np.sqrt(self.dim), dtype=np.float32)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.array([self._one(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str], progress=None) -> np.ndarray:
        out = self._encode(texts)
        if progress:
            progress(len(texts), len(texts))
        return out

    def encode_with_concepts(self, query: str, concepts: list[str]) -> np.ndarray:
        return self._encode([query, " ".join([query, *concepts])])

    def prepare_concepts(self, concepts: Sequence[str]) -> None:
        return None

    def token_count(self, text: str) -> int:
        return len(folded_words(text)) + 2



class FakeRelevance:
    """Drop-in for `index.relevance.JudgedRelevance`: the share of the question's words a text holds (≥ 4 letters,
    folded), so a unit test decides by its wording which text "answers"; records what it was asked."""

    refuse_below = 0.5
    unanswered_below = 0.5

    def __init__(self) -> None:
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def passages(self, question: str, texts: Sequence[str], cosines: np.ndarray, positions: np.ndarray) -> np.ndarray:
        context = np.zeros((len(texts), len(CONTEXT_INPUTS)))
        return self.sentences(question, texts, cosines, np.zeros(len(texts)), context)

    def sentences(self, question: str, texts: Sequence[str], cosines: np.ndarray, passages: np.ndarray,
                  context: np.ndarray, crosslingual: np.ndarray | None = None,
                  own_language: Sequence[str] | None = None) -> np.ndarray:
        self.asked.append((question, tuple(texts)))
        words = {w for w in folded_words(question) if len(w) >= 4}
        return np.array([len(words & set(folded_words(t))) / max(len(words), 1) for t in texts])

    def answerability(self, best: float, passage: float, cosine: float) -> float:
        return best  # the best quote decides, by its wording


def write_docs(folder, docs: dict[str, str]):
    """The given texts as files in `folder` (created), for an ingest with the fakes."""
    folder.mkdir(parents=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ingested(root, docs: dict[str, str], **options):
    """A new collection under `root` holding `docs` (file name → text), with the fake encoder unless `options`
    (Collection's keyword arguments) name another."""
    from index.collection import Collection
    from index.indexer import ingest_paths

    options.setdefault("embedder", FakeEmbedder())
    collection = Collection(root / "index", create=True, **options)
    assert not ingest_paths(collection, [str(write_docs(root / "docs", docs))]).failed
    return collection
