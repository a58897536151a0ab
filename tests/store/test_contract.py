"""The store contract, checked with the same assertions on the folder store and on a real PostgreSQL (pgserver):
put, replace, remove, links, filters, vectors, lexical hits, generation and concurrent writers."""

from __future__ import annotations

import hashlib
import itertools
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest

from core.errors import DocumentNotFound
from core.filters import Filters
from core.records import Chunk, Document
from ingest.dedupe import fingerprint, shingles
from store.contract import FileState
from store.postgres import PgStore
from store.sqlite import FolderStore

DIM = 16
_names = itertools.count()


def _vector(text: str) -> np.ndarray:
    vec = np.random.default_rng(zlib.crc32(text.encode())).standard_normal(DIM).astype(np.float32)
    return vec / np.linalg.norm(vec)


def put(store, path: str, text: str, lang: str = "fr", date: str = "2020-05-01", source: str = "Myria",
        doc_type: str = "report") -> Document:
    """Store `text` as a document whose paragraphs are its chunks, with deterministic vectors."""
    doc_id = hashlib.sha256(f"{path}\n{text}".encode()).hexdigest()
    doc = Document(id=doc_id, path=path, text=text, title=text.split("\n")[0], lang=lang, date=date,
                   doc_type=doc_type, source=source, metadata={"k": "é"})
    chunks, at = [], 0
    for n, para in enumerate(text.split("\n\n")):
        start = text.index(para, at)
        at = start + len(para)
        chunks.append(Chunk(id=f"{doc_id[:8]}-{n}", doc_id=doc_id, ordinal=n, char_start=start, char_end=at,
                            text=para, lang=lang, page=1))
    vectors = np.array([_vector(c.text) for c in chunks], dtype=np.float32)
    state = FileState(path, f"/abs/{path}", hashlib.sha256(text.encode()).hexdigest(), len(text), 0.0, doc_id)
    store.put_document(doc, chunks, vectors, [hashlib.sha1(c.text.encode()).hexdigest() for c in chunks], state,
                       fingerprint(text), shingles(text))
    return doc


def open_folder(tmp_path: Path, name: str = "index") -> FolderStore:
    return FolderStore(tmp_path / name, create=True)


@pytest.fixture(params=["folder", "postgres"])
def opener(request, tmp_path):
    """A function that opens (another connection to) one fresh store of the backend under test."""
    if request.param == "folder":
        yield lambda: open_folder(tmp_path)
    else:
        uri = request.getfixturevalue("pg_uri")
        name = f"contract{next(_names)}"
        yield lambda: PgStore(uri, name, create=True)


@pytest.fixture()
def store(opener):
    s = opener()
    s.set_meta("settings", "{}")
    s.set_dim(DIM)
    yield s
    s.close()


QUARTIER = "Quartier Nord\n\nTrente bars ont été placés sous scellés.\n\nLa police a contrôlé les établissements."
LOVERBOYS = "Loverboys\n\nDe loverboys ronselen meisjes via sociale media.\n\nHet parket vervolgt hen."


def test_put_and_read_back(store):
    before = store.generation
    doc = put(store, "a/quartier.fr.txt", QUARTIER)
    assert store.generation > before
    assert store.document(doc.id) == doc
    assert store.documents([doc.id]) == {doc.id: doc}
    assert store.doc_for_sha(store.files()["a/quartier.fr.txt"].sha256) == doc.id
    assert store.doc_id_for_path("a/quartier.fr.txt") == doc.id == store.doc_id_for_path("/abs/a/quartier.fr.txt")
    assert store.paths_of(doc.id) == ["a/quartier.fr.txt"]
    rowids, doc_ids = store.chunk_docs()
    chunks = store.chunks(rowids)
    assert len(chunks) == 3 and set(doc_ids) == {doc.id}
    assert all(c.text == doc.text[c.char_start:c.char_end] for c in chunks.values())
    assert set(store.chunk_langs().values()) == {"fr"}
    assert store.chunk_doc_ids(rowids[:1]) == {int(rowids[0]): doc.id}
    assert store.document_paths() == [(doc.id, "a/quartier.fr.txt", "fr", len(QUARTIER))]
    assert store.document_names() == [(doc.id, "a/quartier.fr.txt", doc.title, doc.source)]
    stats = store.stats()
    assert (stats["documents"], stats["files"], stats["chunks"]) == (1, 1, 3)
    with pytest.raises(DocumentNotFound):
        store.document("nope")
    with pytest.raises(DocumentNotFound):
        store.doc_id_for_path("nowhere.txt")


def test_replace_and_remove(store):
    old = put(store, "q.txt", QUARTIER)
    new = put(store, "q.txt", LOVERBOYS, lang="nl")
    assert set(store.documents()) == {new.id}
    assert {c.doc_id for c in store.chunks(store.chunk_docs()[0]).values()} == {new.id}
    with pytest.raises(DocumentNotFound):
        store.document(old.id)
    copy = FileState("copy.txt", "/abs/copy.txt", "x", 1, 0.0, new.id)
    store.add_file(copy)
    store.remove_path("q.txt")  # an identical copy keeps the document, under its path
    assert store.document(new.id).path == "copy.txt"
    generation = store.generation
    store.remove_path("copy.txt")
    assert store.documents() == {} and len(store.chunk_docs()[0]) == 0 and store.generation > generation
    store.remove_path("never-stored.txt")  # nothing to do, no error


