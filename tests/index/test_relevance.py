"""The fitted combinations the judge is read through (index/relevance.json): their arithmetic, and a clear
error for a damaged file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.errors import ModelUnavailable
from index.relevance import FUSION_FILE, Fusion, read_weights


def test_the_shipped_weights_read_and_say_where_they_were_fitted():
    weights = read_weights()
    assert weights.depth in (4, 6, 12) and 0.0 < weights.refuse_below < 1.0
    assert weights.reranking.inputs == ("judge", "cosine", "1/position")
    assert weights.answer.inputs == ("judge", "cosine", "passage", "missing", "lacks", "year missing")
    assert weights.reranking.weights[0] > 0 and weights.answer.weights[0] > 0  # the judge counts for, not against
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
