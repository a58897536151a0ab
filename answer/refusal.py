"""When the documents do not answer: the question's answerability (from its judged quotes: the best one's
probability, their passages' reranking, the nearest one's cosine; answer.scoring.answerability) is under the
threshold fitted on the training data's validation split (index/relevance.json), and Radar says so, with what it
did find."""

from __future__ import annotations

from answer.framing import NEAREST, NO_COUNT
from answer.question import Question
from answer.scoring import Candidate
from text.answer_kinds import NUMBER

NEAREST_CHARS = 240  # of the nearest sentence shown in a refusal


def refuses(ranked: list[Candidate], answerable: float | None, threshold: float) -> bool:
    """No quote at all, or a question judged unlikely to be answered (without a judge, None: never)."""
    return not ranked or (answerable is not None and answerable < threshold)


def refusal_note(question: Question, ranked: list[Candidate], answerable: float | None) -> str:
    """The nearest sentence; or, for a count question left with no candidate (none of its nearest sentences holds
    a count), that none gives a figure."""
    if ranked:
        return nearest_note(question.lang, ranked[0], answerable)
    return NO_COUNT[question.lang] if question.expects == NUMBER else ""


def nearest_note(lang: str, best: Candidate, answerable: float | None) -> str:
    """What the documents do say nearest to the question, and how unlikely it is to answer it: the journalist
    sees why Radar refused ("the documents mention PAG-ASA's mission, not who directs it")."""
    doc = best.hit.document
    sentence = " ".join(doc.text[best.start : best.end].split())
    if len(sentence) > NEAREST_CHARS:
        sentence = sentence[: NEAREST_CHARS - 1].rstrip() + "…"
    source = doc.source or doc.title
    return NEAREST[lang].format(percent=round(100 * (answerable or 0.0)), sentence=sentence,
                                source=f"{source} ({doc.date})" if doc.date else source)
