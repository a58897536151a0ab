"""The answer judge's logit offset per language, on the same texts (issue 18): STS-B's pairs in French, Dutch and
English are translations of one another, so how much more sure the judge reads a Dutch pair than the same French
one is the judge's own bias, not the text's.

`scripts/judge/fuse.py` fits the answer and refusal combinations on French questions over French paragraphs
(PIAF) and English questions over German and Spanish ones (XQuAD-R): the only same-language pairs it sees are
French. A Dutch question read against a Dutch quote scores ~0.8 logit higher than the same French pair, so Dutch
questions were answered more readily than French ones: both the answerable and the unanswerable. This script
measures the offset of each of Dutch and English to French on STS-B's train split, checks it on its dev split,
and writes it into relevance.json ("same_language_offsets"), where serving subtracts it from the judge's logit on a
quote in the question's own language (index.relevance.JudgedRelevance.sentences). French and pairs across
languages are left as the fit saw them.

    python scripts/judge/offsets.py [--shared ../shared] [--pairs 1000] [--out index/relevance.json]
        [--report bench/results/judge_offsets.md]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEED = 13
REFERENCE = "fr"  # the one same-language pair the fit saw
LANGS = ("nl", "en")
TOLERANCE = 0.15  # the corrected dev gap allowed, in logits: an offset that does not hold on dev is not written
SPLITS = {"train": "fitted on", "dev": "checked on"}


def sampled_rows(folder: Path, split: str, pairs: int) -> tuple[dict[str, list[list[str]]], np.ndarray]:
    """The same `pairs` STS-B rows (seeded) in each language, and their similarity scores (0-5)."""
    from scripts.judge.pairs import sts_rows

    rows = sts_rows(folder, split, (REFERENCE, *LANGS))
    order = list(range(len(rows[REFERENCE])))
    random.Random(SEED).shuffle(order)
    order = order[:pairs]
    return {lang: [rows[lang][i] for i in order] for lang in rows}, np.array([float(rows["en"][i][2]) for i in order])


def logits(judge, rows: list[list[str]]) -> np.ndarray:
    """The judge's logit for each row's first sentence (as the question) against its second (as the quote)."""
    return np.array([judge.logits(row[0], [row[1]])[0] for row in rows], dtype=np.float64)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "index" / "relevance.json")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "results" / "judge_offsets.md")
    args = parser.parse_args()

    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.judge import Judge
    from index.relevance import read_weights

    fit = json.loads(args.out.read_text(encoding="utf-8"))
    depth = read_weights(args.out).answer_depth
    folder = args.shared / "training" / "stsb"
    if not folder.is_dir():
        raise SystemExit(f"STS-B not found at {folder}: pass --shared, the folder holding training/stsb")
    judge = Judge(Path(resolve_model(DEFAULT_MODEL)), cache_dir(), depth=depth)
    means: dict[str, dict[str, tuple[float, float, float]]] = {}
    for split in SPLITS:
        rows, score = sampled_rows(folder, split, args.pairs)
        read = {lang: logits(judge, rows[lang]) for lang in rows}
        bands = (np.ones(len(score), bool), score >= 4, score <= 1)
        means[split] = {lang: tuple(float(read[lang][b].mean() - read[REFERENCE][b].mean()) for b in bands)
                        for lang in LANGS}
        means[split][REFERENCE] = tuple(float(read[REFERENCE][b].mean()) for b in bands)
        print(split, means[split], flush=True)
    offsets = {lang: round(means["train"][lang][0], 4) for lang in LANGS}
    corrected = {lang: means["dev"][lang][0] - offsets[lang] for lang in LANGS}
    holds = all(abs(gap) <= TOLERANCE for gap in corrected.values())
    lines = ["# The answer judge's logit per language on the same texts", "",
             f"`python scripts/judge/offsets.py --pairs {args.pairs}`: the {depth}-layer answer judge "
             f"(int8) on {args.pairs} STS-B pairs per split (seed {SEED}), sentence 1 as the question and sentence 2 "
             "as the quote, the same pairs in each language. French is the one same-language pair "
             "`scripts/judge/fuse.py` fits on; the other languages' gap to it is the judge's bias.", "",
             "| split | language | mean logit gap to French | pairs scored ≥ 4 | pairs scored ≤ 1 |", "|---|---|---|---|---|"]
    for split, role in SPLITS.items():
        ref = means[split][REFERENCE]
        lines.append(f"| {split} ({role}) | fr (mean logit) | {ref[0]:.3f} | {ref[1]:.3f} | {ref[2]:.3f} |")
        lines += [f"| {split} ({role}) | {lang} | {means[split][lang][0]:+.3f} | {means[split][lang][1]:+.3f} | "
                  f"{means[split][lang][2]:+.3f} |" for lang in LANGS]
    lines += ["", f"Offsets (train): {json.dumps(offsets)}. Dev gap after subtracting them: "
              + ", ".join(f"{lang} {gap:+.3f}" for lang, gap in corrected.items())
              + f" (allowed ±{TOLERANCE}): " + (f"written to `{args.out.name}`." if holds else "not written.")]
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if not holds:
        raise SystemExit(f"the offsets do not hold on STS-B dev ({corrected}); {args.out} left as it was")
    fit["same_language_offsets"] = offsets
    args.out.write_text(json.dumps(fit, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
