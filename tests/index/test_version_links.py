"""Language versions found by content: each other's nearest across languages, above the cosine, and of one year
when both are dated. Fake encoder (bag of words): a French text and its Dutch version share their names and
figures, which is what makes them each other's nearest here."""

from __future__ import annotations

import pytest

from index.collection import Collection
from index.indexer import ingest_paths
from index.links import link_parallel_by_content, same_year
from tests.fakes import FakeEmbedder, write_docs

FR = ("Les centres Sürya, Payoke et PAG-ASA ont accueilli 210 victimes de la traite des êtres humains à Bruxelles, "
      "Anvers et Liège, selon Myria et le GRETA, qui demandent davantage de moyens pour ces centres.")
NL = ("De centra Sürya, Payoke en PAG-ASA vingen 210 slachtoffers van mensenhandel op in Brussel, Antwerpen en Luik, "
      "volgens Myria en GRETA, die meer middelen voor deze centra vragen.")


def test_same_year_compares_years_and_lets_the_undated_match():
    assert same_year("2020-06-02", "2020") and same_year("", "2024-01-08") and same_year("", "")
    assert not same_year("2020-06-02", "2024-01-08")


@pytest.mark.parametrize("nl_date, linked", [("2020-03-03", True), ("", True), ("2024-01-08", False)])
def test_alike_documents_of_other_years_are_not_versions_of_one_text(tmp_path, nl_date, linked):
    docs = write_docs(tmp_path / "docs", {"centres.fr.txt": FR, "opvang.nl.txt": NL,
                                          "centres.fr.txt.json": '{"date": "2020-06-02"}',  # sidecars: the dates
                                          **({"opvang.nl.txt.json": f'{{"date": "{nl_date}"}}'} if nl_date else {})})
    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    ingest_paths(c, [str(docs)])
    assert sorted((d.lang, d.date[:4]) for d in c.store.documents().values()) == sorted(
        [("fr", "2020"), ("nl", nl_date[:4])])
    link_parallel_by_content(c.store, c.dim, threshold=0.2)  # the fake's cosines are lower than e5's
    assert bool([1 for _, _, kind, _ in c.store.links() if kind == "parallel_content"]) == linked
