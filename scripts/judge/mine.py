"""Hard negative sentences for the judge, mined the way Radar meets them (issue 18).

The judge's sentence negatives are random sentences of the answer's own paragraph. At `ask` time the sentences it
must turn down are the nearest ones of *other* passages on the same subject: the paragraph that names the
organisation but not its director, the year before the one asked. When the answer is not in the corpus, one of
those is the best candidate, and the judge scoring it high is what keeps Radar from refusing.

Per question of PIAF (French) and XQuAD-R (German and Spanish sentences, English questions and the same-language
pairs), every sentence of its article except the answer's own, and except any that holds the answer's text,
is a candidate; e5 keeps the nearest few and the given judge keeps the ones it scores highest. The negatives keep
their article's split (scripts/judge/pairs.py `split_of`), so validation and test stay apart from training.

Tried and not kept (bench/results/judge_hard.md): the committed judge already turns down 93.5 % of them, and
the judge trained on them refused no more absent answers on the validation split.

  python scripts/judge/mine.py [--shared ../shared] [--out judge-data/hard.jsonl] [--judge index/judge-6.npz]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.judge.pairs import Pair, sentences, squad_questions, xquad_gold  # noqa: E402

NEAREST = 6  # by e5 cosine, then judged
KEEP = 2  # per question: the judge's highest


def piaf_questions(path: Path) -> list[tuple[str, str, str, list[str], str]]:
    """(group, question, answer text, candidate sentences, language) per PIAF question."""
    articles = json.loads(path.read_text(encoding="utf-8"))["data"]
    split = [[[para["context"][s:e] for s, e in sentences(para["context"])] for para in article["paragraphs"]]
             for article in articles]
    out = []
    for q in squad_questions(articles):
        own = q.context[q.gold[0]:q.gold[1]] if q.gold else None
        pool = [s for sents in split[q.article] for s in sents if s != own]
        out.append((q.group, q.question, q.answer, pool, "fr"))
    return out


def xquad_questions(folder: Path, langs: tuple[str, ...] = ("en", "de", "es")) -> list[tuple]:
    """(group, question, answer text, candidate sentences, question language, sentence language): each question
    once per language pair in `langs` whose question language is picked in turn (en→de, de→es, es→en and each
    language to itself would quadruple XQuAD's weight; one cross-lingual and one same-language pair per question)."""
    data = {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))["data"] for lang in langs}
    out, turn = [], 0
    for ai, article in enumerate(data[langs[0]]):
        for pi, para in enumerate(article["paragraphs"]):
            for qi, _ in enumerate(para["qas"]):
                qlang = langs[turn % len(langs)]
                tother = langs[(turn + 1) % len(langs)]
                turn += 1
                for tlang in (qlang, tother):
                    tpara = data[tlang][ai]["paragraphs"][pi]
                    gold = xquad_gold(tpara, qi)
                    if gold is None:
                        continue
                    pool = [s for j, p in enumerate(data[tlang][ai]["paragraphs"])
                            for i, s in enumerate(p["sentences"]) if not (j == pi and i == gold)]
                    question = data[qlang][ai]["paragraphs"][pi]["qas"][qi]["question"]
                    out.append((str(ai), question, tpara["qas"][qi]["answers"][0]["text"], pool, qlang, tlang))
    return out


def candidates(pool: list[str], answer: str) -> list[str]:
    """The sentences that may stand as negatives: once each, none that holds the answer's text (the same fact is
    often told twice in an article) and no question (Radar never quotes one)."""
    from text.normalise import fold

    needle = fold(answer).lower().strip()
    return [s for s in dict.fromkeys(pool) if needle not in fold(s).lower() and "?" not in s]


def mine(shared: Path, judge_weights: Path, limit: int | None = None) -> list[Pair]:
    from index.embedder import DEFAULT_MODEL, Embedder, cache_dir, resolve_model
    from index.judge import Judge

    training = shared / "training"
    items = [(g, q, a, pool, lang, lang, "piaf") for g, q, a, pool, lang in
             piaf_questions(training / "piaf-v1.1.json")]
    items += [(*item, "xquad-r") for item in xquad_questions(training / "xquad-r")]
    if limit:
        items = items[:: max(1, len(items) // limit)]
    embedder = Embedder()
    judge = Judge(Path(resolve_model(DEFAULT_MODEL)), cache_dir(), weights=judge_weights)
    texts = sorted({s for item in items for s in item[3]})
    print(f"{len(items)} questions, {len(texts)} sentences to embed", flush=True)
    vectors = dict(zip(texts, embedder.encode_passages(texts)))
    queries = embedder.encode_queries([item[1] for item in items])
    out: list[Pair] = []
    for n, ((group, question, answer, pool, qlang, tlang, source), qv) in enumerate(zip(items, queries)):
        pool = candidates(pool, answer)
        if not pool:
            continue
        cosines = np.array([vectors[s] @ qv for s in pool])
        near = [pool[i] for i in np.argsort(-cosines, kind="stable")[:NEAREST]]
        logits = judge.batched_logits(question, near)
        for i in np.argsort(-logits, kind="stable")[:KEEP]:
            out.append(Pair(question, near[i], 0, group, qlang, tlang, "sentence-hard", source))
        if n % 500 == 0:
            print(f"  {n}/{len(items)}", flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=ROOT / "judge-data" / "hard.jsonl")
    p.add_argument("--judge", type=Path, default=ROOT / "index" / "judge-6.npz")
    p.add_argument("--limit", type=int, default=None, help="questions (a quick check)")
    args = p.parse_args()
    pairs = mine(args.shared, args.judge, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(asdict(x), ensure_ascii=False) + "\n" for x in pairs), encoding="utf-8")
    print(f"{len(pairs)} hard negatives → {args.out}")


if __name__ == "__main__":
    main()
