"""The judge on its own test split, on this machine (CPU, int8, the committed weights), beside the bi-encoder
alone (e5 cosine, what Radar ranked with before): AUC, accuracy at the judge's validation threshold, and P@1
(the best-scored of a question's candidates answers it), by source, kind and language pair.

  python scripts/judge/report.py [--shared ../shared] [--depths 4,6,12] [--out bench/results/judge_training.md]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def table(pairs, test, scores: dict[str, np.ndarray], thresholds: dict[str, float]) -> list[str]:
    from scripts.train_judge import hash_query, metrics

    labels = np.array([p.label for p in pairs], dtype=np.uint8)
    queries = np.array([hash_query(p.query) for p in pairs], dtype=np.int64)
    slices = defaultdict(list)
    for i in test:
        p = pairs[i]
        cross = "cross-lingual" if p.qlang != p.tlang else p.qlang
        slices[("all", "all", "all")].append(i)
        slices[(p.source, p.kind, f"{p.qlang}-{p.tlang}")].append(i)
        slices[("by language", p.kind, cross)].append(i)
    lines = ["| source | kind | languages | pairs | " + " | ".join(f"{m} AUC / P@1" for m in scores) + " |",
             "|---|---|---|---|" + "---|" * len(scores)]
    for key in sorted(slices, key=lambda k: (k[0] != "all", k[0] != "by language", k)):
        where = np.array(slices[key])
        cells = []
        for name, s in scores.items():
            m = metrics(s, labels, queries, where, thresholds.get(name, 0.0))
            cells.append(f"{m['auc']:.3f} / {m['p_at_1'] if m['p_at_1'] is not None else '—'}")
        lines.append(f"| {' | '.join(key)} | {len(where)} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    from index.embedder import DEFAULT_MODEL, Embedder, cache_dir, resolve_model
    from index.judge import Judge, read_weights, weights_file
    from scripts.judge.pairs import all_pairs
    from scripts.train_judge import SEED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--depths", default="4,6,12")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "judge_training.md")
    args = parser.parse_args()
    pairs = all_pairs(args.shared, seed=SEED)
    test = [i for i, p in enumerate(pairs) if p.split == "test"]
    scores, thresholds, timing = {}, {}, {}
    embedder = Embedder()
    started = time.perf_counter()
    q = embedder.encode_queries([pairs[i].query for i in test])
    t = embedder.encode_passages([pairs[i].text for i in test])
    cosine = np.zeros(len(pairs), dtype=np.float32)
    cosine[test] = (q * t).sum(1)
    scores["bi-encoder (e5 cosine)"] = cosine
    timing["bi-encoder (e5 cosine)"] = time.perf_counter() - started
    folder = Path(resolve_model(DEFAULT_MODEL))
    for depth in (int(d) for d in args.depths.split(",")):
        judge = Judge(folder, cache_dir(), depth=depth)
        started = time.perf_counter()
        s = np.zeros(len(pairs), dtype=np.float32)
        for i in test:
            s[i] = judge.logits(pairs[i].query, [pairs[i].text])[0]
        name = f"judge, {depth} layers (int8)"
        scores[name], timing[name] = s, time.perf_counter() - started
        thresholds[name] = float(read_weights(weights_file(depth))["threshold"])
        print(name, f"{timing[name]:.0f} s", flush=True)
    lines = [f"# The relevance judge on its training data's test split ({len(test)} pairs)", "",
             "`python scripts/judge/report.py` — CPU, 2 cores; the judge's weights as committed (index/judge-*.npz), "
             "trained by `scripts/train_judge.py` (pairs: scripts/judge/pairs.py). Split by article or question "
             "group (80/10/10, fixed hash); thresholds and calibration chosen on the validation split.", "",
             *table(pairs, test, scores, thresholds), "",
             "Seconds for the whole split (one pair per run): " +
             ", ".join(f"{k} {v:.0f}" for k, v in timing.items()) + ".", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
