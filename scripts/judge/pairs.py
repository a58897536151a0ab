"""Question–text pairs with a relevance label, from the openly licensed sets in ../shared/training and the FR/NL
Chamber questions in ../shared/datasets. Hard negatives come from the same paragraph (sentences) or article
(passages); splits are by article or question group, fixed by a hash, so no paragraph is in two splits."""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from text.sentences import sentence_spans

SPLITS = (("train", 80), ("val", 10), ("test", 10))


@dataclass(frozen=True)
class Pair:
    query: str
    text: str
    label: int  # 1: the text answers the question
    group: str  # what the split is decided by (an article, a question)
    qlang: str
    tlang: str
    kind: str  # sentence | passage
    source: str

    @property
    def split(self) -> str:
        return split_of(self.source, self.group)


def split_of(source: str, group: str) -> str:
    """train / val / test, from a hash of the group: stable across runs and machines."""
    bucket = int(hashlib.sha1(f"{source}:{group}".encode()).hexdigest()[:8], 16) % 100
    cumulative = 0
    for name, share in SPLITS:
        cumulative += share
        if bucket < cumulative:
            return name
    return "test"


def sentences(text: str) -> list[tuple[int, int]]:
    return sentence_spans(text, 0, len(text))


@dataclass(frozen=True)
class Asked:
    """One answered question of a SQuAD-format file, where its answer stands."""

    article: int
    group: str  # the article's title: what the split is decided by
    paragraph: int
    context: str
    spans: list[tuple[int, int]]  # the paragraph's sentences
    question: str
    answer: str
    gold: tuple[int, int] | None  # the sentence that holds the answer (None: it straddles two)


def squad_questions(articles: list[dict]) -> Iterator[Asked]:
    """Every question with a non-empty text and an answer found in its paragraph, in file order."""
    for ai, article in enumerate(articles):
        group = article.get("title") or str(ai)
        for pi, para in enumerate(article["paragraphs"]):
            context = para["context"]
            spans = sentences(context)
            for qa in para["qas"]:
                question = qa["question"].strip()
                answer = qa["answers"][0] if qa.get("answers") else None
                if not question or not answer:
                    continue
                start = answer["answer_start"]
                if context[start : start + len(answer["text"])] != answer["text"]:
                    start = context.find(answer["text"])  # the one wrong offset of PIAF
                    if start < 0:
                        continue
                gold = next((s for s in spans if s[0] <= start < s[1]), None)
                yield Asked(ai, group, pi, context, spans, question, answer["text"], gold)


def squad_pairs(path: Path, lang: str, source: str, rng: random.Random, neg_sentences: int = 3,
                neg_passages: int = 2) -> list[Pair]:
    """SQuAD-format file → sentence pairs (the answer's sentence vs others of its paragraph) and passage pairs
    (its paragraph vs others of its article, and one of another article)."""
    articles = json.loads(path.read_text(encoding="utf-8"))["data"]
    contexts = [[p["context"] for p in a["paragraphs"]] for a in articles]
    out: list[Pair] = []
    for q in squad_questions(articles):
        question, context, group = q.question, q.context, q.group
        if q.gold is not None:
            out.append(Pair(question, context[q.gold[0]:q.gold[1]], 1, group, lang, lang, "sentence", source))
            others = [s for s in q.spans if s != q.gold]
            for s in rng.sample(others, min(neg_sentences, len(others))):
                out.append(Pair(question, context[s[0]:s[1]], 0, group, lang, lang, "sentence", source))
        out.append(Pair(question, context, 1, group, lang, lang, "passage", source))
        same = [c for j, c in enumerate(contexts[q.article]) if j != q.paragraph]
        for c in rng.sample(same, min(neg_passages, len(same))):
            out.append(Pair(question, c, 0, group, lang, lang, "passage", source))
        other = rng.choice([c for j, cs in enumerate(contexts) if j != q.article for c in cs[:3]])
        out.append(Pair(question, other, 0, group, lang, lang, "passage", source))
    return out


def xquad_gold(paragraph: dict, qi: int) -> int | None:
    """The index of the sentence of an XQuAD-R paragraph that holds question `qi`'s answer."""
    start = paragraph["qas"][qi]["answers"][0]["answer_start"]
    return next((i for i, (s, e) in enumerate(paragraph["sentence_breaks"]) if s <= start < e + 1), None)


