"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""

import numpy as np
import pytest

from index.fusion import diversify, rrf
from index.thesaurus import expand, load_thesaurus
from store.bm25_index import LexicalIndex
from store.faiss_index import VectorIndex
from text.tokens import query_tokens, tokens


def test_thesaurus_has_the_field_in_three_languages():
    concepts = load_thesaurus()
    assert len(concepts) >= 150
    assert all(set(c.terms) == {"fr", "nl", "en"} and all(c.terms.values()) for c in concepts)
    terms = expand("Hoeveel slachtoffers van mensenhandel?")
    assert "traite des êtres humains" in terms and "victimes" in terms and "trafficking in persons" in terms
    assert "seksuele uitbuiting" in expand("l'exploitation sexuelle des mineurs")
    assert expand("le prix du pain") == []


def test_thesaurus_is_extendable(tmp_path, monkeypatch):
    extra = tmp_path / "extra.tsv"
    extra.write_text("kappa\tkappa-fr\tkappa-nl\tkappa-en\n", encoding="utf-8")
    monkeypatch.setenv("RADAR_THESAURUS", str(extra))
    assert "kappa-nl" in expand("un kappa-fr ici")


def test_stemming_is_per_language_and_accent_blind():
    assert tokens("Les victimes exploitées", "fr") == tokens("les victime exploitee", "fr")
    assert "slachtoffer" in tokens("slachtoffers", "nl")
    assert set(tokens("sécurité", "fr")) <= set(query_tokens("securite"))


def test_rrf_and_diversify():
    scores = rrf([["a", "b", "c"], ["c", "a"]], [1.0, 1.0], k=1)
    assert max(scores, key=scores.get) == "a"
    assert diversify(["a1", "a2", "b1", "a3"], {"a1": "A", "a2": "A", "b1": "B", "a3": "A"}, 1) == ["a1", "b1", "a2", "a3"]


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


def test_lexical_round_trip_multilingual(tmp_path):
    rows = [(1, "fr", "La traite des êtres humains à Liège"), (2, "nl", "Mensenhandel in Antwerpen en Luik"),
            (3, "en", "Human trafficking in Brussels")]
    index = LexicalIndex.build(rows, generation=7)
    index.save(tmp_path)
    again = LexicalIndex.load(tmp_path)
    assert again.generation == 7
    assert again.search(query_tokens("Antwerpen"), 3)[0][0] == 2
    assert again.search(query_tokens("liege"), 3)[0][0] == 1
    damaged = query_tokens("Antwerpn")  # an OCR-damaged word still finds the indexed term
    assert again.search(damaged, 3) == []
    assert again.search(damaged + again.expand_fuzzy(damaged), 3)[0][0] == 2


def test_anchors_are_what_a_translation_keeps():
    from index.pasted import anchors

    fr = "Selon l'OCAM et le SPF Justice, 1.234 victimes ont été recensées entre le 12/03/2020 et 2021 (loi du 10 août 2005)."
    nl = "Volgens het OCAM en de FOD Justitie werden tussen 12/03/2020 en 2021 1.234 slachtoffers geteld (wet van 10 augustus 2005)."
    shared = anchors(fr) & anchors(nl)
    assert {"OCAM", "1.234", "12/03/2020", "2021", "2005"} <= shared
    assert "Justice" not in anchors(fr) and "victimes" not in anchors(fr)  # words are left to the embeddings


def test_int8_path_only_for_mean_pooled_models(tmp_path):
    """The int8 graph has mean pooling built in; other poolings must stay on sentence-transformers."""
    import json

    from index import onnx_int8

    modules = [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    for config, expected in [({"pooling_mode_mean_tokens": True}, True), ({"pooling_mode": "mean"}, True),
                             ({"pooling_mode_cls_token": True}, False)]:
        (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(config))
        assert onnx_int8.supports(tmp_path) is expected
    (tmp_path / "modules.json").write_text(json.dumps(modules[:2]))  # no normalisation layer
    assert not onnx_int8.supports(tmp_path)
    assert not onnx_int8.supports(tmp_path / "missing")


def test_indexes_from_before_int8_keep_fp32():
    from core.settings import Settings

    assert Settings.from_json('{"model": "multilingual-e5-small"}').precision == "fp32"
    assert Settings.from_json(Settings().to_json()).precision == "int8"


def test_closest_sibling_reads_the_clause_that_differs():
    """One Chamber question sent to each minister with only the department changed: the pasted French
    text's Dutch version is told from its siblings by the clause that names the department."""
    import gzip
    import json
    from types import SimpleNamespace

    from index.embedder import Embedder
    from index.pasted import closest_sibling
    from tests.conftest import SHARED, need_shared

    need_shared()
    wanted = ["55-B014-10-0129-2019202002158", "55-B014-4-0063-2019202002146", "55-B012-11-0083-2019202001844"]
    rows = {}
    with gzip.open(SHARED / "datasets" / "be_chamber_questions_2020.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row
    right, sibling, unrelated = (rows[i] for i in wanted)
    assert "KMO" in right["text_nl"] and "Beleid en Ondersteuning" in sibling["text_nl"]
    texts = {"right": SimpleNamespace(text=right["text_nl"]), "sibling": SimpleNamespace(text=sibling["text_nl"]),
             "unrelated": SimpleNamespace(text=unrelated["text_nl"])}
    embedder = Embedder()
    pasted = right["text_fr"]
    assert closest_sibling(pasted, ["sibling", "right"], texts, embedder) == "right"
    assert closest_sibling(pasted, ["right", "sibling"], texts, embedder) == "right"
    # the unrelated question is not a sibling: it never displaces the first candidate
    assert closest_sibling(pasted, ["sibling", "unrelated"], texts, embedder) == "sibling"
    # with the pasted text's own French sibling at hand, the Dutch difference is read against the French one
    own = lambda: [unrelated["text_fr"], sibling["text_fr"]]  # noqa: E731
    assert closest_sibling(pasted, ["sibling", "right"], texts, embedder, own) == "right"
    assert closest_sibling(pasted, ["right", "sibling"], texts, embedder, own) == "right"
    assert closest_sibling(sibling["text_fr"], ["right", "sibling"], texts, embedder,
                           lambda: [pasted]) == "sibling"
