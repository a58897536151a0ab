"""Fit RRF's k, how sharply a question's search favours the top of each ranked list it fuses (dense per language,
the question read with its thesaurus concepts, BM25, rare names: index.search.fusion_lists), on training data's
validation questions; report the test questions beside them. The result goes into core/settings.py (`rrf_k`).

The haystack is every paragraph and page of three training sources, one document each (`haystack`):
- PIAF (French questions over French Wikipedia paragraphs);
- XQuAD-R (English questions over the German and Spanish versions of their paragraphs: across languages);
- CNIL help pages (French questions, with their rephrasings, over 523 government help pages).
Questions come from the validation and test articles or pages only (split by article or page, as the judge's
pairs). Each set counts alike in the mean that chooses (CNIL's 60 validation questions as much as PIAF's 776).

The ranked lists are computed once per question by Radar's own search code; each k is then scored on them
(`mrr`): fused, folded to pages, MRR@10 of the question's own page. Collapsing copies and the per-document
diversity do not enter: every page is one document of its own. The judge's reranking (the top 5, afterwards) is
measured by bench/retrieval_peers.py on the real path.

    python scripts/fit_fusion.py [--work bench/work/retrieval_peers] [--report bench/results/search_fusion.md]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

K_GRID = (1, 2, 3, 5, 7, 10, 20, 30, 60)  # 60: the usual default, and Radar's hand-set value until 2026-11-29
DEPTH = 10  # MRR@10
SETS = ("cnil fr-fr", "piaf fr-fr", "xquad-r en-de/es")


@dataclass(frozen=True)
class Ranked:
    """One question's ranked lists as its search fuses them, the page of each rowid, and its gold page."""

    set: str
    split: str  # val | test
    gold: str  # the page's file name prefix (either language version for XQuAD-R)
    lists: list[list[int]]
    weights: list[float]
    page: dict[int, str]  # rowid → file name, for the rowids of `lists`


def cnil_questions(shared: Path) -> tuple[list[tuple], dict[str, str]]:
    """CNIL help pages as documents by file name, and each page's questions (its rephrasings too), split by page."""
    from scripts.judge.pairs import split_of

    docs = json.loads((shared / "training" / "cnil_besoindaide_V5.json").read_text(encoding="utf-8"))["data"]
    questions, pages = [], {}
    for doc in docs:
        name = f"cnil_{doc['id']}.fr.txt"
        pages[name] = doc["paragraphs"][0]["context"]
        split = split_of("cnil", str(doc["id"]))
        questions += [(qa["question"].strip(), name, "cnil fr-fr", split)
                      for qa in doc["paragraphs"][0]["qas"] if qa["question"].strip()]
    return questions, pages


def haystack(shared: Path) -> tuple[list[tuple], dict[str, str]]:
    """(question, gold file prefix, set, split) of the validation and test questions, and every page by file."""
    from scripts.judge.retrieval import training_questions

    questions, pages = training_questions(shared)
    questions = [(q, name, SETS[1] if langs == "fr-fr" else SETS[2], split) for q, name, langs, split, _ in questions]
    more, cnil_pages = cnil_questions(shared)
    return [q for q in questions + more if q[3] in ("val", "test")], {**pages, **cnil_pages}


def haystack_collection(work: Path, pages: dict[str, str]):
    """Radar's index of the pages under `work` (ingested once, then reused while today's index-time settings hold)."""
    from index.collection import Collection
    from index.indexer import ingest_paths
    from scripts.judge.retrieval import fresh_index

    folder, index = work / "pages", fresh_index(work / "index")
    if not index.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
        ingest_paths(Collection(index, create=True), [str(folder)])
    return Collection(index)