def xquad_pairs(folder: Path, rng: random.Random, langs: tuple[str, ...] = ("en", "de", "es"),
                neg_sentences: int = 3) -> list[Pair]:
    """XQuAD-R: the same questions and paragraphs in several languages, answer sentences marked. Pairs in one
    language each, and cross-lingual ones (question in one language, sentences in another)."""
    data = {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))["data"] for lang in langs}
    out: list[Pair] = []
    base = data[langs[0]]
    for ai, article in enumerate(base):
        for pi, para in enumerate(article["paragraphs"]):
            for qi, _ in enumerate(para["qas"]):
                group = f"{ai}"
                qlang = rng.choice(langs)
                for tlang in (qlang, rng.choice([lang for lang in langs if lang != qlang])):
                    qpara = data[qlang][ai]["paragraphs"][pi]
                    tpara = data[tlang][ai]["paragraphs"][pi]
                    question = qpara["qas"][qi]["question"]
                    sents, gold = tpara["sentences"], xquad_gold(tpara, qi)
                    if gold is None:
                        continue
                    out.append(Pair(question, sents[gold], 1, group, qlang, tlang, "sentence", "xquad-r"))
                    others = [s for i, s in enumerate(sents) if i != gold]
                    for s in rng.sample(others, min(neg_sentences, len(others))):
                        out.append(Pair(question, s, 0, group, qlang, tlang, "sentence", "xquad-r"))
                    out.append(Pair(question, tpara["context"], 1, group, qlang, tlang, "passage", "xquad-r"))
                    same = [p["context"] for j, p in enumerate(data[tlang][ai]["paragraphs"]) if j != pi]
                    if same:
                        out.append(Pair(question, rng.choice(same), 0, group, qlang, tlang, "passage", "xquad-r"))
    return out


def sts_rows(folder: Path, split: str, langs: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """STS-B's rows of one split ("train", "dev", "test") per language, translations of one another row by row:
    [sentence 1, sentence 2, score 0-5]."""
    return {lang: list(csv.reader((folder / f"stsb-{lang}-{split}.csv").open(encoding="utf-8"))) for lang in langs}


def qnli_pairs(path: Path) -> list[Pair]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.append(Pair(row["question"], row["sentence"], int(row["label"] == "entailment"), row["question"],
                            "en", "en", "sentence", "qnli"))
    return out


def faq_pairs(path: Path, rng: random.Random, negatives: int = 3) -> list[Pair]:
    """CNIL help pages: each question against its own page (positive) and pages of the same theme (negative)."""
    docs = json.loads(path.read_text(encoding="utf-8"))["data"]
    by_theme: dict[str, list[str]] = {}
    for doc in docs:
        for para in doc["paragraphs"]:
            by_theme.setdefault(doc.get("theme", ""), []).append(para["context"])
    every = [c for cs in by_theme.values() for c in cs]
    out = []
    for doc in docs:
        for para in doc["paragraphs"]:
            for qa in para["qas"][:2]:
                question = qa["question"].strip()
                out.append(Pair(question, para["context"], 1, str(doc["id"]), "fr", "fr", "passage", "cnil"))
                pool = [c for c in by_theme.get(doc.get("theme", ""), []) if c != para["context"]] or every
                for c in rng.sample(pool, min(negatives, len(pool))):
                    out.append(Pair(question, c, 0, str(doc["id"]), "fr", "fr", "passage", "cnil"))
    return out


_QUESTION = re.compile(r"[^.?!\n]{25,300}\?")


@functools.lru_cache(maxsize=2)
def chamber_rows(path: Path) -> tuple[dict, ...]:
    """The Chamber written questions that have both a French and a Dutch version, read once per run (three pair
    and question builders read them)."""
    rows = (json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8"))
    return tuple(r for r in rows if r.get("text_fr") and r.get("text_nl"))


def chamber_pairs(path: Path, rng: random.Random, limit: int = 2500, negatives: int = 2) -> list[Pair]:
    """Belgian Chamber written questions, FR and NL: a question sentence of one version against the whole other
    version (positive, cross-lingual) and other questions' texts (negative). The only Dutch training signal."""
    rows = list(chamber_rows(path))  # shuffled below: a copy
    rng.shuffle(rows)
    rows = rows[:limit]
    out = []
    for i, row in enumerate(rows):
        for qlang, tlang in (("nl", "fr"), ("fr", "nl")):
            found = _QUESTION.findall(row[f"text_{qlang}"])
            if not found:
                continue
            question = rng.choice(found).strip()
            out.append(Pair(question, row[f"text_{tlang}"][:1500], 1, row["id"], qlang, tlang, "passage", "chamber"))
            # the same language: the text without the question's own words
            own = row[f"text_{qlang}"].replace(question, " ")[:1500]
            out.append(Pair(question, own, 1, row["id"], qlang, qlang, "passage", "chamber"))
            j = rng.choice([j for j in range(len(rows)) if j != i])
            out.append(Pair(question, rows[j][f"text_{qlang}"][:1500], 0, row["id"], qlang, qlang, "passage", "chamber"))
            for j in rng.sample([j for j in range(len(rows)) if j != i], negatives):
                out.append(Pair(question, rows[j][f"text_{tlang}"][:1500], 0, row["id"], qlang, tlang, "passage",
                                "chamber"))
    return out


_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9)][.?!])(?=[A-ZÀ-Ý])")  # "…oplossing.Het is…": the dataset lost the spaces
_TRAILING_NUMBER = re.compile(r"\s*\d+\.\s*$")  # the next question's number, left on the sentence
_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.)]\s*)?(?:[a-z]\)\s*)?")


