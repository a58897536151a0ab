"""How a question becomes weighted BM25 terms, for every backend: its words stemmed the French, Dutch and English
way, thesaurus terms of the other languages, and vocabulary terms one edit from an unknown word (OCR damage)."""

from __future__ import annotations

import numpy as np

from text.tokens import terms_of

EXPANSION_WEIGHT = 0.5  # thesaurus terms in the other languages
FUZZY_WEIGHT = 0.3  # vocabulary terms one edit away from a query word (OCR damage)


class LexicalQuery:
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
