"""A keyword query's words as each store's full-text syntax, to narrow down the passages `core.keyword.Matcher`
then reads (SQLite FTS5 on the folder store, a tsquery on PostgreSQL).

Both indexes hold each passage's words lower-cased and without accents (`words`) and its stems (`stems`), so a
word, phrase or prefix found by the matcher is always found here too: these queries may return more passages
than match (accents, a NOT, a phrase of stems), never fewer. None means: no narrowing, read every passage (a query
that only excludes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.keyword import All, AnyOf, Expression, Not, Term, fold_word, query_stems


@dataclass(frozen=True)
class _Syntax:
    phrase: Callable[[list[str], bool], str]  # words in a row, the last one a prefix or not
    stem: Callable[[str], str]
    prefix: Callable[[str], str]
    and_: str
    or_: str


_FTS5 = _Syntax(lambda ws, p: f'words : "{" ".join(ws)}"' + (" *" if p else ""), lambda s: f'stems : "{s}"',
                lambda w: f'words : "{w}" *', " AND ", " OR ")
_TSQUERY = _Syntax(lambda ws, p: "(" + " <-> ".join(f"'{w}':{'*' if p and i == len(ws) - 1 else ''}A"
                                                    for i, w in enumerate(ws)) + ")",
                   lambda s: f"'{s}':B", lambda w: f"'{w}':*A", " & ", " | ")


def fts5_query(expression: Expression | None, stems: bool) -> str | None:
    """FTS5 syntax over the columns `words` and `stems`."""
    return _build(expression, stems, _FTS5)


def tsquery(expression: Expression | None, stems: bool) -> str | None:
    """PostgreSQL tsquery over one tsvector: the words with weight A, the stems with weight B."""
    return _build(expression, stems, _TSQUERY)


def _term(t: Term, stems: bool, syntax: _Syntax) -> str:
    words = [fold_word(w) for w in t.words]
    if not stems:
        return syntax.phrase(words, t.prefix)
    exact = words[:-1] if t.prefix else words  # a prefix matches written words, not stems
    parts = ["(" + syntax.or_.join(syntax.stem(s) for s in query_stems(w)) + ")" for w in exact]
    if t.prefix:
        parts.append(syntax.prefix(words[-1]))
    return "(" + syntax.and_.join(parts) + ")"


def _build(e: Expression | None, stems: bool, syntax: _Syntax) -> str | None:
    if e is None or isinstance(e, Not):
        return None
    if isinstance(e, Term):
        return _term(e, stems, syntax)
    parts = [_build(p, stems, syntax) for p in e.parts]
    if isinstance(e, All):
        kept = [p for p in parts if p is not None]
        return "(" + syntax.and_.join(kept) + ")" if kept else None
    assert isinstance(e, AnyOf)
    return None if any(p is None for p in parts) else "(" + syntax.or_.join(parts) + ")"
