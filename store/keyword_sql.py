"""A keyword query's words as each store's full-text syntax, to narrow down the passages `core.keyword.Matcher`
then reads (SQLite FTS5 on the folder store, a tsquery on PostgreSQL).

Both indexes hold each passage's words lower-cased and without accents (`words`) and its stems (`stems`), so a
word, phrase or prefix found by the matcher is always found here too: these queries may return more passages
than match (accents, a NOT, a phrase of stems), never fewer. None means: no narrowing, read every passage (a query
that only excludes)."""

from __future__ import annotations

from core.keyword import All, AnyOf, Expression, Not, Term, fold_word, query_stems


def fts5_query(expression: Expression | None, stems: bool) -> str | None:
    """FTS5 syntax over the columns `words` and `stems`."""
    def term(t: Term) -> str:
        words = [fold_word(w) for w in t.words]
        if not stems:
            return f'words : "{" ".join(words)}"' + (" *" if t.prefix else "")
        exact = words[:-1] if t.prefix else words
        parts = ["(" + " OR ".join(f'stems : "{s}"' for s in query_stems(w)) + ")" for w in exact]
        if t.prefix:
            parts.append(f'words : "{words[-1]}" *')
        return "(" + " AND ".join(parts) + ")"

    return _build(expression, term, " AND ", " OR ")


def tsquery(expression: Expression | None, stems: bool) -> str | None:
    """PostgreSQL tsquery over one tsvector: the words with weight A, the stems with weight B."""
    def term(t: Term) -> str:
        words = [fold_word(w) for w in t.words]
        if not stems:
            return "(" + " <-> ".join(f"'{w}':{'*' if t.prefix and i == len(words) - 1 else ''}A"
                                      for i, w in enumerate(words)) + ")"
        exact = words[:-1] if t.prefix else words
        parts = ["(" + " | ".join(f"'{s}':B" for s in query_stems(w)) + ")" for w in exact]
        if t.prefix:
            parts.append(f"'{words[-1]}':*A")
        return "(" + " & ".join(parts) + ")"

    return _build(expression, term, " & ", " | ")


def _build(e: Expression | None, term, and_: str, or_: str) -> str | None:
    if e is None or isinstance(e, Not):
        return None
    if isinstance(e, Term):
        return term(e)
    parts = [_build(p, term, and_, or_) for p in e.parts]
    if isinstance(e, All):
        kept = [p for p in parts if p is not None]
        return "(" + and_.join(kept) + ")" if kept else None
    assert isinstance(e, AnyOf)
    return None if any(p is None for p in parts) else "(" + or_.join(parts) + ")"
