"""The relevance judge alone reordering the hybrid search's top passages (issue 18's first look, kept as the
reason the judge is weighed with the search rather than trusted alone): Recall@1/5 and MRR@10 at document level
per question set, and the reordering's latency, per judge depth and reranking depth. `search` itself reranks
with the fitted combination (bench/answer_ablation.py).

Usage: python bench/judge_rerank.py --index-dir DIR [--shared ../shared] [--depths 4,6] [--rerank 5,10,20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from index.collection import Collection
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.judge import Judge
    from index.search import search
    from radar.evaluation import (
        distinct_documents,
        evaluate_ranker,
        parallel_files,
        read_parallel_groups,
        read_questions,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--depths", default="4,6")
    parser.add_argument("--rerank", default="5,10,20")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "judge_rerank.md")
    args = parser.parse_args()
    collection = Collection(args.index_dir)
    sets = {"shared dev": args.shared / "eval" / "dev_questions.tsv", "Radar dev": ROOT / "radar" / "dev_questions.tsv",
            "Radar held-out": ROOT / "radar" / "heldout_questions.tsv",
            "30 frozen (judge_questions)": ROOT / "radar" / "judge_questions.tsv"}
    parallel = read_parallel_groups(parallel_files(args.shared, beside=ROOT / "radar"))
    hits_of = {q.text: search(collection, q.text, k=30, rerank=False) for path in sets.values() for q in read_questions(path)
               if q.gold}
    folder = Path(resolve_model(DEFAULT_MODEL))
    rows = ["| question set | n | system | Recall@1 | Recall@5 | MRR@10 | rerank p50 / p95 ms |", "|---|---|---|---|---|---|---|"]

    def add(name: str, path: Path, system: str, order, times=None) -> None:
        report = evaluate_ranker(lambda text: distinct_documents(([h.document.path, *h.also_in] for h in order(text)), 10),
                                 [q for q in read_questions(path) if q.gold], parallel)
        m = report.table()[0]
        lat = f"{np.percentile(times, 50):.0f} / {np.percentile(times, 95):.0f}" if times else "—"
        rows.append(f"| {name} | {m['n']} | {system} | {m['recall@1']} | {m['recall@5']} | {m['mrr@10']} | {lat} |")
        print(rows[-1], flush=True)

    for name, path in sets.items():
        add(name, path, "hybrid search (today)", lambda text: hits_of[text])
    for depth in (int(d) for d in args.depths.split(",")):
        judge = Judge(folder, cache_dir(), depth=depth)
        judge.logits("warm-up", ["warm-up"])
        logits, times = {}, {}
        for text, hits in hits_of.items():
            started = time.perf_counter()
            logits[text] = judge.logits(text, [h.chunk.text for h in hits[:max(int(n) for n in args.rerank.split(","))]])
            times[text] = 1000 * (time.perf_counter() - started)
        for n in (int(n) for n in args.rerank.split(",")):
            def order(text: str, n: int = n) -> list:
                hits = hits_of[text]
                top = sorted(range(min(n, len(hits))), key=lambda i: -logits[text][i])
                return [hits[i] for i in top] + hits[n:]
            for name, path in sets.items():
                per = [times[q.text] * n / max(int(x) for x in args.rerank.split(",")) for q in read_questions(path) if q.gold]
                add(name, path, f"+ judge {depth} layers, top {n}", order, per)
    text = "\n".join(["# Reranking with the relevance judge", "", f"`python bench/judge_rerank.py --index-dir {args.index_dir}`"
                      " — shared corpus + seeds, int8, 2 cores. The rerank latency is scaled from the timed top-N run "
                      "(one pair per ONNX run, ~linear in N). The judge alone, not the fitted combination `search` uses.", "", *rows, ""])
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
