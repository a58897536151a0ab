"""Radar beside what a user would pick instead, in one run on the same documents, model and machine.

Peers: (a) the LangChain tutorial pipeline — RecursiveCharacterTextSplitter + HuggingFaceEmbeddings over
the same e5-small folder + FAISS.from_documents, dense only; (b) txtai with hybrid search (BM25 + dense)
on the same folder. Both get the E5 prefixes (without them they lose ~10 points of Recall@5) and the
same document texts Radar extracted (OCR included), split at Radar's chunk size and overlap.

Each system is built and queried in its own child process (so peak RSS is its own); cold start is a fresh
process from spawn to its first answer (Radar: the real `radar ask` command). Figures:
ingest chunks/s and its ratio to a bare encode of the same texts with the same encoder; search (and
Radar's ask) p50/p95 over the dev questions, median of --runs runs after a warm-up; peak RSS; bytes per
chunk on disk and in memory; dev-set Recall@5 / MRR@10 beside the speed figures.

Workloads: `shared` (../shared/corpus + seeds; the scans are ingested first and untimed — OCR has its own
benchmark) and `chamber` (the Chamber dataset: ingest throughput on --chamber-texts texts, and search
latency and cross-lingual Recall@5 at the full ~20k chunks over the index that
bench/chamber_crosslingual.py builds; peers are loaded with Radar's stored vectors there, so only their
query path is timed). Writes bench/results/peers.md.

Usage: python bench/peers.py [--shared ../shared] [--runs 3] [--chamber-texts 500] [--workloads shared,chamber]
Needs the bench extra: scripts/install.sh --bench.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from measure import latency, machine
from peer_common import (
    PY,
    ROOT,
    _chamber_transform,
    chamber_quality,
    chamber_rows,
    folder_bytes,
    latency_questions,
    peak_mb,
    quality,
    rss_mb,
)
from peer_systems import (
    _lc_embeddings,
    _lc_load,
    _txtai_config,
    langchain_build,
    langchain_memory,
    langchain_query,
    txtai_build,
    txtai_memory,
    txtai_query,
)

COLD_QUESTION = "Combien de victimes de la traite ont été reconnues ?"
REUSED: list[str] = []  # children whose results an earlier run left (--resume), named in the table notes


# ---------------------------------------------------------------- shared helpers


# ---------------------------------------------------------------- Radar

def radar_build(args) -> dict:
    """Ingest (scans first, untimed), then the timed text ingest, then a bare encode of the same texts."""
    from index.collection import Collection
    from index.indexer import embed_text, ingest_paths, walk

    index = args.work / f"radar-{args.precision}-{args.workload}"
    shutil.rmtree(index, ignore_errors=True)
    collection = Collection(index, create=True, precision=args.precision)
    files = [(display, path) for display, path, _ in walk(args.inputs) if path is not None]
    untimed = [display for display, path in files if path.suffix.lower() == ".pdf"]
    timed_files = [display for display, path in files if path.suffix.lower() != ".pdf"]
    if untimed:
        ingest_paths(collection, untimed)
    _ = collection.embedder  # loaded before the clock starts, as for the bare encode
    before = set(collection.store.chunk_docs()[0].tolist())
    t0 = time.perf_counter()
    report = ingest_paths(collection, timed_files)
    seconds = time.perf_counter() - t0
    rowids = [r for r in collection.store.chunk_docs()[0].tolist() if r not in before]
    chunks = collection.store.chunks(rowids)
    docs = collection.store.documents({c.doc_id for c in chunks.values()})
    texts = [collection.embedder.passage_prefix + embed_text(docs[c.doc_id], c, collection.settings.passage_title)
             for c in chunks.values()]
    model = collection.embedder._model
    t0 = time.perf_counter()
    if collection.embedder.precision == "int8":
        model.encode(texts)  # one text per run, as the ingest does
    else:
        model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    bare = time.perf_counter() - t0
    if args.precision == "int8" and args.workload == "shared":
        export_documents(collection, args.work)
    return {"chunks": len(rowids), "ingest_s": seconds, "bare_s": bare, "failed": len(report.failed),
            "disk_bytes": folder_bytes(index), "total_chunks": collection.store.stats()["chunks"],
            "peak_mb": peak_mb()}


def export_documents(collection, work: Path) -> None:
    """The texts Radar extracted, with every path of each document, for the peers."""
    paths: dict[str, list[str]] = {}
    for display, state in collection.store.files().items():
        paths.setdefault(state.doc_id, []).append(display)
    docs = [{"paths": sorted(paths.get(d.id, [d.path]), key=lambda p: p != d.path), "text": d.text}
            for d in collection.store.documents().values()]
    (work / "documents.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")


def radar_query(args) -> dict:
    from answer.compose import ask
    from index.collection import Collection
    from index.search import search
    from radar.evaluation import radar_ranking

    collection = Collection(args.index, precision="int8")
    embedder = collection.embedder

    def fresh(fn):  # the embedder remembers recent queries; time every query as a new one
        def run(text):
            embedder._recent.clear()
            return fn(text)
        return run

    questions = latency_questions(args.shared)
    out = {"chunks": collection.store.stats()["chunks"], "precision": embedder.precision}
    out["search_p50"], out["search_p95"] = latency(fresh(lambda q: search(collection, q, k=10)), questions, args.runs)
    out["ask_p50"], out["ask_p95"] = latency(fresh(lambda q: ask(collection, q)), questions, args.runs)
    if args.workload == "shared":
        out.update(quality(lambda q: radar_ranking(collection, q), args.shared))
    else:
        # the versions Radar folds into a hit (the same question to another minister) count, as in `radar eval`
        shown: dict[tuple[str, str], list] = {}

        def folded(q, lang):
            shown[(q, lang)] = hits = search_lang(collection, q, lang)
            return [p for h in hits for p in (h.document.path, *h.also_in)]
        out.update(chamber_quality(folded, args))
        out["recall@5_shown"] = chamber_quality(lambda q, lang: [h.document.path for h in shown[(q, lang)]],
                                                args)["recall@5"]
    out["peak_mb"] = peak_mb()
    return out


def radar_quality(args) -> dict:
    """Dev-set quality of an index with the precision it was built with (fp32 vs int8, same code)."""
    from index.collection import Collection
    from radar.evaluation import radar_ranking

    collection = Collection(args.index)
    return {"precision": collection.embedder.precision,
            **quality(lambda q: radar_ranking(collection, q), args.shared)}


def search_lang(collection, query: str, lang: str):
    from core.filters import Filters
    from index.search import search

    return search(collection, query, k=5, filters=Filters(lang=lang))


def radar_memory(args) -> dict:
    """RSS with the model loaded, then with the index loaded (what each chunk costs in memory)."""
    from index.collection import Collection

    collection = Collection(args.index, precision="int8")
    collection.embedder.encode_queries(["warm-up"])
    model = rss_mb()
    _ = collection.vectors, collection.lexical  # load both indexes
    collection.store.chunks(collection.store.chunk_docs()[0][:1].tolist())
    return {"model_mb": model, "index_mb": rss_mb() - model}


# ---------------------------------------------------------------- LangChain tutorial pipeline


# ---------------------------------------------------------------- txtai (hybrid)


def first_answer(args) -> dict:
    """A fresh process's first result, for cold start (the parent times the whole process)."""
    if args.system == "langchain":
        return {"text": _lc_load(args).similarity_search(COLD_QUESTION, k=5)[0].page_content[:80]}
    from txtai import Embeddings

    embeddings = Embeddings()
    embeddings.load(str(args.index))
    return {"text": embeddings.search(COLD_QUESTION, 5)[0]["text"][:80]}


