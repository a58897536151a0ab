"""The folder store: documents, chunks, vectors and links in one SQLite file (the source of truth).

FAISS and BM25 files beside it are derived caches stamped with the store's generation: a crash between
writing SQLite and writing them is repaired by rebuilding them on the next open, so a killed ingest can
never leave a store whose parts disagree. Each file's ingest is one SQLite transaction.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np

from core.errors import IndexNotFound, RadarError, StoreCorrupt
from core.keyword import Expression, indexed_stems, indexed_words
from core.records import Chunk, Document
from core.settings import default
from store.bm25_index import LexicalIndex
from store.faiss_index import VectorIndex
from store.keyword_sql import fts5_query
from store.sql import SqlStore

SCHEMA_VERSION = 1
DB_NAME = "radar.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, lang TEXT, date TEXT, doc_type TEXT, source TEXT,
    metadata TEXT, text TEXT NOT NULL, pages TEXT, sections TEXT, ocr INTEGER, fingerprint TEXT,
    added_at REAL);
CREATE INDEX IF NOT EXISTS documents_fp ON documents(fingerprint);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, abs_path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER, mtime REAL,
    doc_id TEXT NOT NULL REFERENCES documents(id));
CREATE INDEX IF NOT EXISTS files_doc ON files(doc_id);
CREATE INDEX IF NOT EXISTS files_abs ON files(abs_path);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER, char_start INTEGER, char_end INTEGER, page INTEGER, section TEXT, lang TEXT,
    text_hash TEXT, vector BLOB);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(text_hash);
CREATE TABLE IF NOT EXISTS shingles (doc_id TEXT NOT NULL, h INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS shingles_h ON shingles(h);
CREATE INDEX IF NOT EXISTS shingles_doc ON shingles(doc_id);
CREATE TABLE IF NOT EXISTS links (a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, score REAL,
    PRIMARY KEY (a, b, kind));
"""
# Keyword search's index (rowid = the chunk's): each passage's words without accents, and its stems
# (core.keyword.indexed_words/indexed_stems), written and deleted with the chunk in the same transaction.
_KEYWORD_INDEX = """
CREATE VIRTUAL TABLE IF NOT EXISTS keyword_fts USING fts5(words, stems, tokenize='unicode61 remove_diacritics 0');
"""


