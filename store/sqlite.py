"""The folder store: documents, chunks, vectors and links in one SQLite file (the source of truth).

FAISS and BM25 files beside it are derived caches stamped with the store's generation: a crash between
writing SQLite and writing them is repaired by rebuilding them on the next open, so a killed ingest can
never leave a store whose parts disagree. Each file's ingest is one SQLite transaction.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ContextManager, Iterable, Iterator, Protocol

import numpy as np

from core.errors import DocumentNotFound, IndexNotFound, StoreCorrupt
from core.records import Chunk, Document, Page, Section

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


@dataclass(frozen=True)
class FileState:
    path: str
    abs_path: str
    sha256: str
    size: int
    mtime: float
    doc_id: str


class Store(Protocol):
    """The store seam: what ingest, links, search and the app read and write (folder or PostgreSQL)."""

    server: bool
    dir: Path | None

    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def set_dim(self, dim: int) -> None: ...
    @property
    def generation(self) -> int: ...
    def exclusive(self) -> ContextManager: ...
    def put_document(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str],
                     state: FileState, fingerprint: str, shingles: Iterable[int]) -> None: ...
    def add_file(self, state: FileState) -> None: ...
    def remove_path(self, path: str) -> None: ...
    def set_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None: ...
    def add_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None: ...
    def files(self) -> dict[str, FileState]: ...
    def doc_for_sha(self, sha256: str) -> str | None: ...
    def document(self, doc_id: str) -> Document: ...
    def documents(self, ids: Iterable[str] | None = None) -> dict[str, Document]: ...
    def doc_id_for_path(self, path: str) -> str: ...
    def paths_of(self, doc_id: str) -> list[str]: ...
    def chunks(self, rowids: Iterable[int]) -> dict[int, Chunk]: ...
    def chunk_docs(self) -> tuple[np.ndarray, list[str]]: ...
    def chunk_hashes(self) -> dict[int, str]: ...
    def chunk_doc_ids(self, rowids: Iterable[int]) -> dict[int, str]: ...
    def vectors(self, dim: int, rowids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]: ...
    def vectors_for_hashes(self, hashes: Iterable[str], dim: int) -> dict[str, np.ndarray]: ...
    def chunk_langs(self) -> dict[int, str]: ...
    def filter_rows(self) -> Iterator[tuple[int, str, str, str, str]]: ...
    def same_fingerprint(self, fp: str, exclude: str) -> list[str]: ...
    def document_paths(self) -> list[tuple[str, str, str, int]]: ...
    def document_vectors(self, dim: int) -> tuple[list[str], np.ndarray]: ...
    def links(self, kind: str | None = None) -> list[tuple[str, str, str, float]]: ...
    def shingle_matches(self, shingles: Iterable[int], exclude: str) -> list[tuple[str, int, int]]: ...
    def size_bytes(self) -> int: ...
    def stats(self) -> dict: ...
    def close(self) -> None: ...


class FolderStore:
    """SQLite-backed store in an index folder. Open with create=True to make a new one."""

    server = False

    def __init__(self, index_dir: Path, create: bool = False) -> None:
        self.dir = Path(index_dir)
        db = self.dir / DB_NAME
        if not db.exists() and not create:
            raise IndexNotFound(f"no Radar index in {self.dir}; run `radar ingest PATH --index-dir {self.dir}` first")
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(db, timeout=60, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            version = self.get_meta("schema_version")
        except sqlite3.DatabaseError as exc:
            raise StoreCorrupt(f"{db} is not a readable Radar store ({exc}); move it away and re-ingest") from exc
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(version) != SCHEMA_VERSION:
            raise StoreCorrupt(f"{db} has schema version {version}, this Radar reads {SCHEMA_VERSION}; "
                               "re-ingest into a new --index-dir")

    # -- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def set_dim(self, dim: int) -> None:
        self.set_meta("dim", str(dim))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # -- writing ----------------------------------------------------------------------------------
    def transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    def exclusive(self) -> "_Transaction":
        """A transaction no other writer runs beside (SQLite: the write lock from its start)."""
        return _Transaction(self.db)

    def put_document(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str],
                     state: FileState, fingerprint: str, shingles: Iterable[int]) -> None:
        """Insert a document with its chunks and vectors, replacing what `state.path` held before."""
        with self.transaction():
            self._remove_path(state.path)
            self.db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.path, doc.title, doc.lang, doc.date, doc.doc_type, doc.source,
                 json.dumps(doc.metadata, ensure_ascii=False), doc.text,
                 json.dumps([[p.number, p.char_start, p.char_end] for p in doc.pages]),
                 json.dumps([[s.name, s.char_start, s.char_end] for s in doc.sections]), int(doc.ocr),
                 fingerprint, time.time()))
            self.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc.id,))
            self.db.executemany(
                "INSERT INTO chunks (id, doc_id, ordinal, char_start, char_end, page, section, lang, text_hash,"
                " vector) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang,
                  h, np.asarray(v, dtype=np.float32).tobytes()) for c, v, h in zip(chunks, vectors, hashes)])
            self.db.execute("DELETE FROM shingles WHERE doc_id=?", (doc.id,))
            self.db.executemany("INSERT INTO shingles VALUES (?, ?)", [(doc.id, h) for h in set(shingles)])
            self.add_file(state)

    def add_file(self, state: FileState) -> None:
        """Record a path (also used for an exact duplicate that points at an existing document)."""
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)",
                        (state.path, state.abs_path, state.sha256, state.size, state.mtime, state.doc_id))
        self._bump()

    def remove_path(self, path: str) -> None:
        with self.transaction():
            self._remove_path(path)

    def _remove_path(self, path: str) -> None:
        row = self.db.execute("SELECT doc_id FROM files WHERE path=?", (path,)).fetchone()
        if not row:
            return
        self.db.execute("DELETE FROM files WHERE path=?", (path,))
        doc_id = row[0]
        others = self.db.execute("SELECT path FROM files WHERE doc_id=? ORDER BY path", (doc_id,)).fetchall()
        if others:  # an identical file still points at this document: keep it, under that path
            self.db.execute("UPDATE documents SET path=? WHERE id=?", (others[0][0], doc_id))
        else:
            for table in ("chunks", "shingles"):
                self.db.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
            self.db.execute("DELETE FROM links WHERE a=? OR b=?", (doc_id, doc_id))
            self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        self._bump()

    def _bump(self) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', "
                        "CAST(COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key='generation'), 0) + 1 AS TEXT))")

    def set_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM links WHERE kind=?", (kind,))
            self._bump()  # readers cache link groups per generation
            self.db.executemany("INSERT OR REPLACE INTO links VALUES (?,?,?,?)",
                                [(min(a, b), max(a, b), kind, s) for a, b, s in pairs if a != b])

    def add_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO links VALUES (?,?,?,?)",
                            [(min(a, b), max(a, b), kind, s) for a, b, s in pairs if a != b])

    # -- reading ----------------------------------------------------------------------------------
    def files(self) -> dict[str, FileState]:
        rows = self.db.execute("SELECT path, abs_path, sha256, size, mtime, doc_id FROM files").fetchall()
        return {r[0]: FileState(*r) for r in rows}

    def doc_for_sha(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT doc_id FROM files WHERE sha256=? LIMIT 1", (sha256,)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str) -> Document:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if not row:
            raise DocumentNotFound(f"document {doc_id} is not in the index")
        return document_from_row(row)

    def documents(self, ids: Iterable[str] | None = None) -> dict[str, Document]:
        if ids is None:
            rows = self.db.execute("SELECT * FROM documents").fetchall()
        else:
            ids = list(set(ids))
            rows = []
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                rows += self.db.execute(f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(part))})",
                                        part).fetchall()
        return {r[0]: document_from_row(r) for r in rows}

    def doc_id_for_path(self, path: str) -> str:
        """Accept the path as given to ingest, as printed by search, or as an absolute path."""
        for query, arg in (("SELECT doc_id FROM files WHERE path=?", path),
                           ("SELECT doc_id FROM files WHERE abs_path=?", str(Path(path).expanduser().resolve()))):
            row = self.db.execute(query, (arg,)).fetchone()
            if row:
                return row[0]
        raise DocumentNotFound(f"{path!r} is not in the index; `radar search` prints the paths it knows")

    def paths_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM files WHERE doc_id=? ORDER BY path", (doc_id,))]

    def chunks(self, rowids: Iterable[int]) -> dict[int, Chunk]:
        rowids = [int(r) for r in rowids]
        out: dict[int, Chunk] = {}
        for i in range(0, len(rowids), 500):
            part = rowids[i : i + 500]
            q = ("SELECT c.rowid, c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang,"
                 " substr(d.text, c.char_start + 1, c.char_end - c.char_start) FROM chunks c JOIN documents d"
                 f" ON d.id = c.doc_id WHERE c.rowid IN ({','.join('?' * len(part))})")
            for r in self.db.execute(q, part):
                out[r[0]] = Chunk(id=r[1], doc_id=r[2], ordinal=r[3], char_start=r[4], char_end=r[5], page=r[6],
                                  section=r[7] or "", lang=r[8] or "", text=r[9])
        return out

    def chunk_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(rowid, doc_id, lang, text, source) of every chunk, in rowid order (for the lexical index)."""
        q = ("SELECT c.rowid, c.doc_id, c.lang, substr(d.text, c.char_start + 1, c.char_end - c.char_start),"
             " d.source FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid")
        yield from self.db.execute(q)

    def chunk_docs(self) -> tuple[np.ndarray, list[str]]:
        rows = self.db.execute("SELECT rowid, doc_id FROM chunks ORDER BY rowid").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows]

    def vectors(self, dim: int, rowids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, vectors) in rowid order: all of them, or those asked for."""
        if rowids is None:
            rows = self.db.execute("SELECT rowid, vector FROM chunks ORDER BY rowid").fetchall()
        else:
            wanted = sorted(int(r) for r in rowids)
            rows = []
            for i in range(0, len(wanted), 500):
                part = wanted[i : i + 500]
                rows += self.db.execute(f"SELECT rowid, vector FROM chunks WHERE rowid IN ({','.join('?' * len(part))})"
                                        " ORDER BY rowid", part).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, dim) if rows else \
            np.zeros((0, dim), dtype=np.float32)
        return ids, mat

    def vectors_for_hashes(self, hashes: Iterable[str], dim: int) -> dict[str, np.ndarray]:
        """Vectors already computed for identical chunk texts: never embed the same text twice."""
        hashes = list(set(hashes))
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), 500):
            part = hashes[i : i + 500]
            for h, blob in self.db.execute(
                    f"SELECT text_hash, vector FROM chunks WHERE text_hash IN ({','.join('?' * len(part))})", part):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == dim:
                    out[h] = vec
        return out

    def chunk_hashes(self) -> dict[int, str]:
        return dict(self.db.execute("SELECT rowid, text_hash FROM chunks").fetchall())

    def chunk_doc_ids(self, rowids: Iterable[int]) -> dict[int, str]:
        rowids = [int(r) for r in rowids]
        out: dict[int, str] = {}
        for i in range(0, len(rowids), 500):
            part = rowids[i : i + 500]
            out.update(self.db.execute(f"SELECT rowid, doc_id FROM chunks WHERE rowid IN ({','.join('?' * len(part))})",
                                       part).fetchall())
        return out

    def chunk_langs(self) -> dict[int, str]:
        """rowid → language of every chunk."""
        return dict(self.db.execute("SELECT rowid, lang FROM chunks").fetchall())

    def filter_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(rowid, chunk lang, document date, doc_type, source) of every chunk, for search filters."""
        yield from self.db.execute(
            "SELECT c.rowid, c.lang, d.date, d.doc_type, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id")

    def same_fingerprint(self, fp: str, exclude: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE fingerprint=? AND id != ?", (fp, exclude))]

    def document_paths(self) -> list[tuple[str, str, str, int]]:
        """(doc id, path, lang, text length) of every document."""
        return self.db.execute("SELECT id, path, lang, length(text) FROM documents").fetchall()

    def document_vectors(self, dim: int) -> tuple[list[str], np.ndarray]:
        """(doc ids, normalised mean of each document's chunk vectors)."""
        rows = self.db.execute("SELECT doc_id, vector FROM chunks ORDER BY doc_id").fetchall()
        ids: list[str] = []
        sums: list[np.ndarray] = []
        for doc_id, blob in rows:
            if not ids or ids[-1] != doc_id:
                ids.append(doc_id)
                sums.append(np.zeros(dim, dtype=np.float32))
            sums[-1] = sums[-1] + np.frombuffer(blob, dtype=np.float32)
        mat = np.array(sums, dtype=np.float32).reshape(-1, dim)
        mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
        return ids, mat

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file())

    def links(self, kind: str | None = None) -> list[tuple[str, str, str, float]]:
        if kind:
            return self.db.execute("SELECT a, b, kind, score FROM links WHERE kind=?", (kind,)).fetchall()
        return self.db.execute("SELECT a, b, kind, score FROM links").fetchall()

    def shingle_matches(self, shingles: Iterable[int], exclude: str) -> list[tuple[str, int, int]]:
        """(doc_id, shared, total) for documents sharing sampled shingles with the given set."""
        hs = list(set(shingles))
        if not hs:
            return []
        counts: dict[str, int] = {}
        for i in range(0, len(hs), 500):
            part = hs[i : i + 500]
            for doc_id, n in self.db.execute(
                    f"SELECT doc_id, COUNT(*) FROM shingles WHERE h IN ({','.join('?' * len(part))}) AND doc_id != ?"
                    " GROUP BY doc_id", (*part, exclude)):
                counts[doc_id] = counts.get(doc_id, 0) + n
        out = []
        for doc_id, shared in counts.items():
            total = self.db.execute("SELECT COUNT(*) FROM shingles WHERE doc_id=?", (doc_id,)).fetchone()[0]
            out.append((doc_id, shared, total))
        return out

    def stats(self) -> dict:
        return collection_stats(self.db.execute)

    def close(self) -> None:
        self.db.close()


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


