"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""




def test_indexes_from_before_int8_keep_fp32():
    from core.settings import Settings

    assert Settings.from_json('{"model": "multilingual-e5-small"}').precision == "fp32"
    assert Settings.from_json(Settings().to_json()).precision == "int8"
