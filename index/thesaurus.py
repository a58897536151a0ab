"""A FR/NL/EN thesaurus of the field's terms, used to expand queries into the other languages.

The data is a TSV users can extend (`RADAR_THESAURUS=/path/extra.tsv` adds to the bundled file):
concept <TAB> French terms <TAB> Dutch terms <TAB> English terms, terms separated by ';'.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.settings import variable
from text.normalise import padded

BUNDLED = Path(__file__).with_name("thesaurus.tsv")


@dataclass(frozen=True)
class Concept:
    name: str
    terms: dict[str, tuple[str, ...]]  # lang -> terms


def _extra() -> str:
    """The user's thesaurus file ($RADAR_THESAURUS), read when a search needs it (tests change it)."""
    return variable("thesaurus") or None


@lru_cache(maxsize=4)
def load_thesaurus(extra: str | None = None) -> tuple[Concept, ...]:
    concepts = []
    for path in [BUNDLED, *([Path(extra)] if extra else [])]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                continue
            terms = {lang: tuple(t.strip() for t in col.split(";") if t.strip())
                     for lang, col in zip(("fr", "nl", "en"), cols[1:4])}
            concepts.append(Concept(cols[0].strip(), terms))
    return tuple(concepts)


@lru_cache(maxsize=4)
def _matchers(extra: str | None) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(normalised forms, terms) per concept, computed once: normalising ~1,000 terms per query was
    9 ms of every search."""
    return tuple((tuple(padded(t) for terms in c.terms.values() for t in terms),
                  tuple(t for terms in c.terms.values() for t in terms)) for c in load_thesaurus(extra))


def concept_text(terms: tuple[str, ...]) -> str:
    """A concept as the dense search reads it, and as its vector is cached: "term; term; …"."""
    return "; ".join(terms)


def concept_texts() -> tuple[str, ...]:
    """Every concept's text, e.g. to embed them all once (the same tuple while the thesaurus is)."""
    return _concept_texts(_extra())


@lru_cache(maxsize=4)
def _concept_texts(extra: str | None) -> tuple[str, ...]:
    return tuple(concept_text(terms) for _, terms in _matchers(extra))


def concepts_in(query: str) -> list[tuple[str, ...]]:
    """The FR/NL/EN terms of every concept the query mentions (phrase match, accent-blind) and does not
    already spell out in full."""
    q = padded(query)
    return [terms for forms, terms in _matchers(_extra())
            if any(f in q for f in forms) and not all(f in q for f in forms)]


def expand(query: str) -> list[str]:
    """Terms of the other languages for every concept the query mentions."""
    return [t for terms in concepts_in(query) for t in terms]
