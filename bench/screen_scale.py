"""Screening names and checking watch-lists at Chamber scale (issue 21): the screening index's and the names index's
build time per 1,000 documents (the names index with spaCy's French model first on an empty cache, then on the
cache it filled), names screened per second, and the time a keyword watch-list takes to say what is new after an ingest
(the last 1% of documents stored counting as new), over the Chamber's written questions (../shared/datasets/be_chamber_questions_2020.jsonl.gz:
one document per question and language, ~20k passages), stored straight through the store API.

The 1,000 names: 700 drawn from the names the corpus gives (a third as written, a third misspelt by one letter, a
third with the first name as an initial) and 300 that it does not give.

  python bench/screen_scale.py [--names 1000]
Writes bench/results/screen_scale.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import machine  # noqa: E402

from core.records import Chunk, Document  # noqa: E402
from index.screening import NamesIndex  # noqa: E402
from store.contract import FileState  # noqa: E402
from store.sqlite import FolderStore  # noqa: E402

SHARED = Path(os.environ.get("RADAR_SHARED", "../shared"))
WORK = Path("bench/work/screen")


def fill(store: FolderStore) -> None:
    rng = np.random.default_rng(7)
    for line in gzip.open(SHARED / "datasets" / "be_chamber_questions_2020.jsonl.gz", "rt", encoding="utf-8"):
        q = json.loads(line)
        for lang in ("fr", "nl"):
            text = (q.get(f"text_{lang}") or "").strip()
            if not text:
                continue
            doc_id = hashlib.sha256(f"{q['id']}{lang}".encode()).hexdigest()[:32]
            doc = Document(id=doc_id, path=f"qrva_{q['id']}.{lang}.txt", text=text, title=text[:80], lang=lang,
                           date=q["id"][-13:-9], doc_type="written_question", source="Chamber")
            chunks = [Chunk(f"{doc_id[:8]}-{n}", doc_id, n, s, min(s + 1000, len(text)), text[s:s + 1000], lang)
                      for n, s in enumerate(range(0, len(text), 1000))]
            state = FileState(doc.path, f"/bench/{doc.path}", doc_id, len(text), 0.0, doc_id)
            store.put_document(doc, chunks, rng.standard_normal((len(chunks), 8)).astype(np.float32),
                               [f"{doc_id}{n}" for n in range(len(chunks))], state, doc_id, [])


def names_to_screen(index: NamesIndex, n: int, rng: random.Random) -> list[str]:
    people = sorted(f for f in index.mentions if len(f.split()) >= 2 and all(w[:1].isupper() for w in f.split()))
    drawn = rng.sample(people, min(len(people), n * 7 // 10))
    out = []
    for i, name in enumerate(drawn):
        if i % 3 == 1:  # misspelt: one letter dropped from the longest word
            longest = max(name.split(), key=len)
            at = rng.randrange(1, len(longest))
            name = name.replace(longest, longest[:at] + longest[at + 1:], 1)
        elif i % 3 == 2:  # the first name as an initial
            first, *rest = name.split()
            name = " ".join([first[0] + ".", *rest])
        out.append(name)
    firsts, lasts = ["Aline", "Bram", "Chloé", "Dries", "Elif", "Farid", "Greet", "Hanne"], ["Quenum", "Vortex",
                                                                                            "Zwanepoel", "Ilunga"]
    out += [f"{rng.choice(firsts)} {rng.choice(lasts)}{k}" for k in range(n - len(out))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=1000)
    args = parser.parse_args()
    folder = WORK / "chamber"
    fresh = not (folder / "radar.sqlite").exists()
    store = FolderStore(folder, create=True)
    if fresh:
        store.set_meta("settings", "{}")
        store.set_dim(8)
        fill(store)
    stats = store.stats()
    started = time.perf_counter()
    index = NamesIndex.build(store)
    build = time.perf_counter() - started
    from index.names import build_names

    timings = {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["RADAR_CACHE"] = cache  # spaCy's spans cached here: empty, then filled
        for run in ("empty", "filled"):
            started = time.perf_counter()
            listed = build_names(index.documents)
            timings[run] = time.perf_counter() - started
    names = names_to_screen(index, args.names, random.Random(11))
    started = time.perf_counter()
    results = [index.screen(name) for name in names]
    seconds = time.perf_counter() - started
    found = [r for r in results[: args.names * 7 // 10] if r.hits]
    invented = [r for r in results[args.names * 7 // 10:] if r.hits]
    from types import SimpleNamespace

    from index.watch import Watch, new_documents

    stamps = sorted(r[0] for r in store._execute("SELECT added_at FROM documents"))
    watch = Watch("bench", "mensenhandel OR traite OR uitbuiting", True, {}, 0.0, stamps[-len(stamps) // 100])
    started = time.perf_counter()
    fresh = new_documents(SimpleNamespace(store=store, cached=lambda key, build: build()), watch)
    check = time.perf_counter() - started
    lines = [f"# Screening names and checking watch-lists at Chamber scale ({machine()})", "",
             "`python bench/screen_scale.py` — Chamber written questions, one document per question and language.", "",
             "| documents | passages | distinct name forms | index build | per 1,000 documents | names screened | "
             "names/s | drawn names found | invented names with a hit |",
             "|---|---|---|---|---|---|---|---|---|",
             f"| {stats['documents']:,} | {stats['chunks']:,} | {len(index.mentions):,} | {build:.1f} s | "
             f"{1000 * build / max(stats['documents'], 1):.2f} s | {len(names):,} | {len(names) / seconds:.0f} | "
             f"{len(found)} / {args.names * 7 // 10} | {len(invented)} / {len(names) - args.names * 7 // 10} |", "",
             f"A keyword watch-list ('mensenhandel OR traite OR uitbuiting') over the same store, the last 1% of "
             f"documents stored counting as new: {len(fresh)} new documents found in {1000 * check:.0f} ms.", "",
             "The names index (`radar names`: rules, with spaCy's French model on French documents):", "",
             "| documents | names | build, empty NER cache | per 1,000 documents | build, filled cache | "
             "per 1,000 documents |", "|---|---|---|---|---|---|",
             f"| {stats['documents']:,} | {len(listed):,} | {timings['empty']:.0f} s | "
             f"{1000 * timings['empty'] / max(stats['documents'], 1):.1f} s | {timings['filled']:.1f} s | "
             f"{1000 * timings['filled'] / max(stats['documents'], 1):.2f} s |"]
    Path("bench/results/screen_scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
