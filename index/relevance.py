"""How well a text answers a question, as a calibrated probability: the judge (index/judge.py) combined with the
bi-encoder's cosine and the search's evidence, by weights fitted on the training data's validation split
(scripts/judge/fuse.py → index/relevance.json), with the threshold below which Radar refuses to answer.

`search` reorders its top passages by it and `ask` picks and vouches for its quotes with it. A collection whose
model is not multilingual-e5-small has no judge (the judge is built from e5's own weights): it ranks as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from core.errors import ModelUnavailable

FUSION_FILE = Path(__file__).parent / "relevance.json"
RERANKING_INPUTS = ("judge", "cosine", "1/position")
# What a candidate quote's context says of the question, computed by answer.scoring.context_of in this order.
CONTEXT_INPUTS = ("missing", "lacks", "year missing")
ANSWER_INPUTS = ("judge", "cosine", "passage", *CONTEXT_INPUTS)
# What a question's pool of judged quotes says of whether it is answered at all: the best quote's log-odds, the
# best reranking probability of their passages, the nearest one's cosine (answer.scoring.answerability).
ANSWERABLE_INPUTS = ("best log-odds", "best passage", "nearest cosine")
# More likely than not to answer: the probabilities are calibrated, so this is the even-odds decision, not a tuned
# number (a second quote, a precedent the judge vouches for, a semantic hit counted as a likely answer).
LIKELY = 0.5


def likely_answers(hits) -> int:
    """How many of a search's hits the judge read and found more likely than not to answer."""
    return sum(1 for h in hits if h.relevance is not None and h.relevance >= LIKELY)


@dataclass(frozen=True)
class Fusion:
    """P(answers) = sigmoid(weights · inputs + bias), a logistic regression over the inputs it names."""

    inputs: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, *columns: np.ndarray) -> np.ndarray:
        z = sum(w * np.asarray(c, dtype=np.float64) for w, c in zip(self.weights, columns, strict=True))
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))


@dataclass(frozen=True)
class Weights:
    depth: int  # the layers of the judge that reranks a search's passages
    reranking: Fusion  # a search's passage: judge logit, cosine, 1/position in the hybrid ranking
    answer: Fusion  # a candidate quote: judge logit, cosine, its passage's reranking probability, CONTEXT_INPUTS
    refuse_below: float  # a quote under this does not answer: a further quote, a compound question's part
    answer_depth: int  # the layers of the judge that reads candidate quotes (deeper: fewer texts, shorter ones)
    answerable: Fusion | None = None  # a question's judged pool: ANSWERABLE_INPUTS (None: the best quote decides)
    unanswered_below: float = 0.0  # answerability under this is refused (5 % of answerable refused, validation;
    # without `answerable`, read_weights sets refuse_below: the best quote's own threshold)
    crosslingual: str = ""  # the weights file (index/) of the judge that reads a quote in another language of
    # French, Dutch and English than its question's ("": the answer judge reads every quote)
    # per language, how much higher the answer judge reads a quote in the question's own language than the same
    # texts in French, the one same-language pair the fit saw (scripts/judge/offsets.py, on STS-B's translations)
    same_language_offsets: dict[str, float] = field(default_factory=dict)


def read_weights(path: Path = FUSION_FILE) -> Weights:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        expected = {"reranking": RERANKING_INPUTS, "answer": ANSWER_INPUTS, "answerable": ANSWERABLE_INPUTS}
        fusions = {name: Fusion(tuple(data[name]["inputs"]), tuple(float(w) for w in data[name]["weights"]),
                                float(data[name]["bias"])) for name in expected if name in data}
        for name, fusion in fusions.items():
            if fusion.inputs != expected[name] or len(fusion.weights) != len(expected[name]):
                raise ValueError(f"a {name} combination of {fusion.inputs} where {expected[name]} are read")
        answerable = fusions.get("answerable")  # an older fit has none: the best quote decides, under its threshold
        refuse_below = float(data["refuse_below"])
        return Weights(int(data["depth"]), fusions["reranking"], fusions["answer"], refuse_below,
                       int(data.get("answer_depth", data["depth"])), answerable,
                       float(data["answerable"]["refuse_below"]) if answerable else refuse_below,
                       str(data.get("crosslingual_judge", "")),
                       {str(k): float(v) for k, v in data.get("same_language_offsets", {}).items()})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"the relevance weights cannot be read ({path}: {exc})") from exc


