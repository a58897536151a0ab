"""Links between documents: exact and near duplicates, and FR/NL/EN versions of the same text."""

from __future__ import annotations

import os

import numpy as np

from index.store import FolderStore
from ingest.dedupe import containment, fingerprint, parallel_key, shingles
from radar.records import Document

NEAR_DUPLICATE = 0.6  # containment of sampled 5-word shingles
PARALLEL_COSINE = float(os.environ.get("RADAR_PARALLEL_COSINE", "0.88"))


def link_document(store: FolderStore, doc: Document) -> None:
    """Exact and near-duplicate links for a freshly stored document."""
    fp = fingerprint(doc.text)
    rows = store.db.execute("SELECT id FROM documents WHERE fingerprint=? AND id != ?", (fp, doc.id)).fetchall()
    store.add_links("duplicate", [(doc.id, r[0], 1.0) for r in rows])
    mine = shingles(doc.text)
    near = []
    for other, shared, total in store.shingle_matches(mine, exclude=doc.id):
        score = containment(shared, len(mine), total)
        if score >= NEAR_DUPLICATE and not any(r[0] == other for r in rows):
            near.append((doc.id, other, round(score, 3)))
    store.add_links("near_duplicate", near)


def link_parallel_by_name(store: FolderStore) -> int:
    """'x.fr.txt' and 'x.nl.txt' in one folder are versions of one text (one pass over all paths)."""
    by_key: dict[str, list[str]] = {}
    for doc_id, path in store.db.execute("SELECT id, path FROM documents"):
        key = parallel_key(path)
        if key:
            by_key.setdefault(key, []).append(doc_id)
    pairs = [(a, b, 1.0) for ids in by_key.values() for i, a in enumerate(ids) for b in ids[i + 1 :]]
    store.set_links("parallel", pairs)
    return len(pairs)


def document_vectors(store: FolderStore, dim: int) -> tuple[list[str], list[str], np.ndarray]:
    """(doc ids, langs, normalised mean of each document's chunk vectors)."""
    rows = store.db.execute("SELECT c.doc_id, d.lang, c.vector FROM chunks c JOIN documents d ON d.id = c.doc_id"
                            " ORDER BY c.doc_id").fetchall()
    ids, langs, sums = [], [], []
    for doc_id, lang, blob in rows:
        vec = np.frombuffer(blob, dtype=np.float32)
        if not ids or ids[-1] != doc_id:
            ids.append(doc_id)
            langs.append(lang)
            sums.append(np.zeros(dim, dtype=np.float32))
        sums[-1] = sums[-1] + vec
    mat = np.array(sums, dtype=np.float32).reshape(-1, dim)
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    return ids, langs, mat


def link_parallel_by_content(store: FolderStore, dim: int, threshold: float = PARALLEL_COSINE) -> int:
    """Documents in different languages that are each other's closest match, above a cosine threshold."""
    ids, langs, mat = document_vectors(store, dim)
    lengths = dict(store.db.execute("SELECT id, length(text) FROM documents").fetchall())
    pairs = []
    langs_arr = np.array(langs)
    for a_lang in ("fr", "nl", "en"):
        for b_lang in ("fr", "nl", "en"):
            if a_lang >= b_lang:
                continue
            ia, ib = np.where(langs_arr == a_lang)[0], np.where(langs_arr == b_lang)[0]
            if not len(ia) or not len(ib):
                continue
            sims = mat[ia] @ mat[ib].T
            best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
            for row, col in enumerate(best_b):
                score = float(sims[row, col])
                if best_a[col] == row and score >= threshold:
                    la, lb = lengths[ids[ia[row]]], lengths[ids[ib[col]]]
                    if 0.5 <= la / max(lb, 1) <= 2.0:
                        pairs.append((ids[ia[row]], ids[ib[col]], round(score, 4)))
    store.set_links("parallel_content", pairs)
    return len(pairs)
