"""Radar's retrieval beside the LangChain tutorial pipeline on held-out training sets (issue 18: "on each external
set, MRR@10 at least 0.03 above the tutorial pipeline's").

The external sets are not ours to see; these are the nearest we have, every question from the validation and test
splits only, over the haystack scripts/fit_fusion.py fits RRF's k on (PIAF, XQuAD-R English questions over
German and Spanish paragraphs, CNIL help pages; train articles' paragraphs too, a harder search). The tutorial
is `RecursiveCharacterTextSplitter(1000, 150)` + multilingual-e5-small (fp32, sentence-transformers) + FAISS
flat, dense only; Radar is its own ingest and search, with and without the judge's reranking. A question's
gold is its own page (either language version for XQuAD-R). Results: bench/results/retrieval_peers.md.

    python bench/retrieval_peers.py [--work bench/work/retrieval_peers] [--out bench/results/retrieval_peers.md]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from peer_systems import _lc_embeddings, tutorial_chunks  # noqa: E402  (the tutorial as bench/peers.py builds it)
from scripts.fit_fusion import DEPTH, haystack, haystack_collection, reciprocal_rank  # noqa: E402

SHARED = ROOT.parent / "shared"
POOL = 30  # the tutorial's chunks fetched, folded to pages


def tutorial_ranks(work: Path, pages: dict[str, str], questions: list[tuple]) -> list[list[str]]:
    from langchain_community.vectorstores import FAISS

    embeddings = _lc_embeddings()
    target = work / "langchain"
    if (target / "index.faiss").exists():
        store = FAISS.load_local(str(target), embeddings, allow_dangerous_deserialization=True)
    else:
        store = FAISS.from_documents(tutorial_chunks([(text, {"file": name}) for name, text in pages.items()]),
                                     embeddings)
        store.save_local(str(target))
    return [[d.metadata["file"] for d in store.similarity_search(q, k=POOL)] for q, *_ in questions]


def radar_ranks(collection, questions: list[tuple], rerank: bool) -> list[list[str]]:
    from index.search import search

    return [[Path(h.document.path).name for h in search(collection, q, k=DEPTH, rerank=rerank)] for q, *_ in questions]


def table(questions: list[tuple], runs: dict[str, list[list[str]]]) -> list[str]:
    sets = sorted({q[2] for q in questions})
    lines = ["| split | set | questions | " + " | ".join(runs) + " | Radar reranked − tutorial |",
             "|---|---|---|" + "---|" * len(runs) + "---|"]
    for split in ("val", "test"):
        for name in sets:
            idx = [i for i, q in enumerate(questions) if q[3] == split and q[2] == name]
            mrr = {system: sum(reciprocal_rank(ranks[i], questions[i][1]) for i in idx) / max(len(idx), 1)
                   for system, ranks in runs.items()}
            lines.append(f"| {'validation' if split == 'val' else 'test'} | {name} | {len(idx)} | "
                         + " | ".join(f"{v:.3f}" for v in mrr.values())
                         + f" | {mrr['Radar reranked'] - mrr['tutorial']:+.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "retrieval_peers")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None, help="per-question ranks as JSON")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    questions, pages = haystack(SHARED)
    collection = haystack_collection(args.work, pages)  # one model load for both of Radar's runs
    runs, seconds = {}, {}
    for system, ranker in (("tutorial", lambda: tutorial_ranks(args.work, pages, questions)),
                           ("Radar --no-rerank", lambda: radar_ranks(collection, questions, False)),
                           ("Radar reranked", lambda: radar_ranks(collection, questions, True))):
        t0 = time.perf_counter()
        runs[system] = ranker()
        seconds[system] = time.perf_counter() - t0
        print(f"{system}: {seconds[system]:.0f} s", flush=True)
    lines = [f"{len(pages)} pages; MRR@{DEPTH} of the question's own page.", "", *table(questions, runs)]
    print("\n".join(lines))
    if args.dump:
        args.dump.write_text(json.dumps({"questions": questions, "runs": runs}, ensure_ascii=False), encoding="utf-8")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
