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


def test_invoke_honours_k_and_filters(built_index):
    from core.filters import Filters
    from radar.langchain import RadarRetriever

    retriever = RadarRetriever.from_index(built_index, k=5)
    question = "Welk organisme werkt een actieplan rond prostitutie uit?"
    assert len(retriever.invoke(question, k=1)) == 1
    assert len(retriever.invoke(question)) == 5
    dutch = retriever.invoke(question, k=3, filters=Filters(lang="nl"))
    assert dutch and all(d.metadata["lang"] == "nl" for d in dutch)


try:
    from langchain_tests.integration_tests import RetrieversIntegrationTests
except ImportError:  # the dev extra installs it; without it this class is not collected
    RetrieversIntegrationTests = object


class TestStandardRetrieverSuite(RetrieversIntegrationTests):
    """LangChain's own standard tests for retrievers (langchain-tests), on a real index."""

    collection = None

    @pytest.fixture(autouse=True)
    def _index(self, built_index):
        if TestStandardRetrieverSuite.collection is None:
            TestStandardRetrieverSuite.collection = Collection(built_index)

    @property
    def retriever_constructor(self):
        from radar.langchain import RadarRetriever

        return RadarRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"collection": self.collection}

    @property
    def retriever_query_example(self) -> str:
        return "Combien de bars ont été placés sous scellés dans le quartier Nord ?"
