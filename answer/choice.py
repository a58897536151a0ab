"""Which of the judged sentences are quoted: the best one, the best for each part of a compound question, and
others more likely than not to answer, up to three, one per document group and never two overlapping; of
statements that agree, the most recently dated document's first."""

from __future__ import annotations

import numpy as np

from answer.passages import heading_at
from answer.question import Question
from answer.scoring import Candidate, context_of, quote_languages
from index.collection import Collection
from index.relevance import LIKELY
from text.answer_kinds import asked_kind

MAX_QUOTES = 3
# A further quote is shown when it is more likely than not to answer (the first quote needs only to clear the
# refusal threshold).
ALSO_ANSWERS = LIKELY
PART_SENTENCES = 5  # sentences judged against each part of a compound question, the nearest to it by cosine
# Two sentences of different documents at this cosine say the same thing (e5 puts translations at 0.88-0.93 and
# near-identical wordings above 0.95): of such, the most recently dated is quoted first, the older page being an
# earlier state of the same statement. Structure, not relevance: it orders quotes already chosen.
AGREEMENT = 0.95


def choose(collection: Collection, question: Question, ranked: list[Candidate], threshold: float) -> list[Candidate]:
    """The quotes of an answer, from `ranked` (most probable first; the first has cleared `threshold`)."""
    chosen = [ranked[0]]
    group, _ = collection.groups()

    def adds(cand: Candidate) -> bool:
        return not any(_overlaps(cand, c) or _same_group(cand, c, group) for c in chosen)

    for cand in part_answers(collection, question, ranked, threshold):
        if len(chosen) < MAX_QUOTES and adds(cand):
            chosen.append(cand)
    for cand in ranked[1:]:
        if len(chosen) >= MAX_QUOTES or cand.probability < max(threshold, ALSO_ANSWERS):
            break
        if adds(cand):
            chosen.append(cand)
    return _newest_first(chosen)


def part_answers(collection: Collection, question: Question, ranked: list[Candidate],
                 threshold: float) -> list[Candidate]:
    """For a compound question ("Qu'est-ce qu'un loverboy | et comment recrute-t-il ses victimes ?"), the best
    sentence for each part that answers it: read as one question, the first part's sentences win and the second
    part goes unanswered."""
    if len(question.parts) < 2 or not collection.settings.judged_sentences:
        return []
    relevance = collection.relevance
    if relevance is None:
        return []
    vectors = np.array([c.vector for c in ranked])
    out = []
    for part, pvec in zip(question.parts, collection.embedder.encode_queries(list(question.parts))):
        cosines = vectors @ pvec
        near = np.argsort(-cosines, kind="stable")[:PART_SENTENCES]
        texts = [ranked[i].hit.document.text[ranked[i].start : ranked[i].end] for i in near]
        passages = np.array([ranked[i].hit.relevance or 0.0 for i in near])
        context = context_of(part, asked_kind(part), [(ranked[i].hit, text) for i, text in zip(near, texts)])
        probability = relevance.sentences(part, texts, cosines[near], passages, context,
                                          *quote_languages(question.lang, [ranked[i].hit for i in near]))
        best = int(np.argmax(probability))
        if probability[best] >= threshold:
            out.append(ranked[near[best]])
    return out


def _newest_first(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen quotes, with the most recently dated of those agreeing with the first put first (a title agrees
    with nothing: "Cellule interdépartementale de coordination et plans d'action …" is not "La Cellule … est
    l'instance de coordination nationale")."""
    def date(c: Candidate) -> str:
        return (c.hit.document.date or "")[:10]

    agreeing = [c for c in chosen[1:] if c.hit.document.id != chosen[0].hit.document.id
                and float(c.vector @ chosen[0].vector) >= AGREEMENT
                and not heading_at(c.hit.document.text, c.start, c.end)]  # a title states nothing
    newest = max(agreeing, key=date, default=None)
    if newest is None or date(newest) <= date(chosen[0]):
        return chosen
    return [newest, *(c for c in chosen if c is not newest)]


def _same_group(a: Candidate, b: Candidate, group: dict[str, str]) -> bool:
    """Two documents of one group (copies, near-duplicates or language versions): the version is shown anyway."""
    x, y = a.hit.document.id, b.hit.document.id
    return x != y and group.get(x, x) == group.get(y, y)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.hit.document.id == b.hit.document.id and a.start < b.end and b.start < a.end
