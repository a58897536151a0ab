"""Fit how Radar combines the judge with the bi-encoder and the search, and where it refuses (issue 18), on the
training data's validation split only (the judge never trained on it); report the test split.

Radar's own search and answer path run over training paragraphs (scripts/judge/retrieval.py: PIAF in French,
XQuAD-R in German and Spanish asked in English), and three things are fitted there:

- `reranking` (a search's top passage): logistic regression over [the `--depth` judge's logit, e5 cosine,
  1/position in the hybrid ranking], label: the question's own paragraph. How far to trust the judge against the
  search is learnt, not set: trusted alone, the judge lowered the dev sets.
- `answer` (a candidate quote): the same over [the `--answer-depth` judge's logit, e5 cosine, its passage's
  reranking probability, the share of the question's names, figures and years its passage and document lack, a
  name in any of its thesaurus languages, whether it lacks the kind of answer the question asks for: a number, a
  date, a name (text/answer_kinds.py), whether the question's year stands nowhere there], label: the sentence of
  the question's paragraph that holds the answer. (The last input did nothing on the judge's training pairs, whose
  negatives share their paragraph's names: weight -0.35, P@1 0.909 against 0.911; here the competing passages
  are other paragraphs, as in Radar.)
- the answer combination is fitted with, beside those, the validation questions whose year was changed to one
  their paragraph does not give (and with `--statements`, Chamber members' own questions asked of their own
  text), all their candidates labelled as no answer: the corpus lacks what they ask.
- `refuse_below`: a quote's floor (a further quote, the best one for a part of a compound question), the best
  quote's probability that refuses 5 % of the validation questions whose paragraph `ask` read.
- `answerable` (a question): logistic regression over [the best judged quote's log-odds, their passages' best
  reranking probability, the nearest one's cosine], label: answered. Answered: the validation questions whose
  paragraph `ask` read; not: the same questions asked of the index without their paragraph (retrieval.py
  `absent_run`), and the changed-year ones. Its `refuse_below` refuses 5 % of those answered (the issue's ceiling
  on answerable questions refused). Reported beside them, not fitted on: the same judged pool without the
  sentences that hold the answer (the near miss Radar's corpus questions meet: the passage on the very subject is
  read, no sentence of it says what is asked; `--removed-in-fit` fits on them too, bench/results/judge_removed.md).

  python scripts/judge/fuse.py [--shared ../shared] [--depth 6] [--answer-depth 12] [--work judge-data/retrieval]
  # → index/relevance.json
  python scripts/judge/fuse.py --statements --work judge-data/retrieval-st [--no-statements-in-fit] --out … --report …
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ANSWERABLE_REFUSED = 0.05  # the ceiling on answerable questions refused


def fit(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> tuple[list[float], float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    return [round(float(w), 4) for w in model.coef_[0]], round(float(model.intercept_[0]), 4)


def top1(scores: np.ndarray, label: np.ndarray, query: np.ndarray, reciprocal: bool = False) -> float:
    """Share of questions whose best-scored candidate is labelled (or, `reciprocal`, mean reciprocal rank of the
    first labelled one; 0 for a question with none)."""
    total, questions = 0.0, np.unique(query)
    for q in questions:
        members = np.flatnonzero(query == q)
        ordered = label[members][np.argsort(-scores[members], kind="stable")]
        total += (1 / (1 + int(np.argmax(ordered))) if reciprocal else float(ordered[0])) if ordered.any() else 0.0
    return total / max(len(questions), 1)


def pool(p: np.ndarray, run: dict[str, np.ndarray], where: np.ndarray) -> tuple[float, float, float]:
    """One question's judged candidates `where`, reduced as `ask` reduces them (index.relevance.pool_summary)."""
    from index.relevance import pool_summary

    return pool_summary(p[where], run["passage"][where], run["cosine"][where])


def table(r: dict[str, np.ndarray], columns: dict[str, np.ndarray], reciprocal: bool) -> list[str]:
    lines = ["| split | languages (question-paragraph) | questions | " + " | ".join(columns) + " |",
             "|---|---|---|" + "---|" * len(columns)]
    for split, where in (("validation (fitted on)", r["val"]), ("test", ~r["val"])):
        for langs in sorted(set(r["langs"])):
            m = where & (r["langs"] == langs)
            cells = [top1(s[m], r["label"][m], r["query"][m], reciprocal) for s in columns.values()]
            lines.append(f"| {split} | {langs} | {len(np.unique(r['query'][m]))} | " +
                         " | ".join(f"{c:.3f}" for c in cells) + " |")
    return lines


def kept_offsets(out: Path, answer_depth: int) -> dict:
    """The same-language offsets of the fit being replaced (scripts/judge/offsets.py), when they were measured on
    the answer judge this fit reads too; otherwise none, and offsets.py is to be run again."""
    from index.relevance import read_weights

    previous = read_weights(out) if out.exists() else None
    if previous is None or not previous.same_language_offsets:
        return {}
    if previous.answer_depth != answer_depth:
        print(f"{out}: its same-language offsets were measured on another answer judge: run scripts/judge/offsets.py")
        return {}
    return {"same_language_offsets": previous.same_language_offsets}


