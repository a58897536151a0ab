"""Behaviour snapshot: search results, answers, references and refusals for every dev and held-out question and
for pasted Chamber questions, written as JSON lines, so that a change meant to keep behaviour (a refactor) can
be checked to keep it exactly.

Usage (from the repository root, with the virtualenv):
    python scripts/snapshot.py --index-dir DIR --out before.jsonl      # before the change
    python scripts/snapshot.py --index-dir DIR --out after.jsonl --compare before.jsonl

DIR is an index of ../shared/corpus and ../shared/seeds (`radar ingest ../shared/corpus ../shared/seeds`).
Exit code 1 and the first differing records when the snapshots differ.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from answer.compose import ask
from answer.question import question_language
from core.filters import Filters
from index.collection import Collection
from index.search import search

SETS = ("eval/dev_questions.tsv", "radar:radar/dev_questions.tsv", "radar:radar/heldout_questions.tsv")


def _hits(hits) -> list[list]:
    return [[h.document.path, h.chunk.char_start, h.chunk.char_end, h.score, list(h.also_in)] for h in hits]


def _answer(answer) -> dict:
    return {"lang": answer.lang, "text": answer.text, "refused": answer.refused, "note": answer.note,
            "citations": [[c.n, c.hit.document.path, c.char_start, c.char_end, c.quote, c.reference, c.version_of]
                          for c in answer.citations],
            "passages": _hits(answer.passages)}


def questions(shared: Path, root: Path) -> list[tuple[str, str]]:
    out = []
    for spec in SETS:
        path = root / spec.split(":", 1)[1] if spec.startswith("radar:") else shared / spec
        with open(path, encoding="utf-8", newline="") as fh:
            out += [(f"{path.name}:{row.get('qid')}", row["question"].strip())
                    for row in csv.DictReader(fh, delimiter="\t")]
    return out


def pasted(shared: Path) -> list[tuple[str, str, str]]:
    """(id, text, other language) for each Chamber question of the cross-lingual qrels."""
    with open(shared / "eval" / "crosslingual_chamber_qrels.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(row["query_file"], (shared / "corpus" / row["query_file"]).read_text(encoding="utf-8"),
             row["relevant_lang"]) for row in rows]


def snapshot(collection: Collection, shared: Path, root: Path):
    for qid, text in questions(shared, root):
        yield {"id": qid, "question_language": question_language(text),
               "search": _hits(search(collection, text, k=10)), "ask": _answer(ask(collection, text))}
    for qid, text, lang in pasted(shared):
        yield {"id": "pasted:" + qid, "search": _hits(search(collection, text, k=5, filters=Filters(lang=lang)))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-dir", type=Path, required=True)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--compare", type=Path, help="a snapshot to compare with")
    args = ap.parse_args()
    root = Path(__file__).resolve().parents[1]
    collection = Collection(args.index_dir)
    records = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in snapshot(collection, args.shared, root)]
    args.out.write_text("\n".join(records) + "\n", encoding="utf-8")
    print(f"{len(records)} records written to {args.out}")
    if not args.compare:
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    differing = [(a, b) for a, b in zip(before, records) if a != b]
    if len(before) != len(records) or differing:
        print(f"DIFFERENT: {len(differing)} of {len(records)} records differ ({len(before)} before)")
        for a, b in differing[:5]:
            print("- " + a[:600] + "\n+ " + b[:600])
        return 1
    print(f"identical to {args.compare}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
