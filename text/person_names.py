"""Matching a person's or organisation's name against the names a text gives, as a journalist screening a list
expects: case and accents aside ("Sürya" is "Surya"), an initial for a first name ("S. De Hovre" is "Sarah De
Hovre", and the other way round), spelling variants and transliterations by edit similarity (rapidfuzz), and an
exact match always told apart from a lookalike."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from text.normalise import fold

# A name as written: capitalised words or initials, with the particles that sit inside surnames ("Sarah De Hovre",
# "Mathias Vanden Borre", "S. van der Berg", "Rudi Vervoort"), and acronyms ("PAG-ASA", "GRETA").
PARTICLE = r"(?:van|von|de|der|den|du|des|le|la|da|di|del|della|dos|el|al|ben|bin|ter|ten|vanden|vander)"
_WORD = r"(?:\b[A-Z]\.|\b[A-ZÀ-Ý][\w'’-]*[\w])"  # an initial with its dot, or a capitalised word
NAME = re.compile(_WORD + r"(?:[^\S\n]+(?:" + PARTICLE + r"[^\S\n]+)*" + _WORD + r")*")  # on one line
FUZZY = 85  # rapidfuzz similarity (0-100) from which a different spelling counts as the same name


@dataclass(frozen=True)
class NameMatch:
    exact: bool  # the same words, case and accents aside
    score: float  # 100 for exact; else the similarity, initials counted as their name
    matched: str = ""  # the part of the text's name that matched ("S. De Hovre" in "Volgens S. De Hovre")


def words(name: str) -> list[str]:
    """A name's words, lower-cased, without accents or dots ("S." is "s")."""
    return [w for w in re.split(r"[\s.'’-]+", fold(name).lower()) if w]


def names_in(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of every name-like run in a text (capitalised words, initials, particles inside)."""
    return [(m.group().rstrip("."), m.start(), m.start() + len(m.group().rstrip("."))) for m in NAME.finditer(text)]


def match(query: str, found: str) -> NameMatch | None:
    """Is `found` (a name in a text) the name `query` asks for? None when not similar enough. A longer run is read
    window by window of its words ("Selon S. van der Berg", "Madame Sarah De Hovre"), and the window that matched
    is what `matched` gives."""
    q = words(query)
    tokens = found.split()
    if not q or not tokens:
        return None
    best: NameMatch | None = None
    for size in range(1, len(tokens) + 1):
        for i in range(len(tokens) - size + 1):
            window = " ".join(tokens[i:i + size])
            f = words(window)
            if not f or (len(f) != len(q) and size < len(tokens)):  # the whole run, or a window of q's length
                continue
            m = _compare(q, f)
            if m is not None and (best is None or (m.exact, m.score) > (best.exact, best.score)):
                best = NameMatch(m.exact, m.score, window)
    return best


def _compare(q: list[str], f: list[str]) -> NameMatch | None:
    if q == f:
        return NameMatch(True, 100.0)
    if len(q) == len(f) and all(a == b or _initial(a, b) for a, b in zip(q, f)):
        return NameMatch(False, 95.0)  # "S. De Hovre" ~ "Sarah De Hovre"
    if len(q) == 1 or len(f) == 1:  # a single word: a close spelling only, never a part of a longer name
        score = fuzz.ratio(" ".join(q), " ".join(f))
    else:
        score = fuzz.token_sort_ratio(" ".join(q), " ".join(f))
    return NameMatch(False, round(float(score), 1)) if score >= FUZZY else None


def _initial(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
