"""How the answer judge reads a question against text in another language (issue 18): where its cross-lingual
skill comes from, and where Radar's corpus meets its blind spot.

1. XQuAD-R's test articles (never trained on): an English question against its paragraph's sentences in each of
   the 11 languages. The judge was trained on English, German and Spanish in every direction
   (scripts/judge/pairs.py `xquad_pairs`); the other eight languages show what it does with a pair it never saw.
   P@1: the answer's sentence scored highest.
2. The checking sets' gold quotes (radar/*questions*.tsv, ../shared/eval): the judge's logit for a question and
   its gold quote, by question language and quote language. French and Dutch questions against each other's
   text, and English against either, are pairs no training set holds.

Checking only: nothing here is fitted or chosen.

  python bench/judge_language_pairs.py [--shared ../shared] [--questions 80] [--out bench/results/judge_language_pairs.md]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

XQUAD_LANGS = ("en", "de", "es", "ar", "el", "hi", "ru", "th", "tr", "vi", "zh")
TRAINED = {"en", "de", "es"}


def xquad_rows(judge, shared: Path, limit: int) -> list[str]:
    from scripts.judge.pairs import split_of, xquad_gold

    folder = shared / "training" / "xquad-r"
    data = {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))["data"] for lang in XQUAD_LANGS}
    asked = [(ai, pi, qi) for ai, article in enumerate(data["en"]) if split_of("xquad-r", str(ai)) == "test"
             for pi, para in enumerate(article["paragraphs"]) for qi, _ in enumerate(para["qas"])][:limit]
    lines = ["| sentences in | trained on | questions | P@1 | gold logit, mean |", "|---|---|---|---|---|"]
    for lang in XQUAD_LANGS:
        hits, golds = [], []
        for ai, pi, qi in asked:
            para = data[lang][ai]["paragraphs"][pi]
            gold = xquad_gold(para, qi)
            if gold is None or len(para["sentences"]) < 2:
                continue
            logits = judge.logits(data["en"][ai]["paragraphs"][pi]["qas"][qi]["question"], para["sentences"])
            hits.append(int(np.argmax(logits)) == gold)
            golds.append(float(logits[gold]))
        lines.append(f"| {lang} | {'yes' if lang in TRAINED else 'no'} | {len(hits)} | {np.mean(hits):.3f} | "
                     f"{np.mean(golds):.2f} |")
    return lines


def corpus_rows(judge, shared: Path) -> list[str]:
    files = [*sorted((ROOT / "radar").glob("*questions*.tsv")), shared / "eval" / "dev_questions.tsv"]
    logits: dict[tuple[str, str], list[float]] = defaultdict(list)
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row.get("gold_quote_verbatim") and row.get("gold_lang"):
                    key = (row["query_lang"], row["gold_lang"])
                    logits[key].append(float(judge.logits(row["question"], [row["gold_quote_verbatim"]])[0]))
    lines = ["| question | gold quote | questions | logit, mean | logit < 0 (reads as no answer) |",
             "|---|---|---|---|---|"]
    for (q, t), values in sorted(logits.items()):
        v = np.array(values)
        lines.append(f"| {q} | {t} | {len(v)} | {v.mean():.2f} | {np.mean(v < 0):.2f} |")
    return lines


def main() -> None:
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.judge import Judge
    from index.relevance import read_weights

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--questions", type=int, default=80, help="XQuAD-R test questions asked in each language")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "judge_language_pairs.md")
    args = parser.parse_args()
    depth = read_weights().answer_depth
    judge = Judge(Path(resolve_model(DEFAULT_MODEL)), cache_dir(), depth=depth)
    lines = ["# The answer judge across languages", "",
             f"`python bench/judge_language_pairs.py --questions {args.questions}` — the {depth}-layer answer judge, "
             "int8, its raw logit (before the fitted combination).", "",
             "## XQuAD-R test articles: an English question, its paragraph's sentences in each language", "",
             *xquad_rows(judge, args.shared, args.questions), "",
             "## Radar's checking sets: a question against its gold quote", "",
             *corpus_rows(judge, args.shared), ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
