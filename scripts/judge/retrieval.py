"""Radar's own search run over training data, to fit how the judge's reranking weighs the search's order.

The paragraphs of PIAF (French) and of XQuAD-R's German and Spanish versions are ingested into a Radar index as
documents; PIAF's questions and XQuAD-R's English questions (so: answered across languages) are searched with
the hybrid search, and each of the top passages is recorded with its search position, its e5 cosine and the
judge's logit, labelled by whether it is the question's own paragraph. Only questions of the validation and test
splits are run (split by article, as the judge's pairs: the judge never trained on them).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np

DEPTH = 5  # the search's top passages the judge reorders at run time (Settings.rerank)
# Questions `answer_run` asks per split and language pair: all of them (776 / 620 French, 96 / 74 cross-lingual
# in the validation / test articles; 300 until 2026-11-28, when the fit had 300 French validation questions).
ANSWER_QUESTIONS = 1000


Question = tuple[str, str, str, str, dict[str, str]]  # text, file (name prefix), languages, split, answer by language


# What answer.scoring.context_of reads a quote's context with (the kind of answer asked, the question's names and
# their other languages), and what chooses the candidate quotes (answer.scoring.candidate_sentences: no title, no
# restated question, request or referral, a count for a count question; the passages they come from): a change
# there changes the answer and absent runs' inputs. (Until 2026-11-29 the choosers were not in the key: rules 8,
# 10, 11 and 13 changed no training candidate, checked by count; rule 17 did.)
_ROOT = Path(__file__).resolve().parents[2]
CANDIDATE_READERS = (_ROOT / "text" / "answer_kinds.py", _ROOT / "text" / "names.py", _ROOT / "index" / "thesaurus.tsv",
                     _ROOT / "answer" / "scoring.py", _ROOT / "answer" / "passages.py", _ROOT / "text" / "referrals.py",
                     _ROOT / "text" / "requests.py")


def cached(work: Path, stem: str, *files: Path, recipe: str = "") -> Path:
    """The cache file `stem` of `work` for the run that `files` (the judges' weights, what reads a quote's
    context) and `recipe` decide: a judge tried in their place (index/judge-<depth>.npz), a changed reader of
    the question's kind or names, or another choice of questions or inputs, is run afresh, never handed the
    figures of the one before it."""
    digest = hashlib.sha1(b"".join(path.read_bytes() for path in dict.fromkeys(files)) + recipe.encode()
                          + search_recipe().encode())
    return work / f"{stem}-{digest.hexdigest()[:12]}.npz"


def search_recipe() -> str:
    """The search's own knobs (core.settings.Settings' search-time fields: the fusion's k, the reranking depth...)
    and how passages were embedded: a run searched or indexed otherwise is another run."""
    from dataclasses import asdict

    from core.settings import INDEX_TIME, Settings

    knobs = {k: v for k, v in asdict(Settings()).items()
             if (k not in INDEX_TIME or k in INDEX_RECIPE) and k not in ("device", "batch_size")}
    return json.dumps(knobs, sort_keys=True)


# The index-time settings a cache is keyed by (the others have never changed): passage_title, what the model reads
# of a passage, changed the stored vectors and so every search.
INDEX_RECIPE = ("passage_title",)


def fresh_index(folder: Path) -> Path:
    """`folder`, emptied first when the index there was built with other index-time settings than today's (a
    changed way of embedding passages), since ingesting skips the files it already holds."""
    import shutil

    from core.settings import Location, Settings
    from store import open_store

    if (folder / "radar.sqlite").exists():
        store = open_store(Location(str(folder)))
        try:
            built = Settings.from_json(store.get_meta("settings"))  # its index-time fields, the others defaults
        finally:
            store.close()
        if built != Settings.from_json(Settings().to_json()):
            shutil.rmtree(folder)
    return folder


def training_questions(shared: Path) -> tuple[list[Question], dict[str, str]]:
    """The questions, and the paragraphs they are asked of as {file name: text}, one file per paragraph."""
    from scripts.judge.pairs import split_of

    questions: list[Question] = []
    paragraphs: dict[str, str] = {}
    piaf = json.loads((shared / "training" / "piaf-v1.1.json").read_text(encoding="utf-8"))["data"]
    for ai, article in enumerate(piaf):
        split = split_of("piaf", article.get("title") or str(ai))
        for pi, para in enumerate(article["paragraphs"]):
            name = f"piaf_{ai}_{pi}.fr.txt"
            paragraphs[name] = para["context"]
            questions += [(qa["question"].strip(), name, "fr-fr", split, {"fr": qa["answers"][0]["text"]})
                          for qa in para["qas"] if qa["question"].strip() and qa.get("answers")]
    xquad = {lang: json.loads((shared / "training" / "xquad-r" / f"{lang}.json").read_text(encoding="utf-8"))["data"]
             for lang in ("en", "de", "es")}
    for ai, article in enumerate(xquad["en"]):
        split = split_of("xquad-r", str(ai))
        for pi, para in enumerate(article["paragraphs"]):
            for lang in ("de", "es"):
                paragraphs[f"xquad_{ai}_{pi}.{lang}.txt"] = xquad[lang][ai]["paragraphs"][pi]["context"]
            questions += [(qa["question"].strip(), f"xquad_{ai}_{pi}", "en-de/es", split,
                           {lang: xquad[lang][ai]["paragraphs"][pi]["qas"][qi]["answers"][0]["text"]
                            for lang in ("de", "es")}) for qi, qa in enumerate(para["qas"])]
    return questions, paragraphs


def run(shared: Path, work: Path, depth_layers: int, statements: bool = False) -> dict[str, np.ndarray]:
    """The top-DEPTH passages of every validation and test question, with their features (cached in `work`);
    `statements` adds `chamber_documents` to the index (for `answer_run`'s statement questions)."""
    from index.collection import Collection
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.indexer import ingest_paths
    from index.judge import Judge, weights_file
    from index.search import search

    target = cached(work, f"retrieval-{depth_layers}", weights_file(depth_layers))
    if target.exists():
        with np.load(target) as data:
            return {k: data[k] for k in data.files}
    questions, paragraphs = training_questions(shared)
    questions = [q for q in questions if q[3] in ("val", "test")]
    folder = work / "paragraphs"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**paragraphs, **(chamber_documents(shared) if statements else {})}.items():
        (folder / name).write_text(text, encoding="utf-8")
    collection = Collection(fresh_index(work / "index"), create=True)
    ingest_paths(collection, [str(folder)])
    judge = Judge(Path(resolve_model(DEFAULT_MODEL)), cache_dir(), depth=depth_layers)
    rowids, matrix = collection.store.vectors(collection.dim)  # the stored vectors, as the reranking reads them
    chunk_ids = {c.id: r for r, c in collection.store.chunks(rowids.tolist()).items()}
    stored = dict(zip(rowids.tolist(), matrix))
    rows = []
    for qi, (question, name, langs, split, _) in enumerate(questions):
        hits = search(collection, question, k=DEPTH, rerank=False)
        qvec = collection.embedder.encode_queries([question])[0]
        logits = judge.logits(question, [h.chunk.text for h in hits])
        for position, (hit, logit) in enumerate(zip(hits, logits), start=1):
            cosine = float(stored[chunk_ids[hit.chunk.id]] @ qvec)
            rows.append((qi, position, float(logit), cosine, int(Path(hit.document.path).name.startswith(name)),
                         split == "val", langs))
    out = {"query": np.array([r[0] for r in rows]), "position": np.array([r[1] for r in rows]),
           "logit": np.array([r[2] for r in rows]), "cosine": np.array([r[3] for r in rows]),
           "label": np.array([r[4] for r in rows]), "val": np.array([r[5] for r in rows]),
           "langs": np.array([r[6] for r in rows])}
    np.savez_compressed(target, **out)
    return out


