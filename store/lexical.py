"""BM25 over chunks (bm25s), per-language stemming, with fuzzy term matching for OCR-damaged text."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np

from text.tokens import VERSION as TOKENIZER_VERSION
from text.tokens import query_word_forms, terms_of, tokens

_DIRNAME = "bm25"
EXPANSION_WEIGHT = 0.5  # thesaurus terms in the other languages
FUZZY_WEIGHT = 0.3  # vocabulary terms one edit away from a query word (OCR damage)


class LexicalSearch:
    """How a question becomes weighted BM25 terms; backends supply `word_forms`, `vocab` and `search`."""

    vocab: dict[str, int] | set[str]
    _vocab_terms: dict[int, list[str]] | None = None  # length → terms within one of it

    def word_forms(self, text: str) -> list[tuple[str, ...]]:
        """Each query word's index forms (one per language's stemmer); a word none of whose forms is in the
        vocabulary is the one fuzzy matching is for."""
        raise NotImplementedError

    def query_terms(self, text: str) -> list[str]:
        return terms_of(self.word_forms(text))

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None,
               weights: dict[str, float] | None = None) -> list[tuple[int, float]]:
        raise NotImplementedError

    def query(self, text: str, expansion: list[str], k: int,
              allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(rowid, score) for a question, its thesaurus expansion and fuzzy variants of unknown words."""
        forms = self.word_forms(text)  # the question is tokenised once (a round trip on the server)
        base = terms_of(forms)
        extra = [t for t in self.query_terms(" ; ".join(expansion)) if t not in base] if expansion else []
        unknown = [f for word in forms if not any(f in self.vocab for f in word) for f in word]
        fuzzy = [t for t in self.expand_fuzzy(list(dict.fromkeys(unknown))) if t not in base]
        weights = {**{t: EXPANSION_WEIGHT for t in extra}, **{t: FUZZY_WEIGHT for t in fuzzy},
                   **{t: 1.0 for t in base}}
        return self.search(base + extra + fuzzy, k, allowed=allowed, weights=weights)

    def expand_fuzzy(self, terms: list[str], max_new: int = 3) -> list[str]:
        """Add vocabulary terms one edit away from query terms absent from it (OCR: 'traitc' ~ 'trait')."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._vocab_terms is None:  # one edit changes a length by at most one: 5× fewer terms to scan
            by_length: dict[int, list[str]] = {}
            for t in self.vocab:
                by_length.setdefault(len(t), []).append(t)
            self._vocab_terms = {n: by_length.get(n - 1, []) + by_length.get(n, []) + by_length.get(n + 1, [])
                                 for n in range(5, max(by_length, default=0) + 2)}
        extra = []
        for term in terms:
            if len(term) < 5 or term.isdigit():
                continue
            near = self._vocab_terms.get(len(term), [])
            for cand, _, _ in process.extract(term, near, scorer=Levenshtein.distance,
                                              score_cutoff=1, limit=max_new):
                if cand != term:
                    extra.append(cand)
        return extra


class LexicalIndex(LexicalSearch):
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