class FolderStore(SqlStore):
    """SQLite-backed store in an index folder, with FAISS and BM25 files beside it. Open with create=True to make
    a new one. `approximate_above`: chunk count from which the vector index is approximate (IVF-SQ8)."""

    def __init__(self, index_dir: Path, create: bool = False,
                 approximate_above: int = int(default("ann_threshold"))) -> None:
        self.dir = Path(index_dir)
        self.approximate_above = approximate_above
        db = self.dir / DB_NAME
        if not db.exists() and not create:
            raise IndexNotFound(f"no Radar index in {self.dir}; run `radar ingest PATH --index-dir {self.dir}` first")
        if db.exists() and db.stat().st_size == 0:  # SQLite would take it for a new, empty database
            raise StoreCorrupt(f"{db} is not a readable Radar store (the file is empty, 0 bytes); move it away "
                               "and re-ingest")
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(db, timeout=60, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._keyword_index()
            self.check_meta(str(db))
            version = self.get_meta("schema_version")
        except sqlite3.DatabaseError as exc:
            raise StoreCorrupt(f"{db} is not a readable Radar store ({exc}); move it away and re-ingest") from exc
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        if self.get_meta("generation") is None:  # a reader never writes: only a store without the row
            self._execute("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING")
        elif int(version) != SCHEMA_VERSION:
            raise StoreCorrupt(f"{db} has schema version {version}, this Radar reads {SCHEMA_VERSION}; "
                               "re-ingest into a new --index-dir")

    def _keyword_index(self) -> None:
        """Create keyword search's index; a store made before it had one gets it filled from its chunks, once."""
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name='keyword_fts'").fetchone():
            return
        with self.transaction():
            self.db.execute(_KEYWORD_INDEX)
            self.db.executemany("INSERT INTO keyword_fts (rowid, words, stems) VALUES (?, ?, ?)",
                                ((rowid, indexed_words(text), indexed_stems(text, lang or ""))
                                 for rowid, _doc, lang, text, _source in self.chunk_rows()))

    # -- SqlStore's backend members --------------------------------------------------------------------------
    def _execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def _executemany(self, sql: str, rows: list) -> None:
        self.db.executemany(sql, rows)

    def transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    def exclusive(self) -> "_Transaction":
        """A transaction no other writer runs beside (SQLite: the write lock from its start)."""
        return _Transaction(self.db)

    def _insert_chunks(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str]) -> None:
        self.db.executemany(
            "INSERT INTO chunks (id, doc_id, ordinal, char_start, char_end, page, section, lang, text_hash,"
            " vector) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang,
              h, np.asarray(v, dtype=np.float32).tobytes()) for c, v, h in zip(chunks, vectors, hashes)])
        rowids = dict(self.db.execute("SELECT ordinal, rowid FROM chunks WHERE doc_id=?", (doc.id,)).fetchall())
        self.db.executemany("INSERT INTO keyword_fts (rowid, words, stems) VALUES (?, ?, ?)",
                            [(rowids[c.ordinal], indexed_words(c.text), indexed_stems(c.text, c.lang)) for c in chunks])

    def _delete_chunks(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM keyword_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE doc_id=?)", (doc_id,))
        self.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))

    def _keyword_where(self, expression: Expression | None, stems: bool) -> tuple[str, list] | None:
        match = fts5_query(expression, stems)
        return None if match is None else ("c.rowid IN (SELECT rowid FROM keyword_fts WHERE keyword_fts MATCH ?)",
                                           [match])

    def _json(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def _matrix(self, blobs: list, dim: int) -> np.ndarray:
        if not blobs:
            return np.zeros((0, max(dim, 0)), dtype=np.float32)
        return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)

    # -- search: FAISS and bm25s files, rebuilt when their generation is not the store's --------------------
    def vector_search(self, dim: int) -> VectorIndex:
        index = VectorIndex.load(self.dir)
        if index is None or index.generation != self.generation:
            index = self._rebuild_vectors(dim)
        return index

    def lexical_search(self) -> LexicalIndex:
        index = LexicalIndex.load(self.dir)
        if index is None or index.generation != self.generation:
            index = self._rebuild_lexical()
        return index

    def sync_search(self, dim: int) -> None:
        """After an ingest: FAISS grown or shrunk in place (never re-adding what it holds), BM25 rebuilt."""
        self._sync_vectors(dim)
        self._rebuild_lexical()

    def _vector_kind(self) -> str:
        return json.loads(self.get_meta("settings") or "{}").get("vector_index", "auto")

    def _rebuild_vectors(self, dim: int) -> VectorIndex:
        ids, mat = self.vectors(dim)
        index = VectorIndex.build(ids, mat, dim, self.generation, kind=self._vector_kind(),
                                  approximate_above=self.approximate_above)
        index.save(self.dir)
        return index

    def _sync_vectors(self, dim: int) -> None:
        import faiss

        index = VectorIndex.load(self.dir)
        have = faiss.vector_to_array(index.index.id_map) if index is not None and hasattr(index.index, "id_map") \
            else None
        if have is None:
            self._rebuild_vectors(dim)
            return
        ids, mat = self.vectors(dim)
        gone = np.setdiff1d(have, ids)
        new = np.isin(ids, have, invert=True)
        if len(gone):
            index.remove(gone)
        if new.any():
            index.add(ids[new], mat[new])
        index.generation = self.generation
        index.save(self.dir)

    def _rebuild_lexical(self) -> LexicalIndex:
        # Each passage is indexed with its document's source, so "according to Payoke" finds
        # Payoke's page even where the passage itself never names it.
        rows = [(rowid, lang, f"{header}\n{text}") for rowid, _doc, lang, text, header in self.chunk_rows()]
        index = LexicalIndex.build(rows, self.generation)
        index.save(self.dir)
        return index

    # -- the rest -------------------------------------------------------------------------------------------
    def upload_dir(self, uploads: Path) -> Path:
        """Files added through the app live in the index folder (they stay, so --prune can check them)."""
        return self.dir / "uploads"

    def grant_read(self, role: str) -> None:
        raise RadarError("grant-read applies to a PostgreSQL store (--store postgresql://...); a folder's "
                         "readers are whoever the file system lets read it")

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file())


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.depth_owner = False

    def __enter__(self):
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            self.depth_owner = True
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.depth_owner:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
