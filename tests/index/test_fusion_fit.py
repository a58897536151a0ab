"""scripts/fit_fusion.py: how a k is scored on the search's ranked lists, and that only validation chooses it."""

from scripts.fit_fusion import Ranked, choose, mrr, scores

PAGES = {1: "gold.fr.txt", 4: "steady.fr.txt", **{r: f"other_{r}.fr.txt" for r in (2, 3, 5, 6, 7)}}


def _row(split: str = "val", name: str = "piaf fr-fr") -> Ranked:
    # gold is first in the dense list and absent from BM25 (weighed 0.9); "steady" is fourth in both
    return Ranked(name, split, "gold", [[1, 2, 3, 4], [5, 6, 7, 4]], [1.0, 0.9], PAGES)


def test_a_small_k_trusts_one_list_top_a_large_k_agreement():
    assert mrr([_row()], k=1) == 1.0  # 1/2 against (1 + 0.9)/5
    assert mrr([_row()], k=60) == 1 / 2  # (1 + 0.9)/64 passes 1/61


def test_pages_fold_and_a_miss_scores_zero():
    missing = Ranked("piaf fr-fr", "val", "absent", [[1, 2]], [1.0], {1: "x.fr.txt", 2: "x.fr.txt"})
    assert mrr([missing], k=5) == 0.0


def test_only_validation_chooses_and_ties_go_to_the_smaller_k():
    table = {5: {("val", "a"): 0.8, ("test", "a"): 0.1}, 60: {("val", "a"): 0.7, ("test", "a"): 0.9}}
    assert choose(table) == 5
    table[60][("val", "a")] = 0.8
    assert choose(table) == 5


def test_every_set_counts_alike():
    rows = [_row("val", "big")] * 9 + [Ranked("small", "val", "gold", [[4, 1], [4, 5]], [1.0, 0.9], PAGES)]
    table = scores(rows, grid=(1, 60))
    assert set(table[1]) == {("val", "big"), ("val", "small")}
    assert table[1][("val", "big")] == 1.0 and table[1][("val", "small")] == 0.5
