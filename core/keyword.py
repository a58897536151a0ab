"""Keyword queries a journalist can count on: exact words and phrases, AND / OR / NOT (and -word), a trailing *
wildcard, and field filters (source:, type:, lang:, year:).

A passage matches word by word, never by a substring: its words are its runs of letters and digits, compared
without case (and, by choice, without accents or by stem in the passage's own language). So the number of
matching passages is exactly what a word-boundary `grep -i` over the stored texts counts. The stores' full-text
indexes only narrow down which passages to read (`Expression` → their query syntax, store/keyword_sql.py); this
module decides what matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

from core.errors import InvalidQuery
from core.filters import Filters, real_date
from text.normalise import fold
from text.tokens import LANGS, _stemmer

WORD = re.compile(r"[^\W_]+")  # a word: letters and digits (PAG-ASA is two words, l'exploitation two)
FIELDS = {"source": "source", "type": "doc_type", "lang": "lang", "year": "year"}
MAX_TERMS = 64
_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|(?P<neg>-)?(?:(?P<field>[a-z]+):)?(?:"(?P<phrase>[^"]*)"|'
                    r'(?P<word>[^\s()"]+)))')


@dataclass(frozen=True)
class Term:
    """A word or a phrase (consecutive words); `prefix`: its last word may go on (traffick*)."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{text}"' if len(self.words) > 1 else text


@dataclass(frozen=True)
class Not:
    part: "Expression"


