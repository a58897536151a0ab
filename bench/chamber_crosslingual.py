"""Cross-lingual scale check on the Chamber dataset: does a question's other-language version rank first?

Indexes all FR/NL texts of `be_chamber_questions_2020.jsonl.gz` with Radar's own ingest (as files named
qrva_<id>.<lang>.txt, so the Chamber metadata parser applies), then searches each sampled text restricted to
the other language. A hit counts when the first result is the expected version, a text identical to it, or
the version of a question identical to the pasted one in its own language (the same question sent to several
ministers, translated separately). Prints a Markdown table.

Usage: python bench/chamber_crosslingual.py [--dataset PATH] [--work DIR] [--sample N] [--seed S] [--precision P]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from core.filters import Filters
from index.collection import Collection
from index.indexer import ingest_paths
from index.search import search
from ingest.dedupe import fingerprint


def materialise(dataset: Path, folder: Path) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in gzip.open(dataset, "rt", encoding="utf-8")]
    for row in rows:
        for lang in ("fr", "nl"):
            path = folder / f"qrva_{row['id']}.{lang}.txt"
            if not path.exists():
                path.write_text(row[f"text_{lang}"], encoding="utf-8")
    return rows


def near_identical(a: str, b: str) -> bool:
    """The same question sent to another minister with a typo or a changed title: not identical, but no
    system could tell the two apart across languages. Reported beside the strict figure, never in it."""
    if abs(len(a) - len(b)) > 0.05 * max(len(b), 1):
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.98


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=Path("../shared/datasets/be_chamber_questions_2020.jsonl.gz"))
    ap.add_argument("--work", type=Path, default=Path("bench/work/chamber"))
    ap.add_argument("--sample", type=int, default=0, help="queries per direction (0 = all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--precision", choices=["int8", "fp32"], default=None,
                    help="query encoder (default: the one the index was built with)")
    args = ap.parse_args()

    rows = materialise(args.dataset, args.work / "files")
    collection = Collection(args.work / "index", create=True, precision=args.precision)
    t0 = time.time()
    report = ingest_paths(collection, [str(args.work / "files")],
                          progress=lambda s, d, t: print(f"\r{s} {d}/{t}", end="", file=sys.stderr) if d % 200 == 0 else None)
    print(f"\ningest: {report.count('added')} added, {report.count('duplicate')} identical, "
          f"{report.stats['chunks']} chunks, {time.time() - t0:.0f} s (embedding {report.embed_seconds:.0f} s)",
          file=sys.stderr)

    by_id = {row["id"]: row for row in rows}
    rng = random.Random(args.seed)
    picked = rows if not args.sample else rng.sample(rows, min(args.sample, len(rows)))
    table = []
    for src, dst in (("fr", "nl"), ("nl", "fr")):
        exact, ok, near, latencies = 0, 0, 0, []
        for n, row in enumerate(picked, start=1):
            expected = fingerprint(row[f"text_{dst}"])
            t = time.perf_counter()
            hits = search(collection, row[f"text_{src}"], k=1, filters=Filters(lang=dst))
            latencies.append(time.perf_counter() - t)
            if hits:
                top = hits[0].document
                twin = by_id.get(top.path.rsplit("qrva_", 1)[-1].rsplit(".", 2)[0])
                version = top.path.endswith(f"qrva_{row['id']}.{dst}.txt") or fingerprint(top.text) == expected
                exact += version  # the expected version (stored once with every identical copy)
                if version or (twin is not None and fingerprint(twin[f"text_{src}"]) == fingerprint(row[f"text_{src}"])):
                    ok += 1  # or a question identical to the pasted one, sent to another minister
                    near += 1
                elif near_identical(top.text, row[f"text_{dst}"]):
                    near += 1
            if n % 250 == 0:
                print(f"{src}->{dst} {n}/{len(picked)}: {ok / n:.3f}", file=sys.stderr)
        table.append((f"{src.upper()}→{dst.upper()}", len(picked), exact / len(picked), ok / len(picked),
                      near / len(picked), 1000 * float(np.median(latencies))))
    print("| direction | queries | expected version (or a copy of its text) first | top-1 correct (identical texts count) "
          "| or a near-identical text (≥ 0.98) | median search ms |\n|---|---|---|---|---|---|")
    for name, n, strict, acc, lenient, ms in table:
        print(f"| {name} | {n} | {strict:.3f} | {acc:.3f} | {lenient:.3f} | {ms:.0f} |")
    print("\nIdentical texts: the expected version's text, or the other-language version of a question whose text in"
          "\nthe pasted language is identical to the pasted one (one question sent to several ministers, translated"
          "\nseparately: nothing in the pasted text tells the copies apart).")


if __name__ == "__main__":
    main()
