"""The peers bench/peers.py measures Radar against: the LangChain tutorial pipeline and txtai (each run in its own
child process by bench/peers.py)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from measure import latency
from peer_common import (
    FILTER_CANDIDATES,
    _chamber_transform,
    chamber_quality,
    folder_bytes,
    latency_questions,
    model_folder,
    peak_mb,
    peer_documents,
    quality,
    rss_mb,
)


def _lc_embeddings():
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(model_name=str(model_folder()), model_kwargs={"device": "cpu"},
                                 encode_kwargs={"normalize_embeddings": True, "prompt": "passage: ", "batch_size": 32},
                                 query_encode_kwargs={"normalize_embeddings": True, "prompt": "query: "})


def tutorial_chunks(texts: list[tuple[str, dict]]):
    """The tutorial's chunks of (text, metadata) documents: LangChain's RecursiveCharacterTextSplitter(1000, 150)."""
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = [Document(page_content=text, metadata=metadata) for text, metadata in texts]
    return RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150).split_documents(docs)


def _split(work: Path):
    return tutorial_chunks([(d["text"], {"paths": d["paths"]}) for d in peer_documents(work)])


def langchain_build(args) -> dict:
    from langchain_community.vectorstores import FAISS

    embeddings = _lc_embeddings()
    embeddings.embed_query("warm-up")  # model loaded before the clock starts
    t0 = time.perf_counter()
    chunks = _split(args.work)
    store = FAISS.from_documents(chunks, embeddings)
    seconds = time.perf_counter() - t0
    target = args.work / "langchain"
    shutil.rmtree(target, ignore_errors=True)
    store.save_local(str(target))
    texts = ["passage: " + c.page_content for c in chunks]
    t0 = time.perf_counter()
    embeddings._client.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    bare = time.perf_counter() - t0
    return {"chunks": len(chunks), "ingest_s": seconds, "bare_s": bare, "disk_bytes": folder_bytes(target),
            "peak_mb": peak_mb()}


def _lc_load(args):
    from langchain_community.vectorstores import FAISS

    return FAISS.load_local(str(args.index), _lc_embeddings(), allow_dangerous_deserialization=True)


def langchain_query(args) -> dict:
    store = _lc_load(args)
    questions = latency_questions(args.shared)
    out = {"chunks": store.index.ntotal}
    out["search_p50"], out["search_p95"] = latency(lambda q: store.similarity_search(q, k=10), questions, args.runs)
    if args.workload == "shared":
        from radar.evaluation import distinct_documents

        out.update(quality(lambda q: distinct_documents(d.metadata["paths"] for d in store.similarity_search(q, k=30)),
                           args.shared))
    else:
        out.update(chamber_quality(lambda q, lang: [d.metadata["paths"][0] for d in store.similarity_search(
            q, k=5, filter={"lang": lang}, fetch_k=FILTER_CANDIDATES)], args))
    out["peak_mb"] = peak_mb()
    return out


def langchain_memory(args) -> dict:
    embeddings = _lc_embeddings()
    embeddings.embed_query("warm-up")
    model = rss_mb()
    from langchain_community.vectorstores import FAISS

    FAISS.load_local(str(args.index), embeddings, allow_dangerous_deserialization=True)
    return {"model_mb": model, "index_mb": rss_mb() - model}


def _txtai_config(transform=None) -> dict:
    config = {"path": str(model_folder()), "method": "sentence-transformers", "content": True, "hybrid": True,
              "instructions": {"query": "query: ", "data": "passage: "}, "batch": 32, "encodebatch": 32}
    if transform is not None:
        config.update(method="external", transform=transform)
    return config


def txtai_build(args) -> dict:
    from txtai import Embeddings

    embeddings = Embeddings(_txtai_config())
    chunks = _split(args.work)
    rows = [(i, {"text": c.page_content, "paths": json.dumps(c.metadata["paths"])}, None)
            for i, c in enumerate(chunks)]
    embeddings.index(rows[:2])  # model loaded before the clock starts
    t0 = time.perf_counter()
    embeddings.index(rows)
    seconds = time.perf_counter() - t0
    target = args.work / "txtai"
    shutil.rmtree(target, ignore_errors=True)
    embeddings.save(str(target))
    return {"chunks": len(rows), "ingest_s": seconds, "disk_bytes": folder_bytes(target), "peak_mb": peak_mb()}


def txtai_query(args) -> dict:
    from txtai import Embeddings

    embeddings = Embeddings()
    embeddings.load(str(args.index), config=_txtai_config(_chamber_transform(args)) if args.workload == "chamber"
                    else None)
    questions = latency_questions(args.shared)
    out = {"chunks": embeddings.count()}
    out["search_p50"], out["search_p95"] = latency(lambda q: embeddings.search(q, 10), questions, args.runs)
    if args.workload == "shared":
        from radar.evaluation import distinct_documents

        paths = [c.metadata["paths"] for c in _split(args.work)]  # ids were positions in this list
        out.update(quality(lambda q: distinct_documents(paths[int(r["id"])] for r in embeddings.search(q, 30)),
                           args.shared))
    else:
        sql = f"select id, paths, score from txtai where similar(:q, {FILTER_CANDIDATES}) and lang = :lang limit 5"
        out.update(chamber_quality(lambda q, lang: [json.loads(r["paths"])[0] for r in embeddings.search(
            sql, parameters={"q": q, "lang": lang})], args))
    out["peak_mb"] = peak_mb()
    return out


def txtai_memory(args) -> dict:
    from txtai import Embeddings

    embeddings = Embeddings(_txtai_config())
    embeddings.transform("warm-up")
    model = rss_mb()
    embeddings.load(str(args.index))
    return {"model_mb": model, "index_mb": rss_mb() - model}
