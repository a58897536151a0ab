"""The ablation of issue 18: Radar's retrieval and answers with each part of the relevance model switched on in
turn, per question set, language and cross-lingual, with latency. The 30 frozen questions (radar/judge_questions.tsv)
were written before the model's answers were seen, the 30 of radar/frozen_questions_2.tsv before the changed-year
fit and the year input; the dev sets were never used to choose a number.

  python bench/answer_ablation.py --index-dir DIR [--shared ../shared] [--before CHECKOUT]

`--before` names a checkout of the hand-tuned Radar (e.g. `git worktree add /tmp/before 849b332`), run on the
same index in a subprocess for the first row.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SYSTEMS = {  # Settings overrides
    "bi-encoder only: hybrid search, quotes by cosine, no refusal": {"rerank": 0, "judged_sentences": 0},
    "+ reranking: the judge reorders the top 5": {"rerank": 5, "judged_sentences": 0},
    "+ learned answer choice and refusal (Radar now)": {},  # the shipped settings (core.settings.Settings)
}


def question_sets(shared: Path, root: Path) -> dict[str, Path]:
    return {"shared dev": shared / "eval" / "dev_questions.tsv", "Radar dev": root / "radar" / "dev_questions.tsv",
            "Radar held-out": root / "radar" / "heldout_questions.tsv",
            "30 frozen (judge_questions)": root / "radar" / "judge_questions.tsv",
            "30 frozen later (frozen_questions_2)": root / "radar" / "frozen_questions_2.tsv",
            "30 frozen third (frozen_questions_3)": root / "radar" / "frozen_questions_3.tsv",
            "30 frozen fourth (frozen_questions_4)": root / "radar" / "frozen_questions_4.tsv",
            "30 frozen fifth (frozen_questions_5)": root / "radar" / "frozen_questions_5.tsv",
            "30 frozen sixth (frozen_questions_6)": root / "radar" / "frozen_questions_6.tsv",
            "30 frozen seventh (frozen_questions_7)": root / "radar" / "frozen_questions_7.tsv",
            "30 frozen eighth (frozen_questions_8)": root / "radar" / "frozen_questions_8.tsv"}


def measure(index_dir: str, shared: Path, root: Path, overrides: dict, fit: Path | None = None) -> dict[str, list[dict]]:
    """Per question set, one record per question: rank of the first gold document, answer outcome, timings (scored
    by radar.evaluation; run by an older checkout for the `--before` row, whose answer rows have no `shown`). `fit`:
    another relevance.json than the shipped one (judges' depths, combinations, threshold)."""
    from answer.compose import ask
    from index.collection import Collection
    from radar.evaluation import (
        evaluate_answers,
        evaluate_ranker,
        parallel_files,
        radar_ranking,
        read_parallel_groups,
        read_questions,
    )

    relevance = {}
    if fit is not None:
        from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
        from index.relevance import JudgedRelevance, read_weights

        relevance["relevance"] = JudgedRelevance(Path(resolve_model(DEFAULT_MODEL)), cache_dir(), read_weights(fit))
    collection = Collection(index_dir, **overrides, **relevance)
    parallel = read_parallel_groups(parallel_files(shared, beside=root / "radar"))
    # each system starts without the sentences an earlier one embedded (the `--before` checkout keeps none)
    getattr(collection.embedder, "forget_texts", lambda: None)()
    ask(collection, "warm-up: who leads Myria?")
    out = {}
    for name, path in question_sets(shared, root).items():
        questions, search_ms = read_questions(path), {}

        def timed(text: str) -> list[list[str]]:
            started = time.perf_counter()
            ranked = radar_ranking(collection, text)
            search_ms[text] = 1000 * (time.perf_counter() - started)
            return ranked

        ranks = evaluate_ranker(timed, questions, parallel).rows
        answers = evaluate_answers(collection, questions, parallel)
        out[name] = [{"qid": q.qid, "lang": q.lang, "cross": q.cross_lingual, "answerable": bool(q.gold),
                      "rank": ranked.first_hit_rank, "quoted": a.quote_overlap >= 0.5, "has_quote": bool(q.gold_quote),
                      "refused": a.refused, "first_in_gold": a.first_in_gold, "first": getattr(a, "shown", ""),
                      "search_ms": search_ms[q.text], "ask_ms": 1000 * a.seconds}
                     for q, ranked, a in zip(questions, ranks, answers)]
    return out


def summary(records: list[dict]) -> dict:
    answerable = [r for r in records if r["answerable"]]
    absent = [r for r in records if not r["answerable"]]
    quoted = [r for r in answerable if r["has_quote"]]

    def share(rows: list[dict], test) -> str:
        return f"{sum(map(test, rows)) / len(rows):.3f}" if rows else "—"

    ms = lambda key: f"{np.percentile([r[key] for r in records], 50):.0f} / {np.percentile([r[key] for r in records], 95):.0f}"  # noqa: E731
    return {"n": f"{len(answerable)} + {len(absent)}",
            "MRR@10": f"{np.mean([1 / r['rank'] if r['rank'] else 0 for r in answerable]):.3f}" if answerable else "—",
            "first citation in gold": share(answerable, lambda r: r["first_in_gold"]),
            "a quote holds the gold answer": share(quoted, lambda r: r["quoted"]),
            "answerable refused": share(answerable, lambda r: r["refused"]),
            "unanswerable refused": share(absent, lambda r: r["refused"]),
            "search p50 / p95 ms": ms("search_ms"), "ask p50 / p95 ms": ms("ask_ms")}


def groups(records: list[dict]) -> dict[str, list[dict]]:
    out = {"all": records}
    for lang in ("fr", "nl", "en"):
        out[lang] = [r for r in records if r["lang"] == lang and not r["cross"]]
    out["cross-lingual"] = [r for r in records if r["cross"]]
    return {k: v for k, v in out.items() if v}


def before(checkout: Path, index_dir: str, shared: Path) -> dict[str, list[dict]]:
    """The same measurement run by an older checkout's code (its own answer path) on the same index."""
    code = (f"import sys, json; sys.path.insert(0, {str(checkout)!r}); sys.path.insert(1, {str(ROOT)!r});"
            "import answer.compose as c; assert c.__file__.startswith(sys.path[0]), c.__file__;"
            "from bench.answer_ablation import measure; from pathlib import Path;"
            f"print(json.dumps(measure({index_dir!r}, Path({str(shared)!r}), Path({str(ROOT)!r}), {{}})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--before", type=Path, help="a checkout of the hand-tuned Radar, for the first row")
    parser.add_argument("--fit", action="append", default=[], metavar="LABEL=FILE",
                        help="also Radar now read through another relevance.json (e.g. one written by "
                             "scripts/judge/fuse.py --answer-depth 6 --out FILE), in a row named LABEL")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "answer_ablation.md")
    args = parser.parse_args()
    runs = {}
    if args.before:
        runs["before issue 18: hand-tuned scores and refusal"] = before(args.before, args.index_dir, args.shared)
    for name, overrides in SYSTEMS.items():
        runs[name] = measure(args.index_dir, args.shared, ROOT, overrides)
        print(name, "done", flush=True)
    for label, path in (item.split("=", 1) for item in args.fit):
        runs[f"+ learned answer choice and refusal, {label}"] = measure(args.index_dir, args.shared, ROOT, {}, Path(path))
    columns = list(summary(next(iter(runs.values()))["Radar dev"]))
    lines = ["| question set | group | system | " + " | ".join(columns) + " |", "|---|---|---|" + "---|" * len(columns)]
    for set_name in question_sets(args.shared, ROOT):
        for group in groups(next(iter(runs.values()))[set_name]):
            for system, run in runs.items():
                row = summary(groups(run[set_name])[group])
                lines.append(f"| {set_name} | {group} | {system} | " + " | ".join(row[c] for c in columns) + " |")
    misses = [f"- {set_name} {r['qid']} ({'answerable' if r['answerable'] else 'unanswerable'}, "
              f"{'refused' if r['refused'] else 'answered'}): {r['first']}"
              for set_name, records in runs[list(SYSTEMS)[-1]].items() for r in records
              if (r["answerable"] and not r["first_in_gold"]) or (not r["answerable"] and not r["refused"])]
    text = "\n".join(["# Ablation: the relevance model in search and ask (issue 18)", "",
                      f"`python bench/answer_ablation.py --index-dir {args.index_dir}" +
                      (f" --before {args.before}" if args.before else "") +
                      "".join(f" --fit '{item}'" for item in args.fit) + "`" +
                      " — shared corpus + seeds, int8, 2 cores, one process per system after a warm-up. n = answerable"
                      " + unanswerable questions; MRR@10 over the answerable ones (document level, k=30 searched).", "",
                      *lines, "", "## Radar now: answerable questions whose first citation is not gold, unanswerable "
                      "ones answered", "", *misses, ""])
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
