"""The fitted combinations the judge is read through (index/relevance.json): their arithmetic, and a clear
error for a damaged file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelUnavailable
from index.relevance import FUSION_FILE, Fusion, read_weights
from tests.conftest import SHARED


def test_the_shipped_weights_read_and_say_where_they_were_fitted():
    weights = read_weights()
    assert weights.depth in (4, 6, 12) and 0.0 < weights.refuse_below < 1.0
    assert weights.answer_depth in (4, 6, 12)
    assert weights.reranking.inputs == ("judge", "cosine", "1/position")
    assert weights.answer.inputs == ("judge", "cosine", "passage", "missing", "lacks", "year missing")
    assert weights.reranking.weights[0] > 0 and weights.answer.weights[0] > 0  # the judge counts for, not against
    assert weights.answerable.inputs == ("best log-odds", "best passage", "nearest cosine")
    assert all(w > 0 for w in weights.answerable.weights)  # a better quote, passage or match: more likely answered
    assert 0.0 < weights.unanswered_below < 1.0
    assert "validation" in json.loads(FUSION_FILE.read_text(encoding="utf-8"))["fitted"]


def test_a_fusion_is_a_logistic_regression_over_its_inputs():
    fusion = Fusion(("judge", "cosine", "1/position"), (0.5, 2.0, 1.0), -1.0)
    p = fusion.probability(np.array([2.0, -2.0]), np.array([0.5, 0.5]), np.array([1.0, 0.2]))
    assert np.allclose(p, 1 / (1 + np.exp(-np.array([0.5 * 2 + 1 + 1 - 1, -1 + 1 + 0.2 - 1]))))
    with pytest.raises(ValueError):
        fusion.probability(np.ones(2), np.ones(2))  # an input missing is an error, not a silent zero


@pytest.mark.parametrize("text", ["", "{", '{"depth": 6}', json.dumps({"depth": 6, "refuse_below": 0.5,
                                  "reranking": {"inputs": ["judge"], "weights": [1, 2], "bias": 0},
                                  "answer": {"inputs": ["judge"], "weights": [1], "bias": 0}})])
def test_damaged_weights_give_one_clear_error(tmp_path, text):
    path = tmp_path / "relevance.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="relevance weights cannot be read"):
        read_weights(path)


def test_a_file_without_an_answer_depth_reads_quotes_with_the_reranking_judge(tmp_path):
    """Older fits named one judge for both: its quotes are read by the same layers."""
    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    data.pop("answer_depth")
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_weights(path).answer_depth == read_weights(path).depth


def test_a_file_without_a_question_level_fit_refuses_on_the_best_quote(tmp_path):
    """Fits before 2026-11-28 had no `answerable` combination: a question is answered as well as its best quote,
    refused under the quotes' own threshold."""
    from index.relevance import JudgedRelevance, log_odds

    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    data.pop("answerable")
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    weights = read_weights(path)
    assert weights.answerable is None
    relevance = JudgedRelevance.__new__(JudgedRelevance)  # the arithmetic only: no judge is loaded
    relevance.weights = weights
    assert relevance.answerability(0.3, 0.9, 0.9) == 0.3
    relevance.weights = read_weights()
    shipped = relevance.weights.answerable
    assert relevance.answerability(0.3, 0.9, 0.85) == pytest.approx(float(shipped.probability(log_odds(0.3), 0.9, 0.85)))
    assert relevance.answerability(0.3, 0.9, 0.85) > relevance.answerability(0.3, 0.9, 0.80)  # a nearer match
    assert np.isfinite(log_odds(0.0)) and np.isfinite(log_odds(1.0))


def test_an_answerable_combination_over_other_inputs_is_refused(tmp_path):
    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    data["answerable"]["inputs"] = ["best log-odds"]
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="answerable combination"):
        read_weights(path)


@pytest.mark.slow
def test_passages_and_quotes_are_read_by_the_judges_the_fit_names(tmp_path):
    """The shipped fit reranks passages with one judge and reads quotes with a deeper one (two int8 graphs, one
    tokenizer); a fit naming one depth loads one judge. Quotes are judged by the deeper one: the answering sentence
    gets the higher probability, across languages."""
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.judge import weights_file
    from index.relevance import JudgedRelevance, Weights

    folder, weights = Path(resolve_model(DEFAULT_MODEL)), read_weights()
    relevance = JudgedRelevance(folder, cache_dir())
    assert relevance.judge.weights == weights_file(weights.depth)
    assert relevance.answer_judge.weights == weights_file(weights.answer_depth)
    assert (relevance.answer_judge is relevance.judge) == (weights.depth == weights.answer_depth)
    assert relevance.answer_judge.tokenizer is relevance.judge.tokenizer
    one = JudgedRelevance(folder, cache_dir(), Weights(weights.depth, weights.reranking, weights.answer,
                                                       weights.refuse_below, weights.depth))
    assert one.answer_judge is one.judge

    texts = ["Pour lutter contre cette triste réputation, safe.brussels élabore un plan d'action régional en matière "
             "de prostitution.",
             "À la suite de cette action, pas moins de 30 bars à prostitution du quartier Nord ont été placés sous "
             "scellés judiciaires."]
    question = "Hoeveel bars werden verzegeld in de Noordwijk?"
    cosines = np.full(2, 0.85)
    context = np.zeros((2, 3))
    p = relevance.sentences(question, texts, cosines, np.full(2, 0.8), context)
    assert p[1] > max(relevance.refuse_below, 0.5) > p[0]
    deeper = weights.answer.probability(relevance.answer_judge.logits(question, texts), cosines, np.full(2, 0.8),
                                        *context.T)
    assert np.allclose(p, deeper)


