"""Which sentences answer: the sentences of the passages read, narrowed by the bi-encoder and judged by the
relevance model (index/relevance.py), each with the calibrated probability that it answers the question.

This replaces the hand-set sentence score (cosine plus bonuses and penalties fitted to the dev questions) with a
model trained and calibrated on ../shared/training. What stays is structure: a title, a restated question or a
referral ("je vous renvoie aux rapports annuels de …") is not an answer, and a question that names who speaks is
answered from that source's own passages when the search found any."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from answer.passages import cites, heading_at, sentence_candidates
from answer.question import Question
from core.records import Hit
from index.collection import Collection
from index.relevance import CONTEXT_INPUTS, pool_summary
from index.thesaurus import expand
from text.answer_kinds import NUMBER, lacks
from text.dates import YEAR
from text.names import asked_terms, missing_share, term_form
from text.referrals import refers_elsewhere
from text.requests import announces_questions, asks_for_information

TAUGHT = ("fr", "nl", "en")  # the languages whose pairs the cross-lingual judge was taught (scripts/judge/distil.py)


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    rank: int  # of its passage in the pool read
    start: int
    end: int
    probability: float  # that it answers the question (the fitted combination of index/relevance.py)
    vector: np.ndarray  # its embedding: its other-language version is found by it
    cosine: float = 0.0  # to the question
    judged: bool = False  # the judge read it (one of the nearest `Settings.judged_sentences`)


@dataclass(frozen=True)
class Sentences:
    """The candidate quotes of a pool, with what the relevance model reads of them."""

    spans: list[tuple[Hit, int, int, int]]  # (passage, its rank in the pool, start, end)
    texts: list[str]
    vectors: np.ndarray
    cosines: np.ndarray  # to the question
    passages: np.ndarray  # the probability the search's reranking gave each one's passage (0: not reranked)
    context: np.ndarray  # per candidate, what its context says of the question (`context_of`: CONTEXT_INPUTS)
    judged: np.ndarray  # indices of those the judge reads: the nearest by cosine (`Settings.judged_sentences`)


def candidate_sentences(collection: Collection, question: Question, pool: list[Hit]) -> Sentences | None:
    """The sentences of the passages `pool` that may answer: not a title (for a question), none that answers
    nothing, none without a count for a question that asks for one (the type of the answer, not a weight: rule 17,
    bench/results/judge_count_type.md), and from the cited source's passages when the question names who speaks."""
    spans = [(hit, rank, s, e) for hit, rank, s, e in sentence_candidates(_speaking(question, pool))
             if not (question.asks and heading_at(hit.document.text, s, e))
             and not answers_nothing(hit.document.text[s:e])
             and not (question.expects == NUMBER and lacks(NUMBER, question.text, hit.document.text[s:e]))]
    if not spans:
        return None
    texts = [hit.document.text[s:e] for hit, _, s, e in spans]
    vectors = collection.embedder.encode_passages(texts)
    cosines = vectors @ collection.embedder.encode_queries([question.text])[0]
    passages = np.array([hit.relevance or 0.0 for hit, _, _, _ in spans])
    context = context_of(question.text, question.expects, [(hit, text) for (hit, _, _, _), text in zip(spans, texts)])
    judged = collection.settings.judged_sentences
    order = np.argsort(-cosines, kind="stable")
    return Sentences(spans, texts, vectors, cosines, passages, context, order[: judged or len(order)])


def answers_nothing(sentence: str) -> bool:
    """A question restated, or a referral to other texts (it does not say what it points to)."""
    return restates_question(sentence) or refers_elsewhere(sentence)


def restates_question(sentence: str) -> bool:
    """A question restated answers nothing, even one the sentence splitter left glued to the next question's
    number ("…poursuivis pénalement?5. a) Combien…"), nor does a request without a question mark ("3. Graag de
    cijfers van het aantal slachtoffers", "Merci de fournir un aperçu …") or the announcement of questions ("heb
    ik een aantal vragen om …")."""
    return "?" in sentence or asks_for_information(sentence) or announces_questions(sentence)


