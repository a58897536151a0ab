"""What a question is, read once into a `Question`: its language, whether it asks something (or is keywords), its
parts when it asks two things, and the source it names as speaking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text.language import detect_language

# Interrogatives of one language only (among French, Dutch and English): the one a question uses names its
# language, where lingua reads a short question by its names ("What is the budget of the Walloon Region for the
# Sürya shelter?" came out Dutch, "What did the mayor of Liège decide …?" French: 2 of 90 dev questions).
_WH_BY_LANGUAGE = {
    "fr": {"combien", "quel", "quelle", "quels", "quelles", "qui", "quand", "où", "comment", "pourquoi"},
    "nl": {"hoeveel", "welk", "welke", "wie", "wanneer", "waar", "hoe", "waarom", "wat"},
    "en": {"how", "what", "which", "who", "whom", "whose", "when", "where", "why"},
}
_WH_LANGUAGE = {word: lang for lang, words in _WH_BY_LANGUAGE.items() for word in words}
_WH_WORDS = set(_WH_LANGUAGE)


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    asks: bool  # a question, not keywords ("Myria annual report 2019"), which may be after a title
    parts: tuple[str, ...]  # what a compound question asks, each answered by its own sentence; one part otherwise
    speaker: str  # the source it names as speaking ("… according to Payoke?"), or ''


def analyse(text: str) -> Question:
    return Question(text, question_language(text), is_question(text), tuple(question_parts(text)), attributed_to(text))


def question_language(question: str) -> str:
    """The language of its first interrogative (not an acronym: "WHO"), else lingua's reading (keywords,
    "Est-ce que …")."""
    for word in re.findall(r"\w+", question):
        if word.lower() in _WH_LANGUAGE and not (len(word) > 1 and word.isupper()):
            return _WH_LANGUAGE[word.lower()]
    return detect_language(question, default="fr")


# what a question opens with: a wh-word, or an inversion ("Que dit…", "Est-ce que…", "Does GRETA…")
_INTERROGATIVES = _WH_WORDS | {"que", "qu", "est-ce", "does", "do", "did", "is", "are", "was", "were", "can", "has",
                               "have"}


# ", et comment …", " en wanneer …", " and how …": a second question asked in the same sentence
_SECOND_PART = re.compile(r",?\s+(?:et|en|and)\s+(?=(?:" + "|".join(sorted(_WH_WORDS)) + r")\b)", re.I)


def question_parts(question: str) -> list[str]:
    """The questions a compound question asks ("Qu'est-ce qu'un loverboy et comment recrute-t-il ses victimes ?"),
    each answered by its own sentence; one part for a simple question."""
    parts = [p.strip() for p in _SECOND_PART.split(question) if p.strip()]
    return parts if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else [question]


def is_question(text: str) -> bool:
    """A question rather than keywords ("Myria annual report 2019"), which may be after a title."""
    first = re.match(r"[\w-]+", text.strip().lower())
    return text.rstrip().endswith("?") or bool(first and first.group() in _INTERROGATIVES)


# "… according to Payoke", "selon le GRETA", "volgens Myria"; "What does GRETA say", "Wat zegt de CNCDH",
# "Que dit Myria"
_ATTRIBUTION = re.compile(r"(?i:\b(?:according to|selon|d['’]après|volgens|aldus|"
                          r"(?:what|wat|que)\s+(?:does|did|do|zegt|zei|zeggen|dit|disent))"
                          r"\s+(?:the |le |la |les |l['’]|de |het )?)"
                          r"([A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)*)")


def attributed_to(question: str) -> str:
    """The source a question names as the one speaking ("… according to Payoke?", "selon le GRETA"), or ''."""
    match = _ATTRIBUTION.search(question)
    return match.group(1) if match else ""
