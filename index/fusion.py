"""Rank fusion and diversity: pure functions over ranked lists."""

from __future__ import annotations

from typing import Hashable, Sequence


def rrf(rankings: Sequence[Sequence[Hashable]], weights: Sequence[float], k: int = 60) -> dict[Hashable, float]:
    """Weighted reciprocal-rank fusion: sum of w / (k + rank) over the lists an item appears in."""
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def diversify(items: Sequence[Hashable], group_of: dict[Hashable, Hashable], per_group: int) -> list[Hashable]:
    """Keep order, but let each group place at most `per_group` items before the others have had a turn."""
    counts: dict[Hashable, int] = {}
    first, later = [], []
    for item in items:
        g = group_of[item]
        counts[g] = counts.get(g, 0) + 1
        (first if counts[g] <= per_group else later).append(item)
    return first + later