def answer_run(shared: Path, work: Path, relevance, limit: int = ANSWER_QUESTIONS,
               statements: bool = False) -> dict[str, np.ndarray]:
    """`ask`'s own candidate sentences (answer/scoring.py) for validation and test questions over the same index
    (at most `limit` of each split and language pair, in a fixed order), searched and reranked as `ask` does with
    `relevance`'s reranking: each judged candidate with its answer judge's logit, cosine, passage probability and what its
    context says of the question (index.relevance.CONTEXT_INPUTS), labelled by whether it is in the question's own paragraph
    and holds the answer's text.

    Then the same for questions whose year was changed to one their paragraph does not give (`changed_year`: "en
    1995" asked as "en 2002"), at most `limit // 2` per split and language pair: the corpus does not answer them,
    as Radar's users ask about a year their documents lack, so every candidate is labelled as no answer. With
    `statements`, also Chamber members' own questions (`statement_questions`), asked of an index that holds their
    whole text, its statement of facts included: on their very topic, and unanswered there."""
    from answer.passages import PASSAGES, SPARE
    from index.collection import Collection
    from index.relevance import CONTEXT_INPUTS
    from index.search import search

    target = cached(work, "answers", relevance.judge.weights, relevance.answer_judge.weights, *CANDIDATE_READERS,
                    recipe=f"{limit}:{','.join(CONTEXT_INPUTS)}" + (":statements" if statements else ""))
    if target.exists():
        with np.load(target) as data:
            return {k: data[k] for k in data.files}
    questions, paragraphs = training_questions(shared)  # over the index `run` built
    chosen = [(q, "") for q in asked_as_written(questions, limit)]
    for split in ("val", "test"):
        for langs in ("fr-fr", "en-de/es"):
            changed = [(text, *rest) for (question, *rest) in questions if rest[2] == split and rest[1] == langs
                       for text in [changed_year(question, _paragraph_of(rest[0], paragraphs))] if text]
            chosen += [(q, "changed year") for q in changed[: limit // 2]]
    asked = statement_questions(shared) if statements else []
    for split in ("val", "test"):
        for langs in ("fr-fr/nl", "nl-fr/nl"):
            chosen += [(q, "statement") for q in asked if q[3] == split and q[2] == langs][: limit // 2]
    collection = Collection(work / "index", relevance=relevance)
    rows = []
    for qi, ((question, name, langs, split, answers), absent) in enumerate(chosen):
        for file, text, *features in judged_candidates(collection, relevance, question,
                                                       search(collection, question, k=PASSAGES + SPARE)):
            own = file.startswith(name)
            lang = file.split(".")[-2]  # as written, not as detected (de, es)
            holds = own and answers.get(lang, "\0") in text and not absent
            rows.append((qi, *features, own, holds, split == "val", langs, absent == "changed year",
                         absent == "statement"))
    names = ("query", "logit", "cosine", "passage", *CONTEXT_INPUTS, "own", "label", "val", "langs", "changed",
             "statement")
    out = {name: np.array([r[j] for r in rows]) for j, name in enumerate(names)}
    np.savez_compressed(target, **out)
    return out


def asked_as_written(questions: list[Question], limit: int) -> list[Question]:
    """The questions `answer_run` and `absent_run` ask as written: at most `limit` of each split (validation, test)
    and language pair (French, English to German/Spanish), in file order."""
    return [q for split in ("val", "test") for langs in ("fr-fr", "en-de/es")
            for q in [q for q in questions if q[3] == split and q[2] == langs][:limit]]


def judged_candidates(collection, relevance, question: str, hits) -> list[tuple]:
    """`ask`'s judged candidate sentences among `hits` (answer/scoring.py: the passages read, their sentences
    nearest the question), each as (file name, text, answer judge's logit, cosine, passage probability, *what its
    context says: index.relevance.CONTEXT_INPUTS); none when no sentence is a candidate."""
    from answer.passages import answer_passages
    from answer.question import analyse
    from answer.scoring import candidate_sentences

    q = analyse(question)
    found = candidate_sentences(collection, q, answer_passages(hits, q.asks))
    if found is None:
        return []
    logits = relevance.answer_judge.logits(question, [found.texts[i] for i in found.judged])
    return [(Path(found.spans[i][0].document.path).name, found.texts[i], float(logit), float(found.cosines[i]),
             float(found.passages[i]), *(float(v) for v in found.context[i])) for i, logit in zip(found.judged, logits)]


def absent_run(shared: Path, work: Path, relevance, limit: int = ANSWER_QUESTIONS) -> dict[str, np.ndarray]:
    """The same questions as `answer_run` (not the changed-year or statement ones), each asked of the index without
    its own paragraph (both versions of an XQuAD-R one): what `ask` finds when the corpus does not answer, searched,
    reranked and judged as `ask` does. Until 2026-11-28 this was stood in for by the candidates of `answer_run`
    outside the question's own paragraph, which kept the positions and passage probabilities of a search that had
    found it; refusal measured that way was optimistic (French test 0.537 against 0.435 asked this way). A question
    with no candidate at all gets one row of logit -99 (`found` False)."""
    from answer.passages import PASSAGES, SPARE
    from index.collection import Collection
    from index.relevance import CONTEXT_INPUTS
    from index.search import search

    target = cached(work, "absent", relevance.judge.weights, relevance.answer_judge.weights, *CANDIDATE_READERS,
                    recipe=f"{limit}:{','.join(CONTEXT_INPUTS)}")
    if target.exists():
        with np.load(target) as data:
            return {k: data[k] for k in data.files}
    chosen = asked_as_written(training_questions(shared)[0], limit)
    collection = Collection(work / "index", relevance=relevance)
    rowids, _ = collection.store.vectors(collection.dim)
    chunks, paths = collection.store.chunks(rowids.tolist()), collection.doc_paths()
    names = np.array([Path(paths[chunks[r].doc_id]).name for r in rowids.tolist()])
    rows = []
    for qi, (question, name, langs, split, _) in enumerate(chosen):
        within = rowids[~np.char.startswith(names, name)]  # every passage but the question's own paragraph's
        found = judged_candidates(collection, relevance, question,
                                  search(collection, question, k=PASSAGES + SPARE, within=within))
        rows += [(qi, *features, True, split == "val", langs) for _, _, *features in found] or \
            [(qi, -99.0, 0.0, 0.0, *(1.0 for _ in CONTEXT_INPUTS), False, split == "val", langs)]
    columns = ("query", "logit", "cosine", "passage", *CONTEXT_INPUTS, "found", "val", "langs")
    out = {name: np.array([r[j] for r in rows]) for j, name in enumerate(columns)}
    np.savez_compressed(target, **out)
    return out


def chamber_documents(shared: Path) -> dict[str, str]:
    """The Chamber written questions of the validation and test splits (split by question, as the judge's pairs)
    as {file name: text}, both versions: a statement of facts, then the member's questions. Those that are also in
    ../shared/corpus, which Radar is evaluated on, are left out."""
    return {f"chamber_{row['id']}.{lang}.txt": row[f"text_{lang}"] for row in _chamber_rows(shared)
            for lang in ("fr", "nl")}


def statement_questions(shared: Path) -> list[Question]:
    """One question per Chamber question and language, asked of `chamber_documents`: the member asks it because
    the text does not answer it, though its statement is on the very topic, as the near misses Radar quoted as
    answers on its corpus (issue 18). Questions shorter than five words ("Quid?") are left out."""
    from scripts.judge.pairs import member_questions

    out = []
    for row in _chamber_rows(shared):
        for lang in ("fr", "nl"):
            found = [q for q in member_questions(row[f"text_{lang}"])[1] if len(q.split()) >= 5]
            if found:
                out.append((found[0], f"chamber_{row['id']}", f"{lang}-fr/nl", row["split"], {}))
    return out


def _chamber_rows(shared: Path) -> list[dict]:
    from scripts.judge.pairs import chamber_rows, corpus_questions, split_of

    kept_out = corpus_questions(shared)  # Radar's evaluation corpus
    return [{**r, "split": split} for r in chamber_rows(shared / "datasets" / "be_chamber_questions_2020.jsonl.gz")
            if r["id"] not in kept_out for split in [split_of("chamber", r["id"])] if split in ("val", "test")]


_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def changed_year(question: str, paragraph: str) -> str | None:
    """The question with its first year moved (by 7 or 13 years, either way) to one its paragraph does not give,
    or None when it names no year."""
    found = _YEAR.search(question)
    if found is None:
        return None
    for shift in (7, -7, 13, -13):
        other = str(int(found.group()) + shift)
        if other not in paragraph:
            return question[: found.start()] + other + question[found.end():]
    return None


def _paragraph_of(name: str, paragraphs: dict[str, str]) -> str:
    """A question's paragraph text (both versions of an XQuAD-R paragraph)."""
    return paragraphs.get(name) or " ".join(paragraphs.get(f"{name}.{lang}.txt", "") for lang in ("de", "es"))