def main() -> None:
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.relevance import (
        ANSWER_INPUTS,
        ANSWERABLE_INPUTS,
        CONTEXT_INPUTS,
        RERANKING_INPUTS,
        Fusion,
        JudgedRelevance,
        Weights,
        answerable_inputs,
    )
    from scripts.judge.retrieval import absent_run, answer_run, run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--depth", type=int, default=6, help="layers of the judge that reranks passages")
    parser.add_argument("--answer-depth", type=int, default=12,
                        help="layers of the judge that reads candidate quotes (deeper than the reranking's: it reads "
                             "8 short sentences where that one reads 5 passages; bench/results/judge_fusion.md)")
    parser.add_argument("--work", type=Path, default=ROOT / "judge-data" / "retrieval")
    parser.add_argument("--out", type=Path, default=ROOT / "index" / "relevance.json")
    parser.add_argument("--statements", action="store_true",
                        help="also ask Chamber members' own questions of their own text (retrieval.py: statement_"
                             "questions), in the fit (tried with the judge trained on them: "
                             "bench/results/judge_statements.md; not in the shipped fit)")
    parser.add_argument("--no-statements-in-fit", action="store_true",
                        help="with --statements: report them, fit without them (a comparison)")
    parser.add_argument("--removed-in-fit", action="store_true",
                        help="fit the refusal on the answer-sentence-removed views too (reported either way; tried "
                             "and not kept: bench/results/judge_removed.md)")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "results" / "judge_fusion.md")
    args = parser.parse_args()

    r = run(args.shared, args.work, args.depth, args.statements)
    x = np.stack([r["logit"], r["cosine"], 1 / r["position"]], 1)
    weights, bias = fit(x[r["val"]], r["label"][r["val"]])
    reranking = Fusion(RERANKING_INPUTS, tuple(weights), bias)
    rerank_lines = table(r, {"hybrid search": -r["position"].astype(float), "+ judge alone": r["logit"],
                             "+ judge, cosine and position (fitted)": x @ weights + bias}, reciprocal=True)

    placeholder = Fusion(ANSWER_INPUTS, (1.0,) + (0.0,) * (len(ANSWER_INPUTS) - 1), 0.0)  # answer_run records
    # the logits, not this combination
    relevance = JudgedRelevance(Path(resolve_model(DEFAULT_MODEL)), cache_dir(),
                                Weights(args.depth, reranking, placeholder, 0.0, args.answer_depth))
    a = answer_run(args.shared, args.work, relevance, statements=args.statements)
    a.setdefault("statement", np.zeros(len(a["query"]), dtype=bool))  # a cache written before the column
    xa = np.stack([a["logit"], a["cosine"], a["passage"], *(a[name] for name in CONTEXT_INPUTS)], 1)
    fitted_on = a["val"] & ~a["statement"] if args.no_statements_in_fit else a["val"]
    weights_a, bias_a = fit(xa[fitted_on], a["label"][fitted_on])
    answer = Fusion(ANSWER_INPUTS, tuple(weights_a), bias_a)
    p = answer.probability(*xa.T)
    real = ~a["changed"] & ~a["statement"]
    answer_lines = table({k: v[real] for k, v in a.items()}, {"e5 cosine": a["cosine"][real],
                                                              "judge alone": a["logit"][real],
                                                              "fitted combination": p[real]}, reciprocal=False)

    # Whether a question is answered at all, fitted on validation views of the pool `ask` judges: a question
    # whose own paragraph was read (answered), the same asked of the index without its paragraph (`absent_run`),
    # and one whose year was changed (not answered). Unregularised (C=1e4): the inputs' scales differ (a cosine
    # moves in hundredths), and a penalty on the raw weights would flatten the cosine's.
    absent_run_ = absent_run(args.shared, args.work, relevance)
    pa = answer.probability(*np.stack([absent_run_[k] for k in ("logit", "cosine", "passage", *CONTEXT_INPUTS)]))
    views = []  # (inputs, answered, validation, kind, languages)
    for q in np.unique(a["query"]):
        m = a["query"] == q
        kind = "changed" if a["changed"][m][0] else "statement" if a["statement"][m][0] else "read"
        if kind != "read" or a["own"][m].any():
            views.append((pool(p, a, m), kind == "read", bool(a["val"][m][0]), kind, str(a["langs"][m][0])))
        if kind == "read" and a["label"][m].any():  # the same pool without the sentences that hold the answer
            views.append((pool(p, a, m & ~a["label"].astype(bool)), False, bool(a["val"][m][0]), "removed",
                          str(a["langs"][m][0])))
    for q in np.unique(absent_run_["query"]):
        m = absent_run_["query"] == q
        views.append((pool(pa, absent_run_, m & absent_run_["found"]), False, bool(absent_run_["val"][m][0]),
                      "absent", str(absent_run_["langs"][m][0])))
    vbest = np.array([v[0][0] for v in views])  # the best quote's probability
    vx = np.array([answerable_inputs(*v[0]) for v in views])
    vy, vval, vkind, vlangs = (np.array([v[i] for v in views]) for i in range(1, 5))
    # A quote's own floor (a further quote, a part of a compound question): the best quote's probability that
    # refuses 5 % of the validation questions whose paragraph was read (until 2026-11-28 it refused questions too).
    best_threshold = float(np.quantile(vbest[vval & (vkind == "read")], ANSWERABLE_REFUSED))
    threshold = round(best_threshold, 4)
    in_fit = vval & ~((vkind == "statement") & args.no_statements_in_fit)
    in_fit &= (vkind != "removed") | args.removed_in_fit
    weights_q, bias_q = fit(vx[in_fit], vy[in_fit], c=1e4)
    answerable = Fusion(ANSWERABLE_INPUTS, tuple(weights_q), bias_q)
    pq = answerable.probability(*vx.T)
    unanswered_below = round(float(np.quantile(pq[vval & (vkind == "read")], ANSWERABLE_REFUSED)), 4)
    refusal_lines = ["| split | languages | answerable (own paragraph read): refused | answer absent (asked without "
                     "its paragraph): refused | year changed: refused | answer sentence removed: refused |",
                     "|---|---|---|---|---|---|"]
    for split, is_val in (("validation (fitted on)", True), ("test", False)):
        for langs in sorted(set(vlangs[np.isin(vkind, ("read", "absent"))])):
            def refused(kind: str, scores: np.ndarray, under: float) -> str:
                m = (vval == is_val) & (vlangs == langs) & (vkind == kind)
                return f"{np.mean(scores[m] < under):.3f}" if m.any() else "—"

            cells = [f"{refused(kind, pq, unanswered_below)} (best quote alone {refused(kind, vbest, best_threshold)})"
                     for kind in ("read", "absent", "changed", "removed")]
            n = int(((vval == is_val) & (vlangs == langs) & (vkind == "read")).sum())
            refusal_lines.append(f"| {split} | {langs} ({n} read) | " + " | ".join(cells) + " |")
    statement_lines = ["| split | question language (documents: fr and nl) | questions | refused |", "|---|---|---|---|"]
    for split, is_val in (("validation (fitted on)", True), ("test", False)):
        for langs in sorted(set(vlangs[vkind == "statement"])):
            m = (vval == is_val) & (vlangs == langs) & (vkind == "statement")
            statement_lines.append(f"| {split} | {langs[:2]} | {int(m.sum())} | {np.mean(pq[m] < unanswered_below):.3f} |")

    report = {"depth": args.depth, "answer_depth": args.answer_depth,
              "reranking": {"inputs": list(reranking.inputs), "weights": list(reranking.weights), "bias": reranking.bias},
              "answer": {"inputs": list(answer.inputs), "weights": list(answer.weights), "bias": answer.bias},
              "refuse_below": threshold,
              "answerable": {"inputs": list(answerable.inputs), "weights": list(answerable.weights),
                             "bias": answerable.bias, "refuse_below": unanswered_below},
              "fitted": "scripts/judge/fuse.py: logistic regressions and the threshold on Radar's search and answer "
                        "path over the validation articles of PIAF and XQuAD-R (scripts/judge/retrieval.py), never "
                        "trained on by the judge"}
    report.update(kept_offsets(args.out, args.answer_depth))
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    lines = ["# The judge combined with e5 and the search, and the refusal threshold, fitted on training data", "",
             f"`python scripts/judge/fuse.py` → `index/relevance.json`: `{json.dumps(report)}`", "",
             "PIAF paragraphs (French questions) and XQuAD-R's German and Spanish paragraphs (English questions) "
             "ingested into one Radar index; questions of the validation and test articles only. Passages are "
             f"reranked by the {args.depth}-layer judge, candidate quotes read by the {args.answer_depth}-layer one.", "",
             "## Reranking: the hybrid search's top 5 reordered (MRR@5 of the question's own paragraph)", "",
             *rerank_lines, "",
             "## Answer choice: `ask`'s judged candidate sentences (the best one holds the answer)", "",
             *answer_lines, "",
             "## Refusal", "",
             "Per question, its answerability (`answerable`: the best quote's log-odds, the best passage "
             "probability and the nearest cosine among `ask`'s judged candidates), refused under "
             f"{unanswered_below}: questions whose own paragraph was read (answerable); the same asked of the index "
             "without their paragraph (scripts/judge/retrieval.py `absent_run`: the corpus does not answer); "
             "questions whose year was changed to one their paragraph does not give (`changed_year`); the "
             "questions read, their pool without the sentences that hold the answer (a near miss; "
             + ("in the fit" if args.removed_in_fit else "not in the fit") + "). In brackets, "
             "the rule before (the best quote's probability alone, its threshold refusing 5 % of the validation "
             "questions read).", "", *refusal_lines, "",
             *(["Chamber members' own questions (scripts/judge/retrieval.py `statement_questions`), asked of an "
                "index that holds their whole text (statement of facts included, in French and Dutch): their "
                "answerability. " + ("Not in the fit (`--no-statements-in-fit`)."
                                                        if args.no_statements_in_fit else
                                                        "Their validation split is in the fit."), "",
                *statement_lines, ""] if args.statements else [])]
    args.report.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