# ---------------------------------------------------------------- Chamber at full size


def chamber_build_peers(args) -> dict:
    """LangChain FAISS and txtai loaded with Radar's vectors for the 20k Chamber chunks."""
    from langchain_community.vectorstores import FAISS
    from txtai import Embeddings

    rows = chamber_rows(args)
    lc = FAISS.from_embeddings([(r["text"], r["vector"]) for r in rows], _lc_embeddings(),
                               metadatas=[{"paths": [r["path"]], "lang": r["lang"]} for r in rows])
    shutil.rmtree(args.work / "langchain-chamber", ignore_errors=True)
    lc.save_local(str(args.work / "langchain-chamber"))
    transform = _chamber_transform(args)
    transform.known.update({"passage: " + r["text"]: r["vector"] for r in rows})
    tx = Embeddings(_txtai_config(transform))
    tx.index([(i, {"text": r["text"], "paths": json.dumps([r["path"]]), "lang": r["lang"]}, None)
              for i, r in enumerate(rows)])
    shutil.rmtree(args.work / "txtai-chamber", ignore_errors=True)
    tx.save(str(args.work / "txtai-chamber"))
    return {"chunks": len(rows)}


# ---------------------------------------------------------------- the parent: runs children, prints tables

CHILDREN = {"radar-build": radar_build, "radar-query": radar_query, "radar-memory": radar_memory,
            "radar-quality": radar_quality,
            "langchain-build": langchain_build, "langchain-query": langchain_query,
            "langchain-memory": langchain_memory, "txtai-build": txtai_build, "txtai-query": txtai_query,
            "txtai-memory": txtai_memory, "chamber-peers": chamber_build_peers, "first-answer": first_answer}


