"""`radar eval`: document-level retrieval metrics on a question set, split by language and cross-linguality."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from core.errors import RadarError
from index.collection import Collection
from index.search import search


@dataclass
class Question:
    qid: str
    lang: str
    text: str
    gold: list[str]
    cross_lingual: bool
    gold_quote: str = ""


@dataclass
class Scored:
    question: Question
    ranked_docs: list[list[str]]  # each result document with its also_in paths
    first_hit_rank: int | None  # 1-based rank of the first gold document (None: not in top 10)


@dataclass
class EvalReport:
    rows: list[Scored] = field(default_factory=list)

    def table(self) -> list[dict]:
        answerable = [r for r in self.rows if r.question.gold]
        groups = {"all": answerable}
        for lang in sorted({r.question.lang for r in answerable}):
            groups[f"lang={lang}"] = [r for r in answerable if r.question.lang == lang]
        groups["cross-lingual"] = [r for r in answerable if r.question.cross_lingual]
        groups["same-language"] = [r for r in answerable if not r.question.cross_lingual]
        return [{"group": name, **metrics(rows)} for name, rows in groups.items() if rows]


def metrics(rows: list[Scored]) -> dict:
    n = len(rows)

    def recall(k: int) -> float:
        return sum(1 for r in rows if r.first_hit_rank and r.first_hit_rank <= k) / n

    mrr = sum(1 / r.first_hit_rank for r in rows if r.first_hit_rank) / n
    ndcg = sum(1 / math.log2(r.first_hit_rank + 1) for r in rows if r.first_hit_rank) / n
    return {"n": n, "recall@1": round(recall(1), 3), "recall@5": round(recall(5), 3),
            "recall@10": round(recall(10), 3), "mrr@10": round(mrr, 3), "ndcg@10": round(ndcg, 3)}


def read_questions(path: Path) -> list[Question]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except OSError as exc:
        raise RadarError(f"cannot read {path}: {exc.strerror}") from exc
    if not rows or "question" not in rows[0]:
        raise RadarError(f"{path} has no 'question' column (expected the dev_questions.tsv format)")
    out = []
    for i, row in enumerate(rows, start=1):
        gold_raw = row.get("gold_files") or row.get("gold_file") or ""
        gold = [g.strip() for g in gold_raw.split("|") if g.strip()]
        out.append(Question(qid=row.get("qid") or f"q{i}", lang=(row.get("query_lang") or "").strip(),
                            text=row["question"].strip(), gold=gold,
                            cross_lingual=(row.get("cross_lingual") or "").strip().lower() in {"yes", "true", "1"},
                            gold_quote=(row.get("gold_quote_verbatim") or "").strip()))
    return out


def read_parallel_groups(paths: list[Path]) -> list[set[str]]:
    """Ground-truth equivalences: the eval groups file ('a | b | c') and MANIFEST's parallel column."""
    groups: list[set[str]] = []
    for path in dict.fromkeys(p.resolve() for p in paths):
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader, [])
            col = header.index("parallel_with_or_group") if "parallel_with_or_group" in header else None
            for row in reader:
                if col is None and len(row) >= 2 and "|" in row[1]:
                    groups.append({p.strip() for p in row[1].split("|")})
                elif col is not None and len(row) > col and row[col].endswith((".txt", ".md")):
                    groups.append({row[0].strip(), row[col].strip()})
    merged: list[set[str]] = []
    for g in groups:
        overlapping = [m for m in merged if m & g]
        for m in overlapping:
            g |= m
            merged.remove(m)
        merged.append(g)
    return merged


def parallel_files(shared: Path, beside: Path | None = None) -> list[Path]:
    """Where parallel-version groups live: parallel_groups*.tsv and the corpus MANIFEST.tsv next to a question
    set (when given), then in the shared evaluation material."""
    out: list[Path] = []
    for folder in ([beside] if beside else []) + [shared / "eval"]:
        out += [*sorted(folder.glob("parallel_groups*.tsv")), folder.parent / "corpus" / "MANIFEST.tsv"]
    return out


def wanted_files(q: Question, parallel: list[set[str]]) -> set[str]:
    """The gold files and every version of them (a parallel version of the gold counts as a hit)."""
    wanted = set(q.gold)
    for group in parallel:
        if wanted & group:
            wanted |= group
    return wanted


def _matches(path: str, wanted: set[str]) -> bool:
    norm = path.replace("\\", "/")
    return any(norm == w or norm.endswith("/" + w) for w in wanted)


Ranker = Callable[[str], list[list[str]]]  # question → ranked documents, each as its paths (copies included)


def evaluate(collection: Collection, questions: list[Question], parallel: list[set[str]], k: int = 10) -> EvalReport:
    return evaluate_ranker(lambda text: radar_ranking(collection, text, k), questions, parallel, k)


