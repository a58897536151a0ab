"""Ingest and search end to end with the deterministic fake encoder: storage, lexical and dense fusion, filters,
duplicates and versions, without loading the model (the real model's behaviour is in the slow tests)."""

from __future__ import annotations

import numpy as np
import pytest

from core.filters import Filters
from index.collection import Collection
from index.indexer import ingest_paths
from index.search import search
from tests.fakes import FakeEmbedder, write_docs

DOCS = {
    "nord.fr.txt": "Quartier Nord\n\nTrente bars à prostitution du quartier Nord ont été placés sous scellés "
                   "judiciaires après une enquête pour traite des êtres humains.",
    "nord.nl.txt": "Noordwijk\n\nDertig prostitutiebars in de Noordwijk werden gerechtelijk verzegeld na een "
                   "onderzoek naar mensenhandel.",
    "loverboys.nl.txt": "Loverboys\n\nLoverboys ronselen minderjarige meisjes via sociale media en buiten ze "
                        "seksueel uit.",
    "budget.en.txt": "Shelter budget\n\nThe Walloon Region funds the Sürya shelter for victims of trafficking.",
}


@pytest.fixture()
def collection(tmp_path):
    folder = write_docs(tmp_path / "docs", {**DOCS, "copy-of-budget.en.txt": DOCS["budget.en.txt"]})
    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    report = ingest_paths(c, [str(folder)])
    assert not report.failed and report.count("duplicate") == 1
    yield c
    c.close()


def test_the_fake_is_deterministic_and_near_for_shared_words():
    fake = FakeEmbedder()
    a, b, c = fake.encode_passages(["traite des êtres humains", "Traite des etres humains à Bruxelles",
                                    "budget annuel du musée"])
    assert np.allclose(fake.encode_passages(["traite des êtres humains"])[0], a)
    assert float(a @ b) > 0.6 > float(a @ c)


def test_search_finds_the_passage_and_its_version_is_linked(collection):
    hits = search(collection, "bars placés sous scellés quartier Nord", k=3)
    assert hits[0].document.path.endswith("nord.fr.txt")
    paths = {doc: path for doc, path, _, _ in collection.store.document_paths()}
    assert [sorted(paths[a].rsplit("/", 1)[1] for a in (a, b)) for a, b, kind, _ in collection.store.links()
            if kind == "parallel"] == [["nord.fr.txt", "nord.nl.txt"]]  # versions of one text, by file name
    text = hits[0].document.text
    assert hits[0].chunk.text == text[hits[0].chunk.char_start:hits[0].chunk.char_end]


def test_filters_restrict_every_result(collection):
    hits = search(collection, "loverboys meisjes", k=5, filters=Filters(lang="nl"))
    assert hits and all(h.chunk.lang == "nl" for h in hits)
    assert search(collection, "loverboys", k=5, filters=Filters(source="nobody")) == []


def test_a_search_within_given_passages_returns_only_those_and_keeps_the_filters(collection):
    """`within` narrows a search to passages named by rowid (an evaluation asks a question of the corpus without
    its own answer): the best hit without it is gone, the filters still apply."""
    first = search(collection, "loverboys meisjes", k=5)[0]
    rowids, _ = collection.store.vectors(collection.dim)
    chunks = collection.store.chunks(rowids.tolist())
    others = np.array([r for r in rowids.tolist() if chunks[r].doc_id != first.document.id])
    hits = search(collection, "loverboys meisjes", k=5, within=others)
    assert hits and all(h.document.id != first.document.id for h in hits)
    narrowed = search(collection, "loverboys meisjes", k=5, filters=Filters(lang="nl"), within=others)
    assert all(h.chunk.lang == "nl" and h.document.id != first.document.id for h in narrowed)


def test_an_identical_copy_is_stored_once_and_shown_with_its_other_path(collection):
    hits = search(collection, "Sürya shelter Walloon Region", k=3)
    assert hits[0].document.path.endswith("budget.en.txt")
    assert collection.store.paths_of(hits[0].document.id)[-1].endswith("copy-of-budget.en.txt")
    assert collection.store.stats()["documents"] == len(DOCS)


def test_a_date_filter_says_how_many_undated_documents_it_did_not_search(collection):
    from index.search import undated_left_out

    assert undated_left_out(collection, Filters()) == 0  # no date filter: nothing left out
    assert undated_left_out(collection, Filters(since="2015")) == 4  # none of these texts states its own date
    assert undated_left_out(collection, Filters(since="2015", lang="nl")) == 2
    assert search(collection, "loverboys", k=5, filters=Filters(since="2015")) == []