@dataclass(frozen=True)
class All:
    parts: tuple["Expression", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Expression", ...]


Expression = Union[Term, Not, All, AnyOf]


@dataclass(frozen=True)
class KeywordQuery:
    """A parsed keyword query. `accents`/`stems`: match without accents / by stem (which also ignores accents)."""

    text: str
    expression: Expression | None
    filters: Filters = field(default_factory=Filters)
    accents: bool = True  # True: 'sécurité' does not match 'securite'
    stems: bool = False

    def terms(self) -> list[Term]:
        """The words and phrases that must be present (what is highlighted), in query order."""
        return list(dict.fromkeys(_positive_terms(self.expression)))


def parse(text: str, accents: bool = True, stems: bool = False, filters: Filters | None = None) -> KeywordQuery:
    """The query, or InvalidQuery saying what to fix. Operators are AND, OR, NOT in capitals (lower-case 'or'
    is the French word); words side by side must all be present; OR binds looser than AND; -word excludes."""
    text = (text or "").strip()
    if not text:
        raise InvalidQuery("the keyword query is empty: type a word, a \"phrase in quotes\" or word1 OR word2")
    if text.count('"') % 2:
        raise InvalidQuery(f"the keyword query {text[:60]!r} has an unclosed quote (\")")
    items, fields = _lex(text)
    parser = _Parser(items, text)
    expression = parser.expression() if items else None
    if parser.pos < len(items):
        raise InvalidQuery(f"the keyword query {text[:60]!r} has a ')' without its '('")
    if expression is None and not fields:
        raise InvalidQuery(f"the keyword query {text[:60]!r} has no word to look for")
    if len(_positive_terms(expression)) > MAX_TERMS:
        raise InvalidQuery(f"the keyword query has more than {MAX_TERMS} words or phrases: split it")
    return KeywordQuery(text, expression, _merge(filters or Filters(), fields), accents, stems)


def _lex(text: str) -> tuple[list, dict[str, str]]:
    items: list = []
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("paren"):
            items.append(m.group("paren"))
            continue
        value = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        name = m.group("field")
        if name:
            if name not in FIELDS:
                raise InvalidQuery(f"unknown field {name}: in the keyword query; use {', '.join(FIELDS)} "
                                   "(e.g. year:2023 lang:nl)")
            fields[FIELDS[name]] = value
            continue
        if m.group("word") in ("AND", "OR", "NOT") and not m.group("neg"):
            items.append(m.group("word"))
            continue
        term = _term(value, text)
        if term is not None:
            items.append(Not(term) if m.group("neg") else term)
    return items, fields


def _term(value: str, text: str) -> Term | None:
    prefix = value.endswith("*")
    words = tuple(w.lower() for w in WORD.findall(value))
    if "*" in value.rstrip("*") or (prefix and not words):
        raise InvalidQuery(f"in {text[:60]!r}: a * goes at the end of a word (traffick*), not alone or inside it")
    if not words:
        return None  # punctuation alone (a dash, a slash): nothing to look for
    return Term(words, prefix)


def _merge(filters: Filters, fields: dict[str, str]) -> Filters:
    year = fields.pop("year", None)
    if year is not None:
        if not real_date(year) or len(year) != 4:
            raise InvalidQuery(f"year:{year} is not a year: write year:2023")
        fields.update(since=year, until=year)
    values = {k: getattr(filters, k) for k in ("lang", "since", "until", "doc_type", "source", "include_undated")}
    values.update(fields)
    return Filters(**values)


class _Parser:
    """or := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary | '(' or ')' | term."""

    def __init__(self, items: list, text: str) -> None:
        self.items, self.text, self.pos = items, text, 0

    def peek(self):
        return self.items[self.pos] if self.pos < len(self.items) else None

    def expression(self) -> Expression:
        parts = [self.conjunction()]
        while self.peek() == "OR":
            self.pos += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def conjunction(self) -> Expression:
        parts = [self.unary()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.pos += 1
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> Expression:
        item = self.peek()
        if item is None or item in ("AND", "OR", ")"):
            raise InvalidQuery(f"the keyword query {self.text[:60]!r} has an operator with nothing on one side")
        self.pos += 1
        if item == "NOT":
            return Not(self.unary())
        if item == "(":
            inner = self.expression()
            if self.peek() != ")":
                raise InvalidQuery(f"the keyword query {self.text[:60]!r} has a '(' without its ')'")
            self.pos += 1
            return inner
        return item


def _positive_terms(expression: Expression | None) -> list[Term]:
    if isinstance(expression, Term):
        return [expression]
    if isinstance(expression, (All, AnyOf)):
        return [t for p in expression.parts for t in _positive_terms(p)]
    return []


# -- matching ---------------------------------------------------------------------------------------------------
def stem(word: str, lang: str) -> str:
    """A word's stem in a language Radar reads (English for any other), accents folded first."""
    return _stemmer(lang if lang in LANGS else "en").stemWord(fold(word))


def query_stems(word: str) -> tuple[str, ...]:
    """A query word's stems in every language (the passage's language decides which one must match)."""
    return tuple(dict.fromkeys(stem(word, lang) for lang in LANGS))


@lru_cache(maxsize=4096)
def fold_word(word: str) -> str:
    """A word without accents (cached: the same words recur in every passage)."""
    return fold(word)


class Matcher:
    """Where a query's words occur in a passage: `spans(text, lang)` is None when the passage does not match,
    else the (start, end) of every occurrence of the words and phrases it looks for (NOT parts excluded)."""

    def __init__(self, query: KeywordQuery) -> None:
        self.query = query

    def _form(self, word: str, lang: str) -> str:
        if self.query.stems:
            return stem(word, lang)
        return word if self.query.accents else fold_word(word)

    def spans(self, text: str, lang: str) -> list[tuple[int, int]] | None:
        if self.query.expression is None:
            return []
        tokens = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
        forms = [self._form(t, lang) for t, _, _ in tokens]
        plain = [t if self.query.accents else fold_word(t) for t, _, _ in tokens]
        found = self._eval(self.query.expression, tokens, forms, plain, lang)
        return None if found is None else sorted(set(found))

    def _eval(self, e: Expression, tokens, forms, plain, lang) -> list[tuple[int, int]] | None:
        if isinstance(e, Term):
            hits = self._occurrences(e, tokens, forms, plain, lang)
            return hits or None
        if isinstance(e, Not):
            return [] if self._eval(e.part, tokens, forms, plain, lang) is None else None
        results = [self._eval(p, tokens, forms, plain, lang) for p in e.parts]
        if isinstance(e, All):
            return None if any(r is None for r in results) else [s for r in results for s in r]
        matched = [r for r in results if r is not None]
        return [s for r in matched for s in r] if matched else None

    def _occurrences(self, term: Term, tokens, forms, plain, lang) -> list[tuple[int, int]]:
        wanted = [self._form(w, lang) for w in term.words]
        if term.prefix:  # the last word is a prefix of a written word (by its letters, not its stem)
            last = term.words[-1] if self.query.accents else fold_word(term.words[-1])
        n, out = len(wanted), []
        for i in range(len(tokens) - n + 1):
            if term.prefix:
                if forms[i:i + n - 1] != wanted[:-1] or not plain[i + n - 1].startswith(last):
                    continue
            elif forms[i:i + n] != wanted:
                continue
            out.append((tokens[i][1], tokens[i + n - 1][2]))
        return out


# -- what the stores index, so their full-text search can narrow down the passages to read ------------------------
def indexed_words(text: str) -> str:
    """A passage's words, lower-cased and without accents, space-separated (the `words` the indexes hold)."""
    return " ".join(fold_word(m.group().lower()) for m in WORD.finditer(text))


def indexed_stems(text: str, lang: str) -> str:
    """A passage's words as stems of its own language, space-separated, in the same order."""
    return " ".join(stem(m.group().lower(), lang) for m in WORD.finditer(text))
