"""Search latency with and without the relevance judge's reranking at Chamber scale (issue 18's budget: `search` with
reranking p50 ≤ 150 ms and p95 ≤ 300 ms at 20k chunks; `--no-rerank` must keep the fast path), and `ask` there.

The index is bench/chamber_crosslingual.py's (the 12,118 Chamber FR/NL texts, ~20k chunks; built by its first
run, or here with `--build`, which skips the French names index: search does not read it, and its entity reading
is most of a 2-core ingest's two hours). The queries are the members' own questions ("Combien de …?", "Hoeveel …?") taken from a sample of the texts,
alternately French and Dutch, so each is a real question on a topic the index holds.

  python bench/rerank_scale.py [--index-dir bench/work/chamber/index] [--build] [--queries 100] [--runs 2]
Writes bench/results/rerank_scale.md.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from measure import latency, machine  # noqa: E402


def sampled_questions(dataset: Path, count: int, seed: int) -> list[str]:
    """The first question of each sampled Chamber text (scripts/judge/pairs.member_questions, which also puts
    back the spaces the dataset lost), its French and Dutch texts taken in turn."""
    from scripts.judge.pairs import chamber_rows, member_questions

    rows = list(chamber_rows(dataset))
    random.Random(seed).shuffle(rows)
    out = []
    for row in rows:
        found = member_questions(row[f"text_{'fr' if len(out) % 2 == 0 else 'nl'}"])[1]
        if found:
            out.append(found[0])
        if len(out) == count:
            break
    return out


def build(dataset: Path, index_dir: Path) -> None:
    """The Chamber texts ingested as bench/chamber_crosslingual.py does, without the names index."""
    from chamber_crosslingual import materialise

    import index.indexer as indexer
    from index.collection import Collection

    files = index_dir.parent / "files"
    materialise(dataset, files)
    indexer.french_entities = lambda texts: None  # the names index only: search never reads it
    collection = Collection(index_dir, create=True)
    report = indexer.ingest_paths(collection, [str(files)])
    print(f"built: {report.stats['chunks']} chunks, embedding {report.embed_seconds:.0f} s", flush=True)
    collection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=ROOT / "bench" / "work" / "chamber" / "index")
    parser.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "datasets" /
                        "be_chamber_questions_2020.jsonl.gz")
    parser.add_argument("--build", action="store_true", help="build the index first (names index skipped)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "rerank_scale.md")
    args = parser.parse_args()

    from answer.compose import ask
    from index.collection import Collection
    from index.search import search

    if args.build:
        build(args.dataset, args.index_dir)
    collection = Collection(args.index_dir)
    chunks = collection.store.stats()["chunks"]
    questions = sampled_questions(args.dataset, args.queries, args.seed)
    rows = []
    for name, fn, runs in (
            ("search --no-rerank (hybrid order)", lambda q: search(collection, q, k=10, rerank=False), args.runs),
            (f"search, top {collection.settings.rerank} reranked by the judge", lambda q: search(collection, q, k=10),
             args.runs),
            ("ask (reranked passages, judged sentences)", lambda q: ask(collection, q), 1)):
        p50, p95 = latency(fn, questions, runs=runs)
        rows.append(f"| {name} | {len(questions)} × {runs} | {p50:.0f} | {p95:.0f} |")
        print(rows[-1], flush=True)
    shown = args.index_dir.resolve().relative_to(ROOT) if args.index_dir.resolve().is_relative_to(ROOT) else args.index_dir
    text = "\n".join([
        "# Search with the relevance judge at Chamber scale (issue 18)", "",
        f"`python bench/rerank_scale.py{' --build' if args.build else ''} --index-dir {shown} --queries {args.queries}` — {chunks:,} chunks, int8, "
        f"{machine()}; members' own questions, French and Dutch in turn, after a warm-up.", "",
        "| path | queries × runs | p50 ms | p95 ms |", "|---|---|---|---|", *rows,
        "", "Budget: search with reranking p50 ≤ 150 ms, p95 ≤ 300 ms; ask p50 ≤ 400 ms, p95 ≤ 700 ms.", ""])
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