def context_of(question: str, kind: str, quotes: list[tuple[Hit, str]]) -> np.ndarray:
    """Per candidate quote (rows), what it and its context say of the question (columns, in the order of
    `index.relevance.CONTEXT_INPUTS`):
    - missing: the share of the question's names, figures and years that neither the quote, its passage, nor its
      document's title or date holds (a year often stands only in the date), a name in any of its thesaurus
      languages ("Luik" is found as "Liège");
    - lacks: 1 when the quote holds no answer of the kind the question asks for (a number, a date, a name:
      text.answer_kinds);
    - year missing: 1 when the question names a year and none of its years stands there ("en 2021" against a
      passage on 2019)."""
    terms = [[term_form(t), *(term_form(other) for other in expand(t))] for t in asked_terms(question)]
    years = YEAR.findall(question)
    rows = []
    for hit, text in quotes:
        around = " ".join((text, hit.chunk.text, hit.document.title or "", hit.document.date or ""))
        rows.append({"missing": missing_share(terms, around), "lacks": float(lacks(kind, question, text)),
                     "year missing": float(bool(years) and not any(y in around for y in years))})
    return np.array([[row[name] for name in CONTEXT_INPUTS] for row in rows],
                    dtype=np.float64).reshape(len(quotes), len(CONTEXT_INPUTS))


def score_sentences(collection: Collection, question: Question, pool: list[Hit]) -> list[Candidate]:
    """The candidate sentences, most probable first: those judged by their probability of answering, the others
    after them in cosine order with probability 0."""
    found = candidate_sentences(collection, question, pool)
    if found is None:
        return []
    top = found.judged
    probability = np.zeros(len(found.spans))
    relevance = judging(collection)
    if relevance is not None:
        probability[top] = relevance.sentences(question.text, [found.texts[i] for i in top], found.cosines[top],
                                               found.passages[top], found.context[top],
                                               *quote_languages(question.lang, [found.spans[i][0] for i in top]))
    else:  # no judge (another model, or judging off): the cosine ranks, and nothing is refused
        probability[top] = np.clip(found.cosines[top], 0.0, 1.0)
    judged = set(top.tolist())
    rest = [i for i in np.argsort(-found.cosines, kind="stable") if i not in judged]
    ranked = [*sorted(top, key=lambda i: -probability[i]), *rest]
    return [Candidate(*found.spans[i], float(probability[i]), found.vectors[i], float(found.cosines[i]),
                      bool(i in judged)) for i in ranked]


def other_language(lang: str, hits: list[Hit]) -> np.ndarray:
    """Per quote, whether its passage is in another of French, Dutch and English than the question: the judge of
    quotes across languages reads those (index.relevance.JudgedRelevance.cross_judge)."""
    return np.array([lang in TAUGHT and hit.chunk.lang in TAUGHT and hit.chunk.lang != lang for hit in hits],
                    dtype=bool)


def own_language(lang: str, hits: list[Hit]) -> list[str]:
    """Per quote, its language when it is the question's own ("" otherwise): the relevance model reads the judge
    on those on the scale of the French pairs it was fitted on (index.relevance.Weights.same_language_offsets)."""
    return [hit.chunk.lang if hit.chunk.lang and hit.chunk.lang == lang else "" for hit in hits]


def quote_languages(lang: str, hits: list[Hit]) -> tuple[np.ndarray, list[str]]:
    """What the relevance model reads of the quotes' languages against the question's, in the order of its
    `sentences` arguments: which are in another taught language (`other_language`), and each one's own when it
    is the question's (`own_language`)."""
    return other_language(lang, hits), own_language(lang, hits)


def judging(collection: Collection):
    """The relevance model that judges `ask`'s sentences, or None (another model, or judging off: not loaded)."""
    return collection.relevance if collection.settings.judged_sentences else None


def refuse_below(collection: Collection) -> float:
    """The probability under which a sentence is not taken to answer; without a judge, never."""
    relevance = judging(collection)
    return relevance.refuse_below if relevance is not None else 0.0


def answerability(collection: Collection, ranked: list[Candidate]) -> tuple[float | None, float]:
    """P(the question is answered at all) from its judged quotes (index.relevance.ANSWERABLE_INPUTS), and the
    threshold under which it is refused; without a judge or a quote, None and 0: no figure to refuse by."""
    relevance = judging(collection)
    judged = [c for c in ranked if c.judged]
    if relevance is None or not judged:
        return None, 0.0
    pool = pool_summary([c.probability for c in judged], [c.hit.relevance or 0.0 for c in judged],
                        [c.cosine for c in judged])
    return round(relevance.answerability(*pool), 4), relevance.unanswered_below


def _speaking(question: Question, pool: list[Hit]) -> list[Hit]:
    """The passages of the source a question names as speaking ("… according to Payoke"), when any are in
    the pool: a Chamber answer that mentions Payoke does not say what Payoke says."""
    if not question.speaker:
        return pool
    own = [hit for hit in pool if cites(question.speaker, hit.document)]
    return own or pool