def ranked_lists(collection, questions: list[tuple]) -> list[Ranked]:
    from index.search import fusion_lists

    paths = collection.doc_paths()
    out = []
    for question, gold, name, split in questions:
        lists, weights = fusion_lists(collection, question, collection.settings.candidates)
        rowids = sorted({r for ranking in lists for r in ranking})
        chunks = collection.store.chunks(rowids)
        out.append(Ranked(name, split, gold, lists, weights,
                          {r: Path(paths[c.doc_id]).name for r, c in chunks.items()}))
    return out


def reciprocal_rank(ranked: Sequence[str], gold: str) -> float:
    """1 / the rank of the first of the ranked files that is the gold page (a name prefix), within DEPTH; else 0.
    Ranked files are folded to pages in order first (several chunks of one page count once)."""
    pages = list(dict.fromkeys(ranked))[:DEPTH]
    return next((1 / rank for rank, page in enumerate(pages, start=1) if page.startswith(gold)), 0.0)


def mrr(rows: Sequence[Ranked], k: int) -> float:
    """MRR@10 of the gold page when the lists are fused with RRF's `k` (the search's own `index.fusion.rrf`)."""
    from index.fusion import rrf

    total = 0.0
    for row in rows:
        scores = rrf(row.lists, row.weights, k=k)
        total += reciprocal_rank([row.page[r] for r in sorted(scores, key=scores.get, reverse=True)], row.gold)
    return total / max(len(rows), 1)


def scores(rows: Sequence[Ranked], grid: Sequence[int] = K_GRID) -> dict[int, dict[tuple[str, str], float]]:
    """k → (split, set) → MRR@10."""
    groups = {(split, name): [r for r in rows if r.split == split and r.set == name]
              for split in ("val", "test") for name in sorted({r.set for r in rows})}
    return {k: {key: mrr(members, k) for key, members in groups.items() if members} for k in grid}


def choose(table: dict[int, dict[tuple[str, str], float]]) -> int:
    """The k of the best mean over the sets of the validation questions alone (the smallest such k on a tie)."""
    def val_mean(k: int) -> float:
        cells = [v for (split, _), v in table[k].items() if split == "val"]
        return sum(cells) / len(cells)

    return max(sorted(table), key=lambda k: (round(val_mean(k), 6), -k))


def report(table: dict[int, dict[tuple[str, str], float]], chosen: int, counts: dict[tuple[str, str], int]) -> list[str]:
    keys = sorted(next(iter(table.values())), key=lambda key: (key[0] != "val", key[1]))  # validation first
    lines = ["| RRF k | " + " | ".join(f"{'validation' if s == 'val' else 'test'}: {n} ({counts[(s, n)]})"
                                       for s, n in keys) + " | validation mean |",
             "|---|" + "---|" * (len(keys) + 1)]
    for k, cells in table.items():
        val = [cells[key] for key in keys if key[0] == "val"]
        mark = " (chosen)" if k == chosen else ""
        lines.append(f"| {k}{mark} | " + " | ".join(f"{cells[key]:.3f}" for key in keys)
                     + f" | {sum(val) / len(val):.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "retrieval_peers")
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    questions, pages = haystack(args.shared)
    rows = ranked_lists(haystack_collection(args.work, pages), questions)
    table = scores(rows)
    chosen = choose(table)
    counts = {(r.split, r.set): 0 for r in rows}
    for r in rows:
        counts[(r.split, r.set)] += 1
    lines = ["# RRF's k of a question's search, fitted on training data (issue 18)", "",
             "`python scripts/fit_fusion.py --report bench/results/search_fusion.md`: PIAF, XQuAD-R (English questions "
             "over German and Spanish paragraphs) and CNIL help pages, one haystack; the set's validation mean "
             "chooses, the test columns are reported only. Measured on the real path, with the judge's reranking "
             "and beside the tutorial pipeline: bench/results/retrieval_peers.md.", "",
             f"{len(pages)} pages; MRR@{DEPTH} of the question's own page, the search's lists fused with each k "
             f"(no reranking). Chosen on validation: k = {chosen}.", "", *report(table, chosen, counts)]
    print("\n".join(lines))
    if args.report:
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