def test_links(store):
    a, b, c = (put(store, f"{n}.txt", text) for n, text in (("a", QUARTIER), ("b", LOVERBOYS),
                                                             ("c", QUARTIER + "\n\nEncore.")))
    store.add_links("near_duplicate", [(c.id, a.id, 0.9), (a.id, a.id, 1.0)])
    store.set_links("parallel", [(a.id, b.id, 1.0)])
    store.set_links("parallel", [(b.id, c.id, 0.5)])  # replaces the kind
    links = sorted(store.links())
    assert links == sorted([(min(a.id, c.id), max(a.id, c.id), "near_duplicate", 0.9),
                            (min(b.id, c.id), max(b.id, c.id), "parallel", 0.5)])
    assert store.links("parallel") == [(min(b.id, c.id), max(b.id, c.id), "parallel", 0.5)]
    store.remove_path("c.txt")
    assert store.links() == []


def test_duplicates_are_found_by_fingerprint_and_shingles(store):
    a = put(store, "a.txt", QUARTIER)
    b = put(store, "b.txt", QUARTIER.upper() + " ")
    assert store.same_fingerprint(fingerprint(QUARTIER), exclude=b.id) == [a.id]
    (doc_id, shared, total), = store.shingle_matches(shingles(QUARTIER), exclude=b.id)
    assert doc_id == a.id and shared == total > 0


def test_vectors_and_vector_search(store):
    doc = put(store, "q.txt", QUARTIER)
    put(store, "l.txt", LOVERBOYS, lang="nl")
    rowids, mat = store.vectors(DIM)
    assert mat.shape == (6, DIM) and list(rowids) == sorted(rowids)
    some, part = store.vectors(DIM, rowids[2:4])
    assert list(some) == list(rowids[2:4]) and np.allclose(part, mat[2:4])
    chunks = store.chunks(rowids)
    target = next(r for r in rowids if "scellés" in chunks[r].text)
    reuse = store.vectors_for_hashes([hashlib.sha1(chunks[target].text.encode()).hexdigest(), "unknown"], DIM)
    assert list(reuse) == [hashlib.sha1(chunks[target].text.encode()).hexdigest()]
    ids, means = store.document_vectors(DIM)
    assert set(ids) == set(store.documents()) and np.allclose(np.linalg.norm(means, axis=1), 1.0, atol=1e-5)
    search = store.vector_search(DIM)
    assert search.generation == store.generation and search.size == 6
    best = search.search(_vector(chunks[target].text), 2)
    assert best[0][0] == target and best[0][1] == pytest.approx(1.0, abs=1e-4)
    dutch = np.array([r for r in rowids if chunks[r].doc_id != doc.id], dtype=np.int64)
    assert {r for r, _ in search.search(_vector(chunks[target].text), 3, allowed=dutch)} <= set(dutch.tolist())


def test_lexical_hits_fold_accents_and_honour_filters(store):
    put(store, "q.txt", QUARTIER)
    put(store, "l.txt", LOVERBOYS, lang="nl", date="2019", source="Payoke")
    rowids = store.chunk_docs()[0]
    chunks = store.chunks(rowids)
    lexical = store.lexical_search()
    hits = lexical.query("scelles", [], 5)  # typed without its accent
    assert hits and "scellés" in chunks[hits[0][0]].text
    assert "loverboys" in chunks[lexical.query("loverboy", [], 5)[0][0]].text.lower()
    assert lexical.query("Payoke", [], 5)  # a passage is indexed with its document's source
    allowed = np.array([r for r, lang, date, kind, source in store.filter_rows()
                        if Filters(lang="nl", since="2019").accepts(lang or "", date, kind, source)], dtype=np.int64)
    assert {chunks[r].lang for r in allowed.tolist()} == {"nl"} and len(allowed) == 3
    assert lexical.query("scelles", [], 5, allowed=allowed) == []


def test_search_indexes_follow_the_generation(store):
    put(store, "q.txt", QUARTIER)
    store.sync_search(DIM)
    first = store.vector_search(DIM)
    put(store, "l.txt", LOVERBOYS, lang="nl")
    store.sync_search(DIM)
    again = store.vector_search(DIM)
    assert again.generation == store.generation > first.generation and again.size == 6
    assert store.lexical_search().generation == store.generation


def test_two_writers_at_once_both_land(opener, store):
    other = opener()
    errors = []

    def write(s, name, text):
        try:
            for n in range(3):
                put(s, f"{name}{n}.txt", f"{text}\n\n{name} {n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    before = store.generation
    threads = [threading.Thread(target=write, args=(s, name, text))
               for s, name, text in ((store, "q", QUARTIER), (other, "l", LOVERBOYS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert not errors
    assert len(store.documents()) == 6 and store.generation >= before + 6
    chunks = store.chunks(store.chunk_docs()[0])
    assert all(c.text == store.document(c.doc_id).text[c.char_start:c.char_end] for c in chunks.values())


@pytest.mark.parametrize("key, value", [("settings", "{not json"), ("settings", "[1, 2]"), ("generation", "x1"),
                                        ("dim", "384.5"), ("schema_version", "")])
def test_a_damaged_meta_row_is_one_clear_line(opener, key, value):
    from core.errors import StoreCorrupt

    store = opener()
    put(store, "a.txt", "Myria publie un rapport annuel.")
    store.set_meta(key, value)
    with pytest.raises(StoreCorrupt, match=f"not a readable Radar store: its '{key}' row is damaged"):
        opener()


def test_an_empty_store_file_is_damage_not_a_new_index(tmp_path):
    from core.errors import StoreCorrupt
    from store.sqlite import DB_NAME

    (tmp_path / "index").mkdir()
    (tmp_path / "index" / DB_NAME).write_bytes(b"")
    for create in (False, True):
        with pytest.raises(StoreCorrupt, match="not a readable Radar store .the file is empty"):
            FolderStore(tmp_path / "index", create=create)
    assert (tmp_path / "index" / DB_NAME).stat().st_size == 0  # left as found