def member_questions(text: str) -> tuple[list[str], list[str]]:
    """A Chamber written question's statement of facts, as sentences, and the questions that follow it (their
    numbering taken off); the dataset lost the space after many full stops, which is put back."""
    text = _GLUED.sub(" ", text)
    found = list(_QUESTION.finditer(text))
    if not found:
        return [], []
    statement = text[: found[0].start()]
    return ([_TRAILING_NUMBER.sub("", statement[s:e]).strip() for s, e in sentences(statement)],
            [_NUMBERING.sub("", m.group(0)).strip() for m in found])


def corpus_questions(shared: Path) -> set[str]:
    """The ids of the Chamber questions that are also documents of ../shared/corpus, which Radar is evaluated on:
    their sentences are kept out of the pairs added here."""
    folder = shared / "corpus" / "be_chamber_questions_2020"
    return {m.group(1) for f in (folder.iterdir() if folder.is_dir() else ())
            for m in [re.fullmatch(r"qrva_(.+)\.(?:fr|nl)\.txt", f.name)] if m}


def statement_pairs(path: Path, rng: random.Random, limit: int = 3000, negatives: int = 2,
                    exclude: frozenset[str] = frozenset()) -> list[Pair]:
    """Belgian Chamber written questions: one of a question's own questions against sentences of the statement of
    facts that precedes them (negative, kind "statement"), in its language and in the other version's. The
    statement is on the question's very topic and never answers it (the member asks because it does not): the
    judge must tell "a sentence about X" from "the sentence that answers about X", and Radar's corpus is full of
    such statements (issue 18: they were quoted as answers). Rows share `chamber_pairs`' groups and source, so
    each stays in the same split; the questions in `exclude` (Radar's evaluation corpus) are left out."""
    rows = [r for r in chamber_rows(path) if r["id"] not in exclude]
    rng.shuffle(rows)
    out = []
    for row in rows[:limit]:
        parts = {lang: member_questions(row[f"text_{lang}"]) for lang in ("fr", "nl")}
        parts = {lang: (questions, [t for t in statement if 40 <= len(t) <= 400 and "?" not in t])
                 for lang, (statement, questions) in parts.items()}
        if not all(questions and statement for questions, statement in parts.values()):
            continue
        for qlang, tlang in (("fr", "nl"), ("nl", "fr")):
            questions, own = parts[qlang]
            question = rng.choice([q for q in questions if len(q.split()) >= 5] or questions)
            words = set(re.findall(r"\w{4,}", question.lower()))
            nearest = sorted(own, key=lambda s: -len(words & set(re.findall(r"\w{4,}", s.lower()))))
            chosen = [nearest[0], *rng.sample(own, min(negatives - 1, len(own)))]
            for sentence in dict.fromkeys(chosen):
                out.append(Pair(question, sentence, 0, row["id"], qlang, qlang, "statement", "chamber"))
            other = parts[tlang][1]
            index = own.index(nearest[0])
            if len(other) == len(own):  # the versions' sentences align: the nearest one's translation
                out.append(Pair(question, other[index], 0, row["id"], qlang, tlang, "statement", "chamber"))
    return out


