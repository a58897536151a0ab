"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""




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