def child(task: str, args: argparse.Namespace, **extra) -> dict:
    cmd = [PY, __file__, "--child", task, "--shared", str(args.shared), "--work", str(args.work),
           "--runs", str(args.runs), "--chamber-index", str(args.chamber_index),
           "--chamber-pairs", str(args.chamber_pairs), "--dataset", str(args.dataset)]
    for key, value in extra.items():
        if isinstance(value, list):
            cmd += [f"--{key}", *map(str, value)]
        else:
            cmd += [f"--{key}", str(value)]
    label = task + "".join(f"-{v}" for k, v in extra.items() if k in ("precision", "workload", "system"))
    saved = args.work / "results" / f"{label}.json"
    if args.resume and saved.exists():  # a finished child of an interrupted run
        REUSED.append(f"{label} ({datetime.fromtimestamp(saved.stat().st_mtime):%Y-%m-%d %H:%M})")
        return json.loads(saved.read_text())
    print("·", task, " ".join(f"{k}={v}" for k, v in extra.items() if k != "inputs"), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1",
                                                                     "TRANSFORMERS_OFFLINE": "1"})
    if done.returncode != 0:
        raise SystemExit(f"{task} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(result))
    return result


def cold_start(cmd: list[str], runs: int) -> float:
    """Seconds from spawning a fresh process to its first answer (median)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cold_peer(system: str, index: Path) -> list[str]:
    return [PY, __file__, "--child", "first-answer", "--system", system, "--index", str(index)]


def run_shared(args) -> list[str]:
    inputs = [str(args.shared / "corpus"), str(args.shared / "seeds")]
    r8 = child("radar-build", args, precision="int8", workload="shared", inputs=inputs)
    r32 = child("radar-build", args, precision="fp32", workload="shared", inputs=inputs)
    lc = child("langchain-build", args, workload="shared")
    tx = child("txtai-build", args, workload="shared")
    q_radar = child("radar-query", args, index=args.work / "radar-int8-shared", workload="shared")
    q_lc = child("langchain-query", args, index=args.work / "langchain", workload="shared")
    q_tx = child("txtai-query", args, index=args.work / "txtai", workload="shared")
    fp32_quality = child("radar-quality", args, index=args.work / "radar-fp32-shared", precision="fp32")
    m_radar = child("radar-memory", args, index=args.work / "radar-int8-shared")
    m_lc = child("langchain-memory", args, index=args.work / "langchain")
    m_tx = child("txtai-memory", args, index=args.work / "txtai")
    cold = {"radar": cold_start([str(Path(PY).parent / "radar"), "ask", COLD_QUESTION, "--index-dir",
                                 str(args.work / "radar-int8-shared")], args.runs),
            "langchain": cold_start(cold_peer("langchain", args.work / "langchain"), args.runs),
            "txtai": cold_start(cold_peer("txtai", args.work / "txtai"), args.runs)}
    lines = ["### Shared corpus (../shared/corpus + seeds)", "",
             "| system | chunks | ingest chunks/s | bare encode chunks/s | ingest / bare | search p50 ms | "
             "search p95 ms | ask p50 ms | ask p95 ms | Recall@5 | MRR@10 | peak RSS MB | disk bytes/chunk | "
             "memory bytes/chunk | cold start s |", "|" + "---|" * 15]

    def row(name, build, query, memory, cold_s):
        rate = build["chunks"] / build["ingest_s"]
        bare = build["chunks"] / build["bare_s"] if build.get("bare_s") else None
        ask = (f"{query['ask_p50']:.0f} | {query['ask_p95']:.0f}" if "ask_p50" in query else "— | —")
        total = query["chunks"]
        lines.append(
            f"| {name} | {build['chunks']} | {rate:.1f} | {f'{bare:.1f}' if bare else '—'} | "
            f"{f'{rate / bare:.2f}' if bare else '—'} | {query['search_p50']:.1f} | {query['search_p95']:.1f} | {ask} | "
            f"{query['recall@5']:.3f} | {query['mrr@10']:.3f} | {max(build['peak_mb'], query['peak_mb']):.0f} | "
            f"{build['disk_bytes'] / total:,.0f} | {memory['index_mb'] * 2**20 / total:,.0f} | {cold_s:.1f} |")

    row("**Radar** (int8, hybrid)", r8, q_radar, m_radar, cold["radar"])
    row("LangChain tutorial (FAISS, dense)", lc, q_lc, m_lc, cold["langchain"])
    row("txtai (hybrid)", tx, q_tx, m_tx, cold["txtai"])
    fp32_rate = r32["chunks"] / r32["ingest_s"]
    lines += ["", f"Radar's ingest of the same text documents in fp32: {fp32_rate:.1f} chunks/s "
              f"({fp32_rate / (r32['chunks'] / r32['bare_s']):.2f}× its bare fp32 encode); the int8 path is "
              f"**{(r8['chunks'] / r8['ingest_s']) / fp32_rate:.2f}×** that. Radar's text chunks timed: "
              f"{r8['chunks']} of {q_radar['chunks']} (the scans are ingested first, untimed). Dev-set quality "
              f"of the fp32 index with fp32 queries: Recall@5 {fp32_quality['recall@5']:.3f}, MRR@10 "
              f"{fp32_quality['mrr@10']:.3f} (int8: {q_radar['recall@5']:.3f}, {q_radar['mrr@10']:.3f}; "
              f"{fp32_quality['questions']} questions, so one question is "
              f"{100 / fp32_quality['questions']:.1f} points).",
              "", "Ratios to Radar (search p50): LangChain "
              f"{q_lc['search_p50'] / q_radar['search_p50']:.2f}×, txtai {q_tx['search_p50'] / q_radar['search_p50']:.2f}×; "
              f"ingest chunks/s: LangChain {(lc['chunks'] / lc['ingest_s']) / (r8['chunks'] / r8['ingest_s']):.2f}×, "
              f"txtai {(tx['chunks'] / tx['ingest_s']) / (r8['chunks'] / r8['ingest_s']):.2f}×.", ""]
    return lines


def run_chamber(args) -> list[str]:
    lines = ["### Chamber dataset", ""]
    files = args.chamber_index.parent / "files"
    if not files.is_dir():
        return lines + ["(skipped: run bench/chamber_crosslingual.py first; it builds the full index)", ""]
    sample = sorted(files.glob("*.txt"))
    random.Random(1).shuffle(sample)
    subset = args.work / "chamber-subset"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    for path in sample[: args.chamber_texts]:
        shutil.copy(path, subset / path.name)
    build = child("radar-build", args, precision="int8", workload="chamber", inputs=[str(subset)])
    lines += [f"Ingest of {args.chamber_texts} Chamber texts ({build['chunks']} chunks): Radar int8 "
              f"{build['chunks'] / build['ingest_s']:.1f} chunks/s, bare int8 encode "
              f"{build['chunks'] / build['bare_s']:.1f} chunks/s → **{build['bare_s'] / build['ingest_s']:.2f}×**.", ""]
    child("chamber-peers", args, workload="chamber")
    q_radar = child("radar-query", args, index=args.chamber_index, workload="chamber")
    q_lc = child("langchain-query", args, index=args.work / "langchain-chamber", workload="chamber")
    q_tx = child("txtai-query", args, index=args.work / "txtai-chamber", workload="chamber")
    lines += [f"Search over the full index ({q_radar['chunks']:,} chunks; peers loaded with Radar's vectors); "
              f"Recall@5 = the other-language version of {q_radar['questions']} pasted questions found in the "
              "top 5 (filtered to that language; for Radar, with the near-identical versions it folds into a "
              f"hit's `also_in`, as `radar eval` counts them — {q_radar.get('recall@5_shown', float('nan')):.3f} "
              "counting only the shown documents):", "",
              "| system | search p50 ms | search p95 ms | ask p50 ms | ask p95 ms | cross-lingual Recall@5 | peak RSS MB |",
              "|---|---|---|---|---|---|---|"]
    for name, q in [("**Radar**", q_radar), ("LangChain tutorial", q_lc), ("txtai (hybrid)", q_tx)]:
        ask = f"{q['ask_p50']:.0f} | {q['ask_p95']:.0f}" if "ask_p50" in q else "— | —"
        lines.append(f"| {name} | {q['search_p50']:.1f} | {q['search_p95']:.1f} | {ask} | {q['recall@5']:.3f} | "
                     f"{q['peak_mb']:.0f} |")
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "peers")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workloads", default="shared,chamber")
    ap.add_argument("--chamber-texts", type=int, default=500)
    ap.add_argument("--chamber-index", type=Path, default=ROOT / "bench" / "work" / "chamber" / "index")
    ap.add_argument("--chamber-pairs", type=int, default=200)
    ap.add_argument("--dataset", type=Path, default=Path("../shared/datasets/be_chamber_questions_2020.jsonl.gz"))
    ap.add_argument("--resume", action="store_true", help="reuse the results of children an earlier run finished")
    ap.add_argument("--child")
    ap.add_argument("--precision", default="int8")
    ap.add_argument("--workload", default="shared")
    ap.add_argument("--inputs", nargs="*", default=[])
    ap.add_argument("--index", type=Path)
    ap.add_argument("--system")
    args = ap.parse_args()
    args.shared, args.work = args.shared.resolve(), args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    lines = [f"## Radar and its peers — {date.today().isoformat()}", "",
             f"Machine: {machine()}, "
             f"model multilingual-e5-small (same folder for all three), {args.runs} timed runs after a warm-up.", ""]
    workloads = args.workloads.split(",")
    if "shared" in workloads:
        lines += run_shared(args)
    if "chamber" in workloads:
        lines += run_chamber(args)
    if REUSED:
        lines += ["", "Reused from an earlier run (`--resume`): " + ", ".join(REUSED) + "."]
    text = "\n".join(lines)
    print(text)
    both = "shared" in workloads and "chamber" in workloads
    out = ROOT / "bench" / "results" / ("peers.md" if both else f"peers-{args.workloads}.md")
    out.write_text(text + "\n", encoding="utf-8")
    print(f"\n(written to {out})", file=sys.stderr)


if __name__ == "__main__":
    main()
