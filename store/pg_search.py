"""Search on a PostgreSQL collection: pgvector's HNSW index for vectors, BM25 in SQL over a postings table derived
from full-text vectors (the french, dutch and english configurations over accent-folded text)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from store.lexical import LexicalQuery
from text.normalise import fold
from text.tokens import words

if TYPE_CHECKING:
    from store.postgres import PgStore

TS_CONFIG = {"fr": "french", "nl": "dutch", "en": "english"}
BM25_K1, BM25_B = 1.2, 0.75  # as the folder store's index (bm25s)
EXACT_FILTER_ROWS = 50_000  # filtered vector searches over fewer rows than this are exact


class PgVectorIndex:
    """pgvector HNSW search (inner product on normalised vectors), keyed by chunk rowid."""

    kind = "hnsw"

    def __init__(self, store: PgStore, generation: int) -> None:
        self.store = store
        self.generation = generation

    @property
    def size(self) -> int:
        return int(self.store._execute("SELECT count(*) FROM chunks").fetchone()[0])

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if allowed is not None and len(allowed) == 0:
            return []
        vec = np.asarray(query, dtype=np.float32).ravel()
        with self.store.transaction():
            # HNSW returns at most ef_search rows; a filter may need iterative scanning past the first ones.
            self.store._execute(f"SET LOCAL hnsw.ef_search = {int(min(max(2 * k, 100), 1000))}")
            if allowed is None:
                rows = self.store._execute("SELECT rowid, -(embedding <#> %s) FROM chunks ORDER BY embedding <#> %s "
                                     "LIMIT %s", (vec, vec, k)).fetchall()
            elif len(allowed) <= EXACT_FILTER_ROWS:  # a filtered subset: exact, like the folder store
                rows = self.store._execute("WITH s AS MATERIALIZED (SELECT rowid, embedding <#> %s AS d FROM chunks "
                                     "WHERE rowid = ANY(%s)) SELECT rowid, -d FROM s ORDER BY d LIMIT %s",
                                     (vec, [int(a) for a in allowed], k)).fetchall()
            else:  # a broad filter: the HNSW index, scanning on until k rows pass it
                self.store._execute("SET LOCAL hnsw.iterative_scan = strict_order")
                rows = self.store._execute("SELECT rowid, -(embedding <#> %s) FROM chunks WHERE rowid = ANY(%s) "
                                     "ORDER BY embedding <#> %s LIMIT %s",
                                     (vec, [int(a) for a in allowed], vec, k)).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def search_many(self, queries: np.ndarray, k: int,
                    allowed: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        return [self.search(q, k, allowed) for q in queries]


class PgLexicalIndex(LexicalQuery):
    """BM25 over PostgreSQL full-text vectors (per-language Snowball configurations, accents folded)."""

    def __init__(self, store: PgStore, generation: int) -> None:
        self.store = store
        self.generation = generation
        self._stats: tuple[int, float] | None = None
        self._vocab: set[str] | None = None

    def _corpus(self) -> tuple[int, float]:
        """Chunk count and mean length (once per generation)."""
        if self._stats is None:
            n, avgdl = self.store._execute("SELECT count(*), coalesce(avg(ntok), 1) FROM chunks").fetchone()
            self._stats = (int(n), float(avgdl) or 1.0)
        return self._stats

    @property
    def vocab(self) -> set[str]:
        """Every lexeme of the collection (for fuzzy matching of OCR-damaged words)."""
        if self._vocab is None:
            self._vocab = {r[0] for r in self.store._execute("SELECT lexeme FROM lexemes")}
        return self._vocab

    def word_forms(self, text: str) -> list[tuple[str, ...]]:
        """Each word's lexemes under the three configurations, after Radar's own word split (elisions,
        stopwords of all three languages), as in the folder store."""
        rows = self.store._execute("SELECT w.i, array_agg(DISTINCT u.lexeme) FROM unnest(%s::text[]) WITH ORDINALITY "
                             "w(word, i), unnest(%s::regconfig[]) cfg, unnest(to_tsvector(cfg, w.word)) u "
                             "GROUP BY w.i ORDER BY w.i", ([fold(w) for w in words(text)], list(TS_CONFIG.values())))
        return [tuple(r[1]) for r in rows]

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None,
               weights: dict[str, float] | None = None) -> list[tuple[int, float]]:
        n, avgdl = self._corpus()
        df = dict(self.store._execute("SELECT lexeme, df FROM lexemes WHERE lexeme = ANY(%s)",
                                (list(dict.fromkeys(terms)),)).fetchall())
        known = [t for t in dict.fromkeys(terms) if t in df]
        if not known or k <= 0:
            return []
        w = [(weights or {}).get(t, 1.0) * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in known]
        where = " WHERE p.rowid = ANY(%s)" if allowed is not None else ""
        params: list = [known, w] + ([[int(a) for a in allowed]] if allowed is not None else []) + [k]
        rows = self.store._execute(
            "SELECT p.rowid, sum(q.w * p.tf / (p.tf + %s * (1 - %s + %s * p.ntok / %s))) AS score"
            " FROM unnest(%s::text[], %s::float8[]) AS q(term, w) JOIN postings p ON p.lexeme = q.term"
            f"{where} GROUP BY p.rowid ORDER BY score DESC, p.rowid LIMIT %s",
            [BM25_K1, BM25_B, BM25_B, avgdl, *params]).fetchall()
        return [(int(r), float(s)) for r, s in rows]




def vector_value(value) -> np.ndarray:
    """pgvector values come back as numpy arrays or as `Vector` objects depending on the query."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)
