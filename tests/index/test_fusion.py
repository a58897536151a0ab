"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""


from index.fusion import diversify, rrf


def test_rrf_and_diversify():
    scores = rrf([["a", "b", "c"], ["c", "a"]], [1.0, 1.0], k=1)
    assert max(scores, key=scores.get) == "a"
    assert diversify(["a1", "a2", "b1", "a3"], {"a1": "A", "a2": "A", "b1": "B", "a3": "A"}, 1) == ["a1", "b1", "a2", "a3"]
