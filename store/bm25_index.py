"""The folder store's BM25 index (bm25s) over chunk rowids, saved beside the SQLite file as a derived cache."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np

from store.lexical import LexicalQuery
from text.tokens import VERSION as TOKENIZER_VERSION
from text.tokens import query_word_forms, tokens

_DIRNAME = "bm25"


class LexicalIndex(LexicalQuery):
    """A BM25 index (bm25s) whose rows are chunk rowids of the store."""

    def __init__(self, model: bm25s.BM25 | None, rowids: np.ndarray, generation: int) -> None:
        self.model = model
        self.rowids = rowids
        self.generation = generation
        self.vocab: dict[str, int] = dict(model.vocab_dict) if model is not None else {}
        self._vocab_terms: dict[int, list[str]] | None = None  # length → terms within one of it

    @classmethod
    def build(cls, rows: list[tuple[int, str, str]], generation: int) -> "LexicalIndex":
        """rows: (rowid, lang, text)."""
        rowids = np.array([r[0] for r in rows], dtype=np.int64)
        if not rows:
            return cls(None, rowids, generation)
        corpus = [tokens(text, lang) or ["\u2205"] for _, lang, text in rows]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(corpus, show_progress=False)
        return cls(model, rowids, generation)

    def save(self, index_dir: Path) -> None:
        """Write to a temporary folder, then swap it in: readers never see half an index."""
        target = Path(index_dir) / _DIRNAME
        tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=index_dir))
        try:
            if self.model is not None:
                self.model.save(str(tmp), show_progress=False)
            np.save(tmp / "rowids.npy", self.rowids, allow_pickle=False)
            (tmp / "radar.json").write_text(json.dumps({"generation": self.generation,
                                                        "tokenizer": TOKENIZER_VERSION}))
            old = None
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=".bm25-old-", dir=index_dir))
                os.replace(target, old / "x")
            os.replace(tmp, target)
            if old:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, index_dir: Path) -> "LexicalIndex | None":
        folder = Path(index_dir) / _DIRNAME
        try:
            info = json.loads((folder / "radar.json").read_text())
            if info.get("tokenizer") != TOKENIZER_VERSION:
                return None
            generation = info["generation"]
            rowids = np.load(folder / "rowids.npy", allow_pickle=False)
            model = bm25s.BM25.load(str(folder), show_progress=False) if len(rowids) else None
        except (OSError, ValueError, KeyError):
            return None
        return cls(model, rowids, generation)

    def word_forms(self, text: str) -> list[tuple[str, ...]]:
        return query_word_forms(text)

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None,
               weights: dict[str, float] | None = None) -> list[tuple[int, float]]:
        """(rowid, score) best first; `allowed` restricts to some rowids (filters); `weights` scale some terms."""
        if self.model is None:
            return []
        known = [t for t in dict.fromkeys(terms) if t in self.vocab]
        if not known:
            return []
        scores = np.zeros(len(self.rowids), dtype=np.float32)
        by_weight: dict[float, list[str]] = {}
        for t in known:
            by_weight.setdefault((weights or {}).get(t, 1.0), []).append(t)
        for w, group in by_weight.items():
            scores += w * self.model.get_scores(group)
        if allowed is not None:
            scores = np.where(np.isin(self.rowids, allowed), scores, 0.0)
        k = min(k, int((scores > 0).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(self.rowids[i]), float(scores[i])) for i in top]
