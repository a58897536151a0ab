"""Names, figures and acronyms found in text: what a question asks about by name, what a sentence names, and what a
translation keeps unchanged. One module for the patterns that search, pasted-document ranking and answering share."""

from __future__ import annotations

import re

from text.dates import YEAR
from text.normalise import fold

# In a query: capitalised words past the first (with a lower-case letter), acronyms, figures of 3+ digits.
_QUERY_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-ZÀ-Ý][\w'’-]*[a-zà-ÿ][\w'’-]*|\b[A-Z][A-Z-]{1,}[A-Z]\b|\b\d{3,}\b")
# In a sentence: runs of capitalised words not opening it, and acronyms.
_NAME_RUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)*|\b[A-Z]{2,}\b")
# What a translation keeps as it is: numbers, dates, references, acronyms, CamelCase names.
_ANCHOR = re.compile(r"\b(?:\d[\d./-]*\d|\d|[A-Z]{2,}[A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*)\b")
_FIGURE = re.compile(r"\d+")  # digit runs: "2.000", "2 000" and "2,000" compare equal across languages


def names_in(query: str) -> list[str]:
    """Capitalised words past the first, acronyms and figures of a question; not years, which many texts
    mention in passing."""
    return [n for n in _QUERY_NAME.findall(query.strip()) if not YEAR.fullmatch(n)]


def name_runs(sentence: str) -> list[str]:
    """The names a sentence gives: runs of capitalised words (not its first word) and acronyms."""
    return _NAME_RUN.findall(sentence)


def anchors(text: str) -> set[str]:
    """Tokens a translation keeps as they are: numbers, dates, references, acronyms."""
    return set(_ANCHOR.findall(text))


def figures(text: str) -> list[str]:
    """The digit runs of a text."""
    return _FIGURE.findall(text)


def asked_terms(question: str) -> list[str]:
    """The names, figures and years a question asks about."""
    return list(dict.fromkeys([*names_in(question), *YEAR.findall(question)]))


def term_form(term: str) -> str:
    """What finds a name in a text of any of the three languages: its first five letters, folded ("Belgique" finds
    "België", "Belgium"); a figure or year whole."""
    return term if term.isdigit() else fold(term).lower()[:5]


def missing_share(terms: list[list[str]], text: str) -> float:
    """The share of `terms` (each the `term_form`s of one name and its other-language names) a text holds none
    of: a passage on Belgium in 2013 does not say what happened in Canada in 2022, however near its words."""
    if not terms:
        return 0.0
    folded = fold(text).lower()
    return sum(not any(form in folded for form in forms) for forms in terms) / len(terms)
