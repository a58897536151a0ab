"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""

import numpy as np
import pytest

from store.faiss_index import VectorIndex


def _unit(rng, n, d=16):
    v = rng.standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "ivf-sq8"])
def test_vector_index_add_remove_save_load_matches_brute_force(tmp_path, kind):
    rng = np.random.default_rng(0)
    vecs = _unit(rng, 3000)
    ids = np.arange(10, 3010, dtype=np.int64)
    index = VectorIndex.build(ids, vecs, 16, generation=1, kind=kind, nprobe=64)
    q = vecs[123] + 0.01 * rng.standard_normal(16).astype(np.float32)
    assert index.search(q, 1)[0][0] == 133
    index.remove(np.array([133], dtype=np.int64))
    assert 133 not in [i for i, _ in index.search(q, 5)]
    index.add(np.array([99999], dtype=np.int64), vecs[123:124])
    assert index.search(q, 1)[0][0] == 99999
    index.save(tmp_path)
    again = VectorIndex.load(tmp_path)
    assert again.generation == 1 and again.kind == kind and again.size == 3000
    exact = np.argsort(-(vecs @ q))[:10]
    if kind == "flat":
        brute = [int(ids[i]) if ids[i] != 133 else 99999 for i in exact]
        assert [i for i, _ in again.search(q, 10)] == brute
    allowed = np.array([20, 30, 40], dtype=np.int64)
    assert {i for i, _ in again.search(q, 10, allowed=allowed)} <= {20, 30, 40}
