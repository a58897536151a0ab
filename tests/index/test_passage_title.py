"""What the embedding model reads of a passage: the document's title before it, less what the passage opens with
(a plain page's guessed title is its own first line; a Chamber question's title ends with its first sentence).
Indexes built the older ways keep theirs until rebuilt, and an export carries its way into the collection it is
imported into. Fake encoder: its vectors count words, so a repeated opening shows in the stored vector."""

from __future__ import annotations


import numpy as np
import pytest

from core.records import Chunk, Document
from core.settings import Settings
from index.collection import Collection
from index.indexer import embed_text, ingest_paths, opens_with
from index.transfer import ExportFormatError, export_collection, import_collection
from tests.conftest import as_built_before_passage_title
from tests.fakes import FakeEmbedder, write_docs

PAGE = ("Le centre Sürya accueille les victimes de la traite des êtres humains en Wallonie depuis 1995 et les "
        "accompagne dans leurs démarches auprès de la justice et des services sociaux, avec un hébergement.")
DOCS = {"surya.fr.txt": PAGE, "notes.en.txt": "# Shelter budget\n\nThe Walloon Region funds the Sürya shelter."}


def doc(title: str, text: str) -> Document:
    return Document(id="d", path="p.txt", text=text, title=title, lang="fr", date="", doc_type="document",
                    source="")


def chunk(text: str, start: int = 0) -> Chunk:
    return Chunk("c", "d", 0, start, start + len(text), text, "fr")


def test_a_passage_that_opens_with_the_title_is_read_once():
    cut = PAGE[:160].rsplit(" ", 1)[0] + " …"  # the title metadata guesses from a long first line
    assert opens_with(PAGE, cut) and embed_text(doc(cut, PAGE), chunk(PAGE)) == PAGE
    assert opens_with("# Shelter  budget\n\nThe Walloon…", "Shelter budget")  # markup and spaces aside
    later = "The Walloon Region funds the shelter."
    assert embed_text(doc("Shelter budget", "…"), chunk(later, 40)) == f"Shelter budget\n{later}"
    assert not opens_with(later, "Shelter budget") and not opens_with(later, "")
    assert embed_text(doc(cut, PAGE), chunk(PAGE), "always") == f"{cut}\n{PAGE}"  # indexes built before


def test_a_chamber_questions_first_sentence_is_read_once():
    text = ("La mission Sophia et la participation de la Belgique (QO 20004).\n\nLa frégate Louise-Marie participe "
            "à des missions de lutte contre le trafic d'êtres humains.")
    title = "Question écrite 54-B140-5-1234 (2017-2018): La mission Sophia et la participation de la Belgique (QO 20004)."
    label = "Question écrite 54-B140-5-1234 (2017-2018)"
    assert embed_text(doc(title, text), chunk(text)) == f"{label}\n{text}"
    later = "La frégate Louise-Marie participe à des missions."
    assert embed_text(doc(title, text), chunk(later, 70)) == f"{title}\n{later}"  # later passages: the whole title
    assert embed_text(doc(title, text), chunk(text), "unless-opening") == f"{title}\n{text}"  # built on 2026-11-29
    assert embed_text(doc("Note: Sürya", text), chunk(text)) == f"Note: Sürya\n{text}"  # a subject not opening it


def test_indexes_built_before_keep_their_way():
    assert Settings().passage_title == "unless-repeated"
    assert Settings.from_json('{"model": "multilingual-e5-small"}').passage_title == "always"
    assert Settings.from_json('{"passage_title": "unless-opening"}').passage_title == "unless-opening"
    assert Settings.from_json(Settings().to_json()).passage_title == "unless-repeated"


def test_an_index_that_repeats_a_chamber_questions_first_sentence_is_said_to_be_older(tmp_path):
    for way, older in (("unless-opening", True), (None, True), ("unless-repeated", False)):
        folder = tmp_path / str(way)
        Collection(folder, create=True, embedder=FakeEmbedder()).close()
        if way != "unless-repeated":
            as_built_before_passage_title(folder, way)
        assert Collection(folder, embedder=FakeEmbedder()).repeats_opening_titles is older


def stored_vector(c: Collection, name: str) -> np.ndarray:
    rowids, matrix = c.store.vectors(c.dim)
    chunks = c.store.chunks(rowids.tolist())
    paths = {d: p for d, p, _, _ in c.store.document_paths()}
    (row,) = [i for i, r in enumerate(rowids.tolist()) if paths[chunks[r].doc_id].endswith(name)]
    return matrix[row]


def old_collection(folder, docs):
    """A collection as Radar built it before passage_title existed (its saved settings lack the field)."""
    fake = FakeEmbedder()
    Collection(folder, create=True, embedder=fake).close()
    as_built_before_passage_title(folder)
    c = Collection(folder, embedder=fake)
    ingest_paths(c, [str(docs)])
    return c


def test_ingest_embeds_the_way_the_index_was_built(tmp_path):
    docs = write_docs(tmp_path / "docs", DOCS)
    fake = FakeEmbedder()
    new = Collection(tmp_path / "new", create=True, embedder=fake)
    ingest_paths(new, [str(docs)])
    (title,) = [d.title for d in new.store.documents().values() if d.path.endswith("surya.fr.txt")]
    assert np.allclose(stored_vector(new, "surya.fr.txt"), fake.encode_passages([PAGE])[0])
    old = old_collection(tmp_path / "old", docs)
    assert old.settings.passage_title == "always"
    assert np.allclose(stored_vector(old, "surya.fr.txt"), fake.encode_passages([f"{title}\n{PAGE}"])[0])
    assert not np.allclose(stored_vector(old, "surya.fr.txt"), stored_vector(new, "surya.fr.txt"))


def test_an_import_carries_the_exports_way_of_embedding(tmp_path):
    docs = write_docs(tmp_path / "docs", DOCS)
    old = old_collection(tmp_path / "old", docs)
    export_collection(old, tmp_path / "export")
    empty = Collection(tmp_path / "empty", create=True, embedder=FakeEmbedder())
    import_collection(empty, tmp_path / "export")
    assert empty.settings.passage_title == "always"
    assert Collection(tmp_path / "empty", embedder=FakeEmbedder()).settings.passage_title == "always"  # saved
    filled = Collection(tmp_path / "filled", create=True, embedder=FakeEmbedder())
    ingest_paths(filled, [str(write_docs(tmp_path / "other", {"other.en.txt": "Another page about shelters."}))])
    before = filled.store.stats()["documents"]
    with pytest.raises(ExportFormatError, match="import into a new collection"):
        import_collection(filled, tmp_path / "export")
    assert filled.store.stats()["documents"] == before and filled.settings.passage_title == "unless-repeated"


def test_a_training_index_built_the_older_way_is_rebuilt_not_reused(tmp_path):
    from scripts.judge.retrieval import fresh_index

    docs = write_docs(tmp_path / "docs", DOCS)
    current = Collection(tmp_path / "current", create=True, embedder=FakeEmbedder())
    ingest_paths(current, [str(docs)])
    current.close()
    assert fresh_index(tmp_path / "current").exists()  # built as today: kept, its files skipped on the next ingest
    old_collection(tmp_path / "old", docs).close()
    assert not fresh_index(tmp_path / "old").exists()  # built the older way: emptied, so the ingest embeds anew