def document_from_row(row: tuple) -> Document:
    """A documents row (either store: JSON as text in SQLite, already decoded from PostgreSQL's jsonb)."""
    def js(value, default):
        if value is None:
            return default
        return json.loads(value) if isinstance(value, str) else value

    return Document(id=row[0], path=row[1], title=row[2] or "", lang=row[3] or "", date=row[4] or "",
                    doc_type=row[5] or "", source=row[6] or "", metadata=js(row[7], {}), text=row[8],
                    pages=tuple(Page(*p) for p in js(row[9], [])),
                    sections=tuple(Section(*s) for s in js(row[10], [])), ocr=bool(row[11]))


def collection_stats(execute) -> dict:
    """Counts for `radar ingest`'s summary and the app, with either store's `execute`."""
    q = execute
    return {
        "documents": q("SELECT COUNT(*) FROM documents").fetchone()[0],
        "files": q("SELECT COUNT(*) FROM files").fetchone()[0],
        "chunks": q("SELECT COUNT(*) FROM chunks").fetchone()[0],
        "languages": dict(q("SELECT lang, COUNT(*) FROM documents GROUP BY lang").fetchall()),
        "chunk_languages": dict(q("SELECT lang, COUNT(*) FROM chunks GROUP BY lang").fetchall()),
        "doc_types": dict(q("SELECT doc_type, COUNT(*) FROM documents GROUP BY doc_type").fetchall()),
        "years": dict(q("SELECT substr(date, 1, 4), COUNT(*) FROM documents GROUP BY 1").fetchall()),
        "links": dict(q("SELECT kind, COUNT(*) FROM links GROUP BY kind").fetchall()),
    }
