"""Ingest → store → index with the real model on a small real corpus."""


import pytest

from index.collection import Collection

pytestmark = pytest.mark.slow


def test_langchain_retriever(built_index):
    from radar.langchain import RadarRetriever

    docs = RadarRetriever.from_index(built_index, k=2).invoke("Welk organisme werkt een actieplan rond prostitutie uit?")
    assert len(docs) == 2
    assert docs[0].metadata["path"] and "text" not in docs[0].metadata
    c = Collection(built_index)
    doc_id = c.store.doc_id_for_path(docs[0].metadata["path"])
    m = docs[0].metadata
    assert c.store.document(doc_id).text[m["char_start"]:m["char_end"]] == docs[0].page_content