class Relevance(Protocol):
    """What search and ask need of a relevance model (the real one below; tests pass a deterministic fake)."""

    refuse_below: float  # a quote (or a part of a compound question's best one) under this does not answer
    unanswered_below: float  # a question whose `answerability` is under this is not answered

    def passages(self, question: str, texts: Sequence[str], cosines: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """P(answers) of a search's top passages, given their 1-based positions in the hybrid ranking."""
        ...

    def sentences(self, question: str, texts: Sequence[str], cosines: np.ndarray, passages: np.ndarray,
                  context: np.ndarray, crosslingual: np.ndarray | None = None,
                  own_language: Sequence[str] | None = None) -> np.ndarray:
        """P(answers) of candidate quotes, given their passages' reranking probabilities (0: not reranked), what
        their context says of the question (one row per quote, columns CONTEXT_INPUTS), which are in another
        language than the question (`crosslingual`, None: unknown, read as the same) and, per quote, its language
        when it is the question's own (`own_language`, "" otherwise; None: unknown, no offset taken off)."""
        ...

    def answerability(self, best: float, passage: float, cosine: float) -> float:
        """P(the question is answered at all) from its judged quotes: the best one's probability, their passages'
        best reranking probability, the nearest one's cosine (ANSWERABLE_INPUTS)."""
        ...


class JudgedRelevance:
    """The int8 judges and their fitted combinations, loaded once per collection: `judge` reranks passages,
    `answer_judge` reads candidate quotes (the same one when their depths agree)."""

    def __init__(self, folder: Path, cache: Path, weights: Weights | None = None) -> None:
        from index.judge import Judge

        self.folder, self.cache = folder, cache
        self.weights = weights or read_weights()
        self.refuse_below = self.weights.refuse_below
        self.unanswered_below = self.weights.unanswered_below
        self.judge = Judge(folder, cache, depth=self.weights.depth)

    @cached_property
    def answer_judge(self):
        """Loaded on first use: a process that only searches never reads a quote (~150 MB and a graph load)."""
        from index.judge import Judge

        if self.weights.answer_depth == self.weights.depth:
            return self.judge
        return Judge(self.folder, self.cache, depth=self.weights.answer_depth)

    def passages(self, question: str, texts: Sequence[str], cosines: np.ndarray, positions: np.ndarray) -> np.ndarray:
        if not len(texts):
            return np.zeros(0)
        return self.weights.reranking.probability(self.judge.logits(question, texts), cosines, 1.0 / positions)

    @cached_property
    def cross_judge(self):
        """The judge of quotes in another language than the question's, when the weights name one (loaded on
        first use): taught to score a French question against a Dutch sentence as the answer judge scores the
        Dutch question against it (scripts/judge/distil.py)."""
        from index.judge import Judge

        if not self.weights.crosslingual:
            return None
        return Judge(self.folder, self.cache, depth=self.weights.answer_depth,
                     weights=FUSION_FILE.parent / self.weights.crosslingual)

    def sentences(self, question: str, texts: Sequence[str], cosines: np.ndarray, passages: np.ndarray,
                  context: np.ndarray, crosslingual: np.ndarray | None = None,
                  own_language: Sequence[str] | None = None) -> np.ndarray:
        """The judge's logit on a quote in its question's own language is read on the French scale the combination
        was fitted on (`Weights.same_language_offsets`)."""
        if not len(texts):
            return np.zeros(0)
        routed = crosslingual is not None and self.cross_judge is not None
        other = np.asarray(crosslingual, dtype=bool) if routed else np.zeros(len(texts), dtype=bool)
        logits = np.zeros(len(texts), dtype=np.float32)
        for judge, where in ((self.answer_judge, np.flatnonzero(~other)), (self.cross_judge, np.flatnonzero(other))):
            if len(where):
                logits[where] = judge.logits(question, [texts[i] for i in where])
        if own_language is not None:
            logits -= np.array([self.weights.same_language_offsets.get(lang, 0.0) for lang in own_language],
                               dtype=np.float32)
        return self.weights.answer.probability(logits, cosines, passages, *context.T)

    def answerability(self, best: float, passage: float, cosine: float) -> float:
        if self.weights.answerable is None:  # fitted before the question-level model: the best quote decides
            return best
        return float(self.weights.answerable.probability(*answerable_inputs(best, passage, cosine)))


def pool_summary(probabilities: Sequence[float], passages: Sequence[float],
                 cosines: Sequence[float]) -> tuple[float, float, float]:
    """What a question's judged quotes say of whether it is answered, as `answerability` reads it: the best one's
    probability, their passages' best reranking probability, the nearest one's cosine (0s for none). Serving
    (answer.scoring.answerability) and the fit (scripts/judge/fuse.py) both reduce a pool through here."""
    if not len(probabilities):
        return 0.0, 0.0, 0.0
    return float(max(probabilities)), float(max(passages)), float(max(cosines))


def answerable_inputs(best: float, passage: float, cosine: float) -> tuple[float, float, float]:
    """ANSWERABLE_INPUTS from a `pool_summary`: the best quote's probability as log-odds."""
    return log_odds(best), passage, cosine


def log_odds(p: float) -> float:
    """logit(p), bounded: a probability of exactly 0 or 1 stays a finite input."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))