_YEAR = re.compile(r"(?<!\w)(?:1[5-9]|20)\d\d(?!\w)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)")
_NAME = re.compile(r"(?<=[\w,;:] )[A-ZÀ-Ý][\w'’-]{2,}")  # capitalised, not the question's first word


def _in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def swapped_pairs(pairs: list[Pair], rng: random.Random, name_share: float = 0.5) -> list[Pair]:
    """Negatives that teach the judge to check what a question specifies (issue 18's refusal failures: a 2022
    figure quoted for 2023, Koksijde's mayor for Gent's): a positive pair's question with one year, number or name
    that its text contains replaced by another that the text lacks. Years and numbers always, names in
    `name_share` of the pairs; the pair keeps its group and source, so it stays in its original's split."""
    names: dict[str, list[tuple[str, str]]] = {}
    for p in pairs:
        if p.label == 1:
            names.setdefault(p.qlang, []).extend((m.group(0), p.group) for m in _NAME.finditer(p.query))
    out = []
    for p in pairs:
        if p.label != 1:
            continue
        years = [m for m in _YEAR.finditer(p.query) if _in(m.group(0), p.text)]
        numbers = [m for m in _NUMBER.finditer(p.query) if _in(m.group(0), p.text)]
        named = [m for m in _NAME.finditer(p.query) if _in(m.group(0), p.text)]
        if years:
            m, what = rng.choice(years), "year"
            new = str(int(m.group(0)) + rng.choice([-1, 1]) * rng.randint(1, 12))
        elif numbers:
            m, what = rng.choice(numbers), "number"
            new = str(max(0, int(float(m.group(0).replace(",", "."))) + rng.choice([-1, 1]) * rng.randint(1, 9)))
        elif named and rng.random() < name_share:
            m, what = rng.choice(named), "name"
            new = rng.choice([n for n, g in rng.sample(names[p.qlang], 20) if g != p.group] or ["Ruritania"])
        else:
            continue
        if new == m.group(0) or _in(new, p.text):
            continue
        query = p.query[: m.start()] + new + p.query[m.end():]
        out.append(Pair(query, p.text, 0, p.group, p.qlang, p.tlang, f"{p.kind}-swap-{what}", p.source))
    return out


def read_pairs(path: Path) -> list[Pair]:
    """Pairs saved one JSON object per line (scripts/judge/mine.py's hard negatives)."""
    return [Pair(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def all_pairs(shared: Path, seed: int = 13, swaps: bool = False, statements: bool = False,
              hard: Path | None = None) -> list[Pair]:
    """Every pair; `swaps` adds `swapped_pairs` (tried, not in the committed judge: bench/results/judge_swaps.md),
    `statements` adds `statement_pairs`, `hard` the negatives mined into that file (scripts/judge/mine.py)."""
    rng = random.Random(seed)
    training = shared / "training"
    pairs = (squad_pairs(training / "piaf-v1.1.json", "fr", "piaf", rng)
             + xquad_pairs(training / "xquad-r", rng)
             + qnli_pairs(training / "qnli_dev.tsv")
             + faq_pairs(training / "cnil_besoindaide_V5.json", rng)
             + chamber_pairs(shared / "datasets" / "be_chamber_questions_2020.jsonl.gz", rng))
    return (pairs + (swapped_pairs(pairs, random.Random(seed + 1)) if swaps else [])
            + (statement_pairs(shared / "datasets" / "be_chamber_questions_2020.jsonl.gz", random.Random(seed + 2),
                               exclude=frozenset(corpus_questions(shared))) if statements else [])
            + (read_pairs(hard) if hard else []))
