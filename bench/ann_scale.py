"""The vector index alone at 100k and 1M vectors: latency, recall@10 against exact search, bytes per vector.

Vectors are perturbed copies of the real Chamber chunk embeddings (each copy: the original plus Gaussian
noise, re-normalised; cosine to its original ≈ 0.93), so clusters and density stay those of real data.
Queries are the dev questions embedded as queries plus perturbed chunk vectors. Radar's choice above
RADAR_ANN_THRESHOLD (IVF + 8-bit scalar quantisation, `store/faiss_index.py`) is measured at several nprobe
values beside exact search and an HNSW-SQ8 alternative.

Usage: python bench/ann_scale.py [--index DIR] [--sizes 100000 1000000] [--queries 300]
Writes bench/results/ann_scale.md.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import faiss
import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from measure import latency, machine  # noqa: E402

from index.collection import Collection  # noqa: E402
from radar.evaluation import read_questions  # noqa: E402
from store.faiss_index import VectorIndex  # noqa: E402

NOISE = 0.015


def synthetic(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        block = base[rng.integers(0, len(base), m)] + rng.normal(0, NOISE, (m, base.shape[1])).astype(np.float32)
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def timed_search(index: faiss.Index, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, float, float]:
    found: dict[int, np.ndarray] = {}

    def one(i: int) -> None:  # one query at a time, as a user's search does
        found[i] = index.search(queries[i : i + 1], k)[1][0]

    p50, p95 = latency(one, list(range(len(queries))), runs=1, warm=10)
    return np.array([found[i] for i in range(len(queries))]), p50, p95


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def index_bytes(index: faiss.Index) -> int:
    return int(faiss.serialize_index(index).nbytes)


def _arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=Path("bench/work/chamber/index"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=300)
    return ap.parse_args()


def main() -> None:
    args = _arguments()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    rng = np.random.default_rng(0)
    collection = Collection(args.index)
    _, base = collection.store.vectors(collection.dim)
    texts = [q.text for f in (Path("../shared/eval/dev_questions.tsv"), Path("radar/dev_questions.tsv"))
             if f.exists() for q in read_questions(f)]
    real_queries = collection.embedder.encode_queries(texts)
    lines = [f"# Vector index at scale — {time.strftime('%Y-%m-%d')}",
             f"Machine: {machine()}; FAISS {faiss.__version__}; "
             f"{len(base)} real Chamber chunk vectors (dim {base.shape[1]}) as seeds, noise σ={NOISE} per dimension; "
             f"{args.queries} queries ({len(real_queries)} dev questions + perturbed chunks), one at a time, k=10.", "",
             "| vectors | index | p50 ms | p95 ms | recall@10 vs exact | bytes/vector in memory | build s |",
             "|---|---|---|---|---|---|---|"]
    for size in args.sizes:
        data = synthetic(base, size, rng)
        ids = np.arange(size, dtype=np.int64)
        extra = synthetic(base, args.queries - len(real_queries), rng)
        queries = np.vstack([real_queries, extra]).astype(np.float32)[: args.queries]
        t0 = time.perf_counter()
        exact = VectorIndex.build(ids, data, data.shape[1], 0, kind="flat").index
        build = time.perf_counter() - t0
        truth, p50, p95 = timed_search(exact, queries)
        lines.append(f"| {size:,} | exact (IDMap2 + Flat, fp32) | {p50:.2f} | {p95:.2f} | 1.000 | "
                     f"{index_bytes(exact) / size:.0f} | {build:.0f} |")
        del exact
        t0 = time.perf_counter()
        ivf = VectorIndex.build(ids, data, data.shape[1], 0, kind="ivf-sq8")
        build = time.perf_counter() - t0
        inner = faiss.extract_index_ivf(ivf.index)
        size_b = index_bytes(ivf.index) / size
        for nprobe in (16, 64, 128, 256):
            inner.nprobe = nprobe
            found, p50, p95 = timed_search(ivf.index, queries)
            lines.append(f"| {size:,} | Radar IVF{inner.nlist},SQ8 nprobe={nprobe} | {p50:.2f} | {p95:.2f} | "
                         f"{recall(found, truth):.3f} | {size_b:.0f} | {build:.0f} |")
        del ivf
        if size > 200_000:  # building HNSW over 1M vectors takes too long on 2 cores to be a practical default
            del data
            print("\n".join(lines[-6:]), flush=True)
            continue
        t0 = time.perf_counter()
        hnsw = faiss.IndexHNSWSQ(data.shape[1], faiss.ScalarQuantizer.QT_8bit, 16, faiss.METRIC_INNER_PRODUCT)
        hnsw.train(data[:100_000])
        hnsw.add(data)
        build = time.perf_counter() - t0
        for ef in (32, 64):
            hnsw.hnsw.efSearch = ef
            found, p50, p95 = timed_search(hnsw, queries)
            lines.append(f"| {size:,} | HNSW16,SQ8 efSearch={ef} | {p50:.2f} | {p95:.2f} | "
                         f"{recall(found, truth):.3f} | {index_bytes(hnsw) / size:.0f} | {build:.0f} |")
        del hnsw, data
        print("\n".join(lines[-8:]), flush=True)
    Path("bench/results").mkdir(parents=True, exist_ok=True)
    Path("bench/results/ann_scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
