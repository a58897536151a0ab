"""What bench/peers.py and its peers share: memory and disk measures, the dev questions and quality, the
documents and Chamber pairs every system is given."""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# Peers filter after retrieving candidates: with fewer, a pasted French text's hybrid candidates in txtai
# were all French and the Dutch filter left nothing.
FILTER_CANDIDATES = 2000


def rss_mb() -> float:
    """Current resident set size (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def dev_questions(shared: Path):
    from radar.evaluation import parallel_files, read_parallel_groups, read_questions

    sets = {"shared dev": shared / "eval" / "dev_questions.tsv", "Radar dev": ROOT / "radar" / "dev_questions.tsv"}
    parallel = read_parallel_groups(parallel_files(shared))
    return {name: read_questions(path) for name, path in sets.items()}, parallel


def quality(rank, shared: Path) -> dict:
    """Recall@5 and MRR@10 over both dev sets' answerable questions together."""
    from radar.evaluation import evaluate_ranker, metrics

    sets, parallel = dev_questions(shared)
    rows = [r for qs in sets.values() for r in evaluate_ranker(rank, qs, parallel).rows if r.question.gold]
    m = metrics(rows)
    return {"recall@5": m["recall@5"], "mrr@10": m["mrr@10"], "questions": m["n"]}


def latency_questions(shared: Path) -> list[str]:
    sets, _ = dev_questions(shared)
    return [q.text for qs in sets.values() for q in qs]


def model_folder() -> Path:
    from index.embedder import resolve_model

    return Path(resolve_model("multilingual-e5-small"))


def peer_documents(work: Path) -> list[dict]:
    return json.loads((work / "documents.json").read_text(encoding="utf-8"))


def chamber_rows(args) -> list[dict]:
    """Radar's Chamber index as (path, lang, text, vector) rows: the peers get Radar's vectors."""
    from index.collection import Collection

    collection = Collection(args.chamber_index)
    rowids, vectors = collection.store.vectors(collection.dim)
    chunks = collection.store.chunks(rowids.tolist())
    paths = collection.doc_paths()
    return [{"path": paths[chunks[r].doc_id], "lang": chunks[r].lang, "text": chunks[r].text, "vector": v}
            for r, v in zip(rowids.tolist(), vectors)]


def _chamber_transform(args):
    """txtai's external vectors: stored texts get Radar's stored vector, anything else (queries) the model."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_folder()), device="cpu")
    known: dict[str, np.ndarray] = {}

    def transform(texts):
        missing = [t for t in texts if t not in known]
        vecs = dict(zip(missing, model.encode(missing, normalize_embeddings=True))) if missing else {}
        return np.array([known.get(t, vecs.get(t)) for t in texts], dtype=np.float32)

    transform.known = known
    return transform


def chamber_pairs(args) -> list[tuple[str, str, set[str]]]:
    """(query text, other language, wanted file names) for sampled questions: the question's other-language
    version, or any text identical to it (the same question sent to several ministers is stored once)."""
    rows = [json.loads(line) for line in gzip.open(args.dataset, "rt", encoding="utf-8")]
    same_text: dict[str, set[str]] = {}
    for row in rows:
        for lang in ("fr", "nl"):
            same_text.setdefault(row[f"text_{lang}"], set()).add(f"qrva_{row['id']}.{lang}.txt")
    random.Random(0).shuffle(rows)
    pairs = []
    for row in rows[: args.chamber_pairs]:
        src, dst = ("fr", "nl") if len(pairs) % 2 == 0 else ("nl", "fr")
        pairs.append((row[f"text_{src}"], dst, same_text[row[f"text_{dst}"]]))
    return pairs


def chamber_quality(search_paths, args) -> dict:
    """Recall@5 of the other-language version when the whole question is pasted (filtered to that language)."""
    pairs = chamber_pairs(args)
    hits = sum(1 for text, lang, wanted in pairs if any(Path(p).name in wanted for p in search_paths(text, lang)))
    return {"recall@5": round(hits / len(pairs), 3), "questions": len(pairs)}