def radar_ranking(collection: Collection, text: str, k: int = 10) -> list[list[str]]:
    return distinct_documents(([hit.document.path, *hit.also_in] for hit in search(collection, text, k=k * 3)), k)


def distinct_documents(paths_lists: Iterable[list[str]], k: int = 10) -> list[list[str]]:
    """Passages' documents in rank order, each once (its first path names it), at most k."""
    ranked: list[list[str]] = []
    seen: set[str] = set()
    for paths in paths_lists:
        if paths[0] not in seen:
            seen.add(paths[0])
            ranked.append(paths)
            if len(ranked) == k:
                break
    return ranked


def evaluate_ranker(rank: Ranker, questions: list[Question], parallel: list[set[str]], k: int = 10) -> EvalReport:
    """Any system's document ranking scored the same way (bench/peers.py scores Radar's peers with it)."""
    report = EvalReport()
    for q in questions:
        wanted = wanted_files(q, parallel)
        ranked = rank(q.text)[:k]
        first = next((i for i, paths in enumerate(ranked, start=1) if any(_matches(p, wanted) for p in paths)), None)
        report.rows.append(Scored(q, ranked, first if wanted else None))
    return report


def format_table(rows: list[dict]) -> str:
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    line = " | ".join(c.ljust(widths[c]) for c in cols)
    sep = "-|-".join("-" * widths[c] for c in cols)
    body = "\n".join(" | ".join(str(r[c]).ljust(widths[c]) for c in cols) for r in rows)
    return f"{line}\n{sep}\n{body}"


@dataclass
class AnswerRow:
    question: Question
    refused: bool
    first_in_gold: bool
    quote_overlap: float  # best share of the gold quote's words found in a cited quote
    seconds: float
    quote_share: float = 0.0  # best share of a cited quote's own words found in the gold quote
    shown: str = ""  # what the answer put first: the first quote with its path, or the refusal's text


def _content_words(text: str) -> set[str]:
    from text.normalise import folded_words

    return {w for w in folded_words(text) if len(w) > 2 or w.isdigit()}


def evaluate_answers(collection: Collection, questions: list[Question], parallel: list[set[str]]) -> list[AnswerRow]:
    """Run `ask` on every question and score it against the gold files and quotes."""
    import time

    from answer.compose import ask

    rows = []
    if questions:  # latency is measured after the model and the index are loaded, as the issue asks
        ask(collection, questions[0].text)
    for q in questions:
        wanted = wanted_files(q, parallel)
        t0 = time.perf_counter()
        answer = ask(collection, q.text)
        seconds = time.perf_counter() - t0
        first = answer.citations[0] if answer.citations else None
        first_in_gold = bool(first and wanted and any(
            _matches(p, wanted) for p in (first.hit.document.path, *first.hit.also_in)))
        gold_words = _content_words(q.gold_quote)
        overlap = max((len(gold_words & _content_words(c.quote)) / len(gold_words) for c in answer.citations),
                      default=0.0) if gold_words else 0.0
        share = max((len(gold_words & _content_words(c.quote)) / max(len(_content_words(c.quote)), 1)
                     for c in answer.citations), default=0.0) if gold_words else 0.0
        shown = f"{first.hit.document.path}: {first.quote[:120]}" if first else answer.text[:160]
        rows.append(AnswerRow(q, answer.refused, first_in_gold, overlap, seconds, share, shown))
    return rows


def answer_table(rows: list[AnswerRow]) -> list[dict]:
    out = []
    for name, subset in [("all", rows), *[(f"lang={lang}", [r for r in rows if r.question.lang == lang])
                                         for lang in sorted({r.question.lang for r in rows})]]:
        answerable = [r for r in subset if r.question.gold]
        unanswerable = [r for r in subset if not r.question.gold]
        quoted = [r for r in answerable if r.question.gold_quote]
        out.append({
            "group": name,
            "answerable": len(answerable),
            "first_citation_in_gold": round(sum(r.first_in_gold for r in answerable) / max(len(answerable), 1), 3),
            "gold_words_quoted>=0.5": round(sum(r.quote_overlap >= 0.5 for r in quoted) / max(len(quoted), 1), 3),
            "quote_words_in_gold>=0.5": round(sum(r.quote_share >= 0.5 for r in quoted) / max(len(quoted), 1), 3),
            "answerable_refused": round(sum(r.refused for r in answerable) / max(len(answerable), 1), 3),
            "unanswerable": len(unanswerable),
            "unanswerable_refused": round(sum(r.refused for r in unanswerable) / max(len(unanswerable), 1), 3)
            if unanswerable else None,
        })
    return out
