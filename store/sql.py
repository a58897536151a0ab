"""Every query both stores run, written once: documents, files, chunks, links and meta.

Queries use `?` placeholders (a backend translates them) and `IN (...)` lists in slices of 500, which SQLite and
PostgreSQL both read. A backend subclasses `SqlStore` and provides what differs: executing, transactions, how a
chunk's vector and words are stored and searched, and its size on disk.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from core.errors import DocumentNotFound, StoreCorrupt
from core.keyword import Expression
from core.records import Chunk, Document, Page, Section
from store.contract import FileState, Pairs

DOC_COLUMNS = ("id, path, title, lang, date, doc_type, source, metadata, text, pages, sections, ocr, fingerprint, "
               "added_at")
_UPSERT_DOCUMENT = (
    f"INSERT INTO documents ({DOC_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
    "path=excluded.path, title=excluded.title, lang=excluded.lang, date=excluded.date, doc_type=excluded.doc_type, "
    "source=excluded.source, metadata=excluded.metadata, text=excluded.text, pages=excluded.pages, "
    "sections=excluded.sections, ocr=excluded.ocr, fingerprint=excluded.fingerprint, added_at=excluded.added_at")
_CHUNK = ("SELECT c.rowid, c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang,"
          " substr(d.text, c.char_start + 1, c.char_end - c.char_start) FROM chunks c JOIN documents d"
          " ON d.id = c.doc_id")
SLICE = 500  # values per IN (...) list
_META_FORMATS = {"schema_version": int, "generation": int, "linked_generation": int, "dim": int,
                 "settings": json.loads}


def marks(values: list) -> str:
    return ",".join("?" * len(values))


def slices(values: Iterable) -> Iterator[list]:
    values = list(values)
    for i in range(0, len(values), SLICE):
        yield values[i : i + SLICE]


class SqlStore:
    """The reads and writes of `store.contract.Store` over a DB-API connection `self.db`.

    A backend subclass must define (checked when the subclass is made):
    - `_execute(sql, params=()) -> cursor` and `_executemany(sql, rows)`: run SQL written with `?` placeholders;
    - `transaction()` and `exclusive()`: context managers (see the contract);
    - `_insert_chunks(doc, chunks, vectors, hashes)` and `_delete_chunks(doc_id)`: how a chunk's vector and words
      are stored (a FAISS/BM25 cache beside the rows, or pgvector and full-text columns);
    - `_json(value)`: a value for a JSON column; `_matrix(values, dim)`: stored vectors as one float32 matrix;
    - `_keyword_where(expression, stems)`: SQL over `chunks c` that keeps the passages a keyword query may match
      (its full-text index: FTS5 or a tsvector), with its parameters, or None to read every passage;
    - `vector_search`, `lexical_search`, `sync_search`, `upload_dir`, `grant_read`, `size_bytes`: as in the contract.
    """

    BACKEND = ("_execute", "_executemany", "transaction", "exclusive", "_insert_chunks", "_delete_chunks", "_json",
               "_matrix", "_keyword_where", "vector_search", "lexical_search", "sync_search", "upload_dir", "grant_read", "size_bytes")
    VECTOR_COLUMN = "vector"
    NOUN = "index"  # what messages call it: "the index" (folder), "the collection" (PostgreSQL)
    db: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in cls.BACKEND if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} is a SqlStore backend without {', '.join(missing)}")

    # -- meta -----------------------------------------------------------------------------------------------
    def check_meta(self, where: str) -> None:
        """StoreCorrupt, with the one line other damage gives, when a meta row the stores parse is not what it
        should be (a number, a JSON object): found when the store opens, not as a traceback mid-search."""
        for key, parse in _META_FORMATS.items():
            value = self.get_meta(key)
            try:
                if value is not None and not isinstance(parse(value), (int, dict)):
                    raise ValueError(key)
            except (ValueError, TypeError) as exc:
                raise StoreCorrupt(f"{where} is not a readable Radar store: its {key!r} row is damaged "
                                   f"({value[:40]!r}); move it away and re-ingest, or `radar import` an export"
                                   ) from exc

    def get_meta(self, key: str) -> str | None:
        row = self._execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                      (key, value))

    def added_since(self, when: float) -> set[str]:
        """Ids of the documents stored (added, or changed and read again) after `when` (a Unix time)."""
        return {r[0] for r in self._execute("SELECT id FROM documents WHERE added_at > ?", (when,))}

    def owner(self) -> str:
        """Who is working: the user of this machine (a server store: its database role)."""
        import getpass

        return getpass.getuser()

    def set_dim(self, dim: int) -> None:
        self.set_meta("dim", str(dim))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def _bump(self) -> None:
        self._execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key='generation'")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write transaction that bumps the generation first: on PostgreSQL the generation row's lock is what
        serialises two writers; readers never wait."""
        with self.transaction():
            self._bump()
            yield

    # -- writes ---------------------------------------------------------------------------------------------
    def put_document(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str],
                     state: FileState, fingerprint: str, shingles: Iterable[int]) -> None:
        """Store a document with its chunks and vectors, replacing what `state.path` held before."""
        with self.writing():
            self._remove_path(state.path)
            self._execute(_UPSERT_DOCUMENT, (
                doc.id, doc.path, doc.title, doc.lang, doc.date, doc.doc_type, doc.source, self._json(doc.metadata),
                doc.text, self._json([[p.number, p.char_start, p.char_end] for p in doc.pages]),
                self._json([[s.name, s.char_start, s.char_end] for s in doc.sections]), bool(doc.ocr), fingerprint,
                time.time()))
            self._delete_chunks(doc.id)
            self._insert_chunks(doc, chunks, vectors, hashes)
            self._execute("DELETE FROM shingles WHERE doc_id=?", (doc.id,))
            self._executemany("INSERT INTO shingles VALUES (?, ?)", [(doc.id, h) for h in set(shingles)])
            self._add_file(state)

    def add_file(self, state: FileState) -> None:
        """Record a path (also used for an exact duplicate that points at an existing document)."""
        with self.writing():
            self._add_file(state)

    def _add_file(self, state: FileState) -> None:
        self._execute("INSERT INTO files VALUES (?,?,?,?,?,?) ON CONFLICT (path) DO UPDATE SET "
                      "abs_path=excluded.abs_path, sha256=excluded.sha256, size=excluded.size, mtime=excluded.mtime,"
                      " doc_id=excluded.doc_id",
                      (state.path, state.abs_path, state.sha256, state.size, state.mtime, state.doc_id))

    def remove_path(self, path: str) -> None:
        with self.writing():
            self._remove_path(path)

    def _remove_path(self, path: str) -> None:
        row = self._execute("SELECT doc_id FROM files WHERE path=?", (path,)).fetchone()
        if not row:
            return
        self._execute("DELETE FROM files WHERE path=?", (path,))
        doc_id = row[0]
        others = self._execute("SELECT path FROM files WHERE doc_id=? ORDER BY path", (doc_id,)).fetchall()
        if others:  # an identical file still points at this document: keep it, under that path
            self._execute("UPDATE documents SET path=? WHERE id=?", (others[0][0], doc_id))
            return
        self._delete_chunks(doc_id)
        self._execute("DELETE FROM shingles WHERE doc_id=?", (doc_id,))
        self._execute("DELETE FROM links WHERE a=? OR b=?", (doc_id, doc_id))
        self._execute("DELETE FROM documents WHERE id=?", (doc_id,))

    def set_links(self, kind: str, pairs: Pairs) -> None:
        """Replace every link of one kind (readers cache link groups per generation)."""
        with self.writing():
            self._execute("DELETE FROM links WHERE kind=?", (kind,))
            self._insert_links(kind, pairs)

    def add_links(self, kind: str, pairs: Pairs) -> None:
        with self.transaction():
            self._insert_links(kind, pairs)

    def _insert_links(self, kind: str, pairs: Pairs) -> None:
        rows = [(min(a, b), max(a, b), kind, s) for a, b, s in pairs if a != b]
        if rows:
            self._executemany("INSERT INTO links VALUES (?,?,?,?) ON CONFLICT (a, b, kind) DO UPDATE "
                              "SET score=excluded.score", rows)

    # -- documents and files --------------------------------------------------------------------------------
    def files(self) -> dict[str, FileState]:
        rows = self._execute("SELECT path, abs_path, sha256, size, mtime, doc_id FROM files").fetchall()
        return {r[0]: FileState(*r) for r in rows}

    def doc_for_sha(self, sha256: str) -> str | None:
        row = self._execute("SELECT doc_id FROM files WHERE sha256=? LIMIT 1", (sha256,)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str) -> Document:
        row = self._execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id=?", (doc_id,)).fetchone()
        if not row:
            raise DocumentNotFound(f"document {doc_id} is not in the {self.NOUN}")
        return document_from_row(row)

    def documents(self, ids: Iterable[str] | None = None) -> dict[str, Document]:
        if ids is None:
            rows = self._execute(f"SELECT {DOC_COLUMNS} FROM documents").fetchall()
        else:
            rows = [r for part in slices(set(ids)) for r in self._execute(
                f"SELECT {DOC_COLUMNS} FROM documents WHERE id IN ({marks(part)})", part).fetchall()]
        return {r[0]: document_from_row(r) for r in rows}

    def doc_id_for_path(self, path: str) -> str:
        """Accept the path as given to ingest, as printed by search, or as an absolute path."""
        for query, arg in (("SELECT doc_id FROM files WHERE path=?", path),
                           ("SELECT doc_id FROM files WHERE abs_path=?", str(Path(path).expanduser().resolve()))):
            row = self._execute(query, (arg,)).fetchone()
            if row:
                return row[0]
        raise DocumentNotFound(f"{path!r} is not in the {self.NOUN}; `radar search` prints the paths it knows")

    def paths_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self._execute("SELECT path FROM files WHERE doc_id=? ORDER BY path", (doc_id,))]

    def document_paths(self) -> list[tuple[str, str, str, int]]:
        """(doc id, path, lang, text length) of every document."""
        return self._execute("SELECT id, path, lang, length(text) FROM documents").fetchall()

    def document_names(self) -> list[tuple[str, str, str, str]]:
        """(doc id, path, title, source) of every document: what names it, without its text."""
        return self._execute("SELECT id, path, title, source FROM documents").fetchall()

    # -- chunks ---------------------------------------------------------------------------------------------
    def chunks(self, rowids: Iterable[int]) -> dict[int, Chunk]:
        out: dict[int, Chunk] = {}
        for part in slices(int(r) for r in rowids):
            for r in self._execute(f"{_CHUNK} WHERE c.rowid IN ({marks(part)})", part):
                out[r[0]] = Chunk(id=r[1], doc_id=r[2], ordinal=r[3], char_start=r[4], char_end=r[5], page=r[6],
                                  section=r[7] or "", lang=r[8] or "", text=r[9])
        return out

    def chunk_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(rowid, doc_id, lang, text, source) of every chunk, in rowid order (for the lexical index)."""
        yield from self._execute(
            "SELECT c.rowid, c.doc_id, c.lang, substr(d.text, c.char_start + 1, c.char_end - c.char_start),"
            " d.source FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid")

    def keyword_rows(self, expression: Expression | None, stems: bool) -> Iterator[tuple[int, str, str, str]]:
        """(rowid, doc_id, lang, text) of the passages a keyword query may match, in rowid order: its full-text
        index narrows them down, `core.keyword.Matcher` decides."""
        where = self._keyword_where(expression, stems)
        sql, params = where if where is not None else ("1=1", [])
        yield from self._execute(
            "SELECT c.rowid, c.doc_id, c.lang, substr(d.text, c.char_start + 1, c.char_end - c.char_start)"
            f" FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE {sql} ORDER BY c.rowid", params)

    def chunk_docs(self) -> tuple[np.ndarray, list[str]]:
        rows = self._execute("SELECT rowid, doc_id FROM chunks ORDER BY rowid").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows]

    def chunk_hashes(self) -> dict[int, str]:
        return dict(self._execute("SELECT rowid, text_hash FROM chunks").fetchall())

    def chunk_doc_ids(self, rowids: Iterable[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for part in slices(int(r) for r in rowids):
            out.update(self._execute(f"SELECT rowid, doc_id FROM chunks WHERE rowid IN ({marks(part)})",
                                     part).fetchall())
        return out

    def chunk_langs(self) -> dict[int, str]:
        """rowid → language of every chunk."""
        return dict(self._execute("SELECT rowid, lang FROM chunks").fetchall())

    def filter_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(rowid, chunk lang, document date, doc_type, source) of every chunk, for search filters."""
        yield from self._execute(
            "SELECT c.rowid, c.lang, d.date, d.doc_type, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id")

    def vectors(self, dim: int, rowids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, vectors) in rowid order: all of them, or those asked for."""
        column = self.VECTOR_COLUMN
        if rowids is None:
            rows = self._execute(f"SELECT rowid, {column} FROM chunks ORDER BY rowid").fetchall()
        else:
            rows = [r for part in slices(sorted(int(r) for r in rowids)) for r in self._execute(
                f"SELECT rowid, {column} FROM chunks WHERE rowid IN ({marks(part)}) ORDER BY rowid", part)]
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        return ids, self._matrix([r[1] for r in rows], dim)

    def vectors_for_hashes(self, hashes: Iterable[str], dim: int) -> dict[str, np.ndarray]:
        """Vectors already computed for identical chunk texts: never embed the same text twice."""
        out: dict[str, np.ndarray] = {}
        for part in slices(set(hashes)):
            rows = self._execute(f"SELECT text_hash, {self.VECTOR_COLUMN} FROM chunks "
                                 f"WHERE text_hash IN ({marks(part)})", part).fetchall()
            for h, value in rows:
                if value is not None:
                    vec = self._matrix([value], -1)[0]
                    if vec.shape[0] == dim:
                        out[h] = vec
        return out

    def document_vectors(self, dim: int) -> tuple[list[str], np.ndarray]:
        """(doc ids, normalised mean of each document's chunk vectors)."""
        ids, mat = self._vector_sums(dim)
        mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
        return ids, mat

    def _vector_sums(self, dim: int) -> tuple[list[str], np.ndarray]:
        """(doc ids, a vector in the direction of the mean of each document's chunk vectors), by doc id. Here
        summed in Python; a backend that can average in SQL overrides it (PostgreSQL: avg over pgvector)."""
        rows = self._execute(f"SELECT doc_id, {self.VECTOR_COLUMN} FROM chunks ORDER BY doc_id").fetchall()
        ids: list[str] = []
        sums: list[np.ndarray] = []
        for doc_id, value in rows:
            if not ids or ids[-1] != doc_id:
                ids.append(doc_id)
                sums.append(np.zeros(dim, dtype=np.float32))
            sums[-1] = sums[-1] + self._matrix([value], dim)[0]
        return ids, np.array(sums, dtype=np.float32).reshape(-1, dim)

    # -- duplicates and versions ----------------------------------------------------------------------------
    def same_fingerprint(self, fp: str, exclude: str) -> list[str]:
        return [r[0] for r in self._execute("SELECT id FROM documents WHERE fingerprint=? AND id != ?",
                                            (fp, exclude))]

    def shingle_matches(self, shingles: Iterable[int], exclude: str) -> list[tuple[str, int, int]]:
        """(doc_id, shared, total) for documents sharing sampled shingles with the given set."""
        counts: dict[str, int] = {}
        for part in slices(set(shingles)):
            for doc_id, n in self._execute(f"SELECT doc_id, COUNT(*) FROM shingles WHERE h IN ({marks(part)}) "
                                           "AND doc_id != ? GROUP BY doc_id", (*part, exclude)):
                counts[doc_id] = counts.get(doc_id, 0) + n
        totals: dict[str, int] = {}
        for part in slices(counts):
            totals.update(self._execute(f"SELECT doc_id, COUNT(*) FROM shingles WHERE doc_id IN ({marks(part)}) "
                                        "GROUP BY doc_id", part).fetchall())
        return [(doc_id, shared, totals[doc_id]) for doc_id, shared in counts.items()]

    def links(self, kind: str | None = None) -> list[tuple[str, str, str, float]]:
        if kind:
            return self._execute("SELECT a, b, kind, score FROM links WHERE kind=?", (kind,)).fetchall()
        return self._execute("SELECT a, b, kind, score FROM links").fetchall()

    # -- the rest -------------------------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts for `radar ingest`'s summary and the app."""
        q = self._execute
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

    def close(self) -> None:
        self.db.close()


def document_from_row(row: tuple) -> Document:
    """A documents row (JSON as text in SQLite, already decoded from PostgreSQL's jsonb)."""
    def js(value, default):
        if value is None:
            return default
        return json.loads(value) if isinstance(value, str) else value

    return Document(id=row[0], path=row[1], title=row[2] or "", lang=row[3] or "", date=row[4] or "",
                    doc_type=row[5] or "", source=row[6] or "", metadata=js(row[7], {}), text=row[8],
                    pages=tuple(Page(*p) for p in js(row[9], [])),
                    sections=tuple(Section(*s) for s in js(row[10], [])), ocr=bool(row[11]))