class _Recording:
    """A judge that scores every text `score` and records what it read."""

    def __init__(self, score: float) -> None:
        self.score, self.read = score, []

    def logits(self, question, texts):
        self.read += list(texts)
        return np.full(len(texts), self.score, dtype=np.float32)


def test_quotes_in_another_language_are_read_by_the_cross_lingual_judge_the_fit_names(tmp_path):
    """A fit naming a cross-lingual judge routes a quote in another language than its question to it and every
    other quote to the answer judge, each read once; a fit naming none (or a quote whose language is unknown)
    leaves every quote to the answer judge."""
    from index.relevance import JudgedRelevance

    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    data["crosslingual_judge"] = "judge-12-crosslingual.npz"
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    relevance = JudgedRelevance.__new__(JudgedRelevance)  # the routing only: recording judges
    relevance.weights = read_weights(path)
    assert relevance.weights.crosslingual == "judge-12-crosslingual.npz"
    relevance.answer_judge, relevance.cross_judge = _Recording(2.0), _Recording(-1.0)
    texts, cosines, context = ["même langue", "andere taal", "même langue encore"], np.full(3, 0.8), np.zeros((3, 3))
    p = relevance.sentences("Combien ?", texts, cosines, np.full(3, 0.5), context, np.array([False, True, False]))
    assert relevance.answer_judge.read == ["même langue", "même langue encore"]
    assert relevance.cross_judge.read == ["andere taal"]
    expected = relevance.weights.answer.probability(np.array([2.0, -1.0, 2.0]), cosines, np.full(3, 0.5), *context.T)
    assert np.allclose(p, expected) and p[1] < p[0] == p[2]
    relevance.sentences("Combien ?", texts, cosines, np.full(3, 0.5), context)  # languages unknown
    assert relevance.cross_judge.read == ["andere taal"] and len(relevance.answer_judge.read) == 5
    assert read_weights().crosslingual in ("", "judge-12-crosslingual.npz")


def test_a_quote_counts_as_another_language_only_between_the_taught_ones():
    from answer.scoring import other_language, own_language
    from tests.answer.test_llm_check import _hit

    hits = [_hit(lang or "none", "Un passage.", lang) for lang in ("fr", "nl", "en", "de", "")]
    assert other_language("nl", hits).tolist() == [True, False, True, False, False]
    assert own_language("nl", hits) == ["", "nl", "", "", ""] and own_language("", hits) == [""] * 5
    assert other_language("", hits[:1]).tolist() == [False]


def test_a_quote_in_the_questions_own_language_is_read_on_the_french_scale(tmp_path):
    """The fit saw one same-language pair, French, and the judge reads the same texts ~0.8 logit surer in Dutch
    (scripts/judge/offsets.py): that offset comes off a Dutch question's Dutch quote, not off a French quote, a
    quote in another language or one whose language is unknown."""
    from index.relevance import JudgedRelevance

    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    data["same_language_offsets"] = {"nl": 0.8, "en": 0.1}
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    relevance = JudgedRelevance.__new__(JudgedRelevance)  # the arithmetic only: a recording judge
    relevance.weights = read_weights(path)
    assert relevance.weights.same_language_offsets == {"nl": 0.8, "en": 0.1}
    relevance.answer_judge, relevance.cross_judge = _Recording(2.0), None
    texts, cosines, passages, context = ["nl", "fr", "?"], np.full(3, 0.8), np.full(3, 0.5), np.zeros((3, 3))
    p = relevance.sentences("Hoeveel?", texts, cosines, passages, context, None, ["nl", "", ""])
    expected = relevance.weights.answer.probability(np.array([1.2, 2.0, 2.0]), cosines, passages, *context.T)
    assert np.allclose(p, expected) and p[0] < p[1] == p[2]
    unknown = relevance.sentences("Hoeveel?", texts, cosines, passages, context)
    assert np.allclose(unknown, unknown[0]) and unknown[0] == p[1]
    del data["same_language_offsets"]  # a fit from before the offsets: none taken off
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_weights(path).same_language_offsets == {}


def test_the_offsets_script_measures_the_judges_dutch_bias_on_sts_b(tmp_path, monkeypatch):
    """scripts/judge/offsets.py on a few STS-B pairs with the real judge: Dutch reads well above French on the same
    texts, English near it, and a refit keeps offsets measured on the answer judge it reads."""
    import sys

    from scripts.judge import offsets
    from scripts.judge.fuse import kept_offsets

    if not (SHARED / "training" / "stsb").exists():
        pytest.skip("../shared/training not found")
    out, report = tmp_path / "relevance.json", tmp_path / "offsets.md"
    out.write_text(FUSION_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["offsets.py", "--shared", str(SHARED), "--pairs", "300", "--out", str(out),
                                      "--report", str(report)])
    offsets.main()
    written = json.loads(out.read_text(encoding="utf-8"))["same_language_offsets"]
    assert written["nl"] > 0.4 and abs(written["en"]) < 0.4, written
    assert "| dev (checked on) | nl |" in report.read_text(encoding="utf-8")
    depth = json.loads(out.read_text(encoding="utf-8"))["answer_depth"]
    assert kept_offsets(out, depth) == {"same_language_offsets": written}
    assert kept_offsets(out, depth + 1) == {} and kept_offsets(tmp_path / "none.json", depth) == {}
