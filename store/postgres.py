"""The server store: PostgreSQL with pgvector, one schema per named collection.

Vectors sit in a pgvector column under an HNSW index, and the lexical index is PostgreSQL full-text search
(the french, dutch and english configurations over accent-folded text, scored as BM25 in SQL), so a
server store has no derived files: every reader sees exactly what was committed. Each file's ingest is
one transaction, and every writing transaction first bumps the collection's generation row, which
serialises writers (two ingests at once) without ever blocking readers.
"""

from __future__ import annotations

import math
import re
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

import numpy as np

from core.errors import DocumentNotFound, IndexNotFound, RadarError, StoreCorrupt
from core.records import Chunk, Document
from core.settings import COLLECTION_NAME
from store.lexical import LexicalSearch
from store.sqlite import FileState, collection_stats, document_from_row
from text.normalise import fold
from text.tokens import words

SCHEMA_VERSION = 1
# Upgrades from version N to N + 1, run in one transaction when an older store is opened.
MIGRATIONS: dict[int, list[str]] = {}
TS_CONFIG = {"fr": "french", "nl": "dutch", "en": "english"}
BM25_K1, BM25_B = 1.2, 0.75  # as the embedded index (bm25s)
EXACT_FILTER_ROWS = 50_000  # filtered vector searches over fewer rows than this are exact


class StoreUnavailable(RadarError):
    """The database server cannot be reached or lacks what Radar needs."""


class ReadOnlyStore(RadarError):
    """The database role may read this collection but not change it."""


_SCHEMA = """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE documents (
    id text PRIMARY KEY, path text NOT NULL, title text, lang text, date text, doc_type text, source text,
    metadata jsonb, text text NOT NULL, pages jsonb, sections jsonb, ocr boolean, fingerprint text,
    added_at double precision);
CREATE INDEX documents_fp ON documents (fingerprint);
CREATE TABLE files (
    path text PRIMARY KEY, abs_path text NOT NULL, sha256 text NOT NULL, size bigint, mtime double precision,
    doc_id text NOT NULL REFERENCES documents (id));
CREATE INDEX files_doc ON files (doc_id);
CREATE INDEX files_abs ON files (abs_path);
CREATE INDEX files_sha ON files (sha256);
CREATE TABLE chunks (
    rowid bigserial PRIMARY KEY, id text NOT NULL, doc_id text NOT NULL REFERENCES documents (id),
    ordinal integer, char_start integer, char_end integer, page integer, section text, lang text,
    text_hash text, embedding vector, tsv tsvector, ntok integer);
CREATE INDEX chunks_doc ON chunks (doc_id);
CREATE INDEX chunks_hash ON chunks (text_hash);
-- BM25's inverted index, derived from tsv in the same transaction: term frequencies and chunk lengths of
-- each lexeme, so a query reads only the postings of its own terms.
CREATE TABLE postings (lexeme text NOT NULL, rowid bigint NOT NULL, tf integer NOT NULL, ntok integer NOT NULL);
CREATE INDEX postings_lexeme ON postings (lexeme) INCLUDE (rowid, tf, ntok);
CREATE INDEX postings_rowid ON postings (rowid);
CREATE TABLE lexemes (lexeme text PRIMARY KEY, df integer NOT NULL);
CREATE TABLE shingles (doc_id text NOT NULL, h bigint NOT NULL);
CREATE INDEX shingles_h ON shingles (h);
CREATE INDEX shingles_doc ON shingles (doc_id);
CREATE TABLE links (a text NOT NULL, b text NOT NULL, kind text NOT NULL, score double precision,
    PRIMARY KEY (a, b, kind));
"""

_DOC_COLUMNS = ("id, path, title, lang, date, doc_type, source, metadata, text, pages, sections, ocr, "
                "fingerprint, added_at")


def schema_name(collection: str) -> str:
    if not re.fullmatch(COLLECTION_NAME, collection or ""):
        raise RadarError(f"{collection!r} is not a collection name: use lower-case letters, digits and _ "
                         "(up to 40, starting with a letter)")
    return f"radar_{collection}"


class PgStore:
    """The same reads and writes as the folder store, on a PostgreSQL collection."""

    server = True

    def __init__(self, uri: str, collection: str = "default", create: bool = False) -> None:
        import psycopg

        self.uri = uri
        self.collection = collection
        self.schema = schema_name(collection)
        self.dir = None
        try:
            self.db = psycopg.connect(uri, autocommit=True)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL ({_redact(uri)}): {_first_line(exc)}") from exc
        self.role = self.db.execute("SELECT current_user").fetchone()[0]
        with self._errors():
            exists = self.db.execute("SELECT 1 FROM pg_namespace WHERE nspname=%s", (self.schema,)).fetchone()
            if not exists:
                if not create:
                    raise IndexNotFound(f"no Radar collection {collection!r} in this database; "
                                        f"run `radar ingest PATH --store ... --collection {collection}` first")
                self._create()
            elif not self.db.execute("SELECT has_schema_privilege(%s, 'USAGE')", (self.schema,)).fetchone()[0]:
                raise ReadOnlyStore(f"the database role {self.role!r} has no access to collection {collection!r}; "
                                    f"its owner can run `radar grant-read {self.role} --collection {collection}`")
            self.db.execute(f'SET search_path TO "{self.schema}", public')
            self._register_vector()
            self._check_version()

    # -- set-up -----------------------------------------------------------------------------------
    def _create(self) -> None:
        with self.db.transaction():
            # Two ingests creating one collection at once: the second waits, then finds it made.
            self.db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))
            if self.db.execute("SELECT 1 FROM pg_namespace WHERE nspname=%s", (self.schema,)).fetchone():
                return
            if not self.db.execute("SELECT 1 FROM pg_extension WHERE extname='vector'").fetchone():
                try:
                    with self.db.transaction():
                        self.db.execute("CREATE EXTENSION IF NOT EXISTS vector")
                except Exception as exc:
                    raise StoreUnavailable("the pgvector extension is not installed in this database and this "
                                           f"role cannot create it ({exc}); ask the database administrator to run "
                                           "CREATE EXTENSION vector") from exc
            self.db.execute(f'CREATE SCHEMA "{self.schema}"')
            self.db.execute(f'SET LOCAL search_path TO "{self.schema}", public')
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self.db.execute(statement)
            self.db.execute("INSERT INTO meta VALUES ('schema_version', %s), ('generation', '0')",
                            (str(SCHEMA_VERSION),))

    def _register_vector(self) -> None:
        from pgvector.psycopg import register_vector

        try:
            register_vector(self.db)
        except Exception as exc:  # psycopg.ProgrammingError: vector type not found
            raise StoreUnavailable(f"the pgvector extension is missing in this database ({exc})") from exc

    def _check_version(self) -> None:
        version = int(self.get_meta("schema_version") or 0)
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreCorrupt(f"collection {self.collection!r} has schema version {version}, newer than this "
                               f"Radar ({SCHEMA_VERSION}): upgrade Radar to read it")
        if any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
            raise StoreCorrupt(f"collection {self.collection!r} has schema version {version}, which this Radar "
                               f"({SCHEMA_VERSION}) cannot upgrade: export it with the Radar that built it, "
                               "then `radar import` it")
        with self.transaction():
            for v in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[v]:
                    self.db.execute(statement)
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ReadOnlyStore(f"the database role {self.role!r} may not change collection {self.collection!r} "
                                "(read-only access); ingest with a role that owns it") from exc
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"PostgreSQL connection lost: {_first_line(exc)}") from exc
        except psycopg.Error as exc:
            raise StoreUnavailable(f"PostgreSQL refused an operation on collection {self.collection!r}: "
                                   f"{_first_line(exc)}") from exc

    def _q(self, sql: str, params: tuple | list | None = None):
        with self._errors():
            return self.db.execute(sql, params)

    # -- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._q("SELECT value FROM meta WHERE key=%s", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._q("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value=EXCLUDED.value",
                    (key, value))

    def set_dim(self, dim: int) -> None:
        """The vector column gets its dimension (and its HNSW index) from the model, once."""
        with self.transaction():
            self.set_meta("dim", str(dim))
            self._q(f"ALTER TABLE chunks ALTER COLUMN embedding TYPE vector({int(dim)})")
            self._q("CREATE INDEX IF NOT EXISTS chunks_hnsw ON chunks USING hnsw (embedding vector_ip_ops)")

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # -- writing ----------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors(), self.db.transaction():
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """A transaction that no other `exclusive` one on this collection runs beside."""
        with self.transaction():
            self._q("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema + ":exclusive",))
            yield

    def _bump(self) -> None:
        self._q("UPDATE meta SET value = (value::bigint + 1)::text WHERE key='generation'")

    def put_document(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str],
                     state: FileState, fingerprint: str, shingles: Iterable[int]) -> None:
        from psycopg.types.json import Jsonb

        with self.transaction():
            self._bump()  # first: takes the writers' lock for this transaction
            self._remove_path(state.path)
            self._q(f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT (id) DO UPDATE SET path=EXCLUDED.path, title=EXCLUDED.title, lang=EXCLUDED.lang, "
                    "date=EXCLUDED.date, doc_type=EXCLUDED.doc_type, source=EXCLUDED.source, "
                    "metadata=EXCLUDED.metadata, text=EXCLUDED.text, pages=EXCLUDED.pages, "
                    "sections=EXCLUDED.sections, ocr=EXCLUDED.ocr, fingerprint=EXCLUDED.fingerprint",
                    (doc.id, doc.path, doc.title, doc.lang, doc.date, doc.doc_type, doc.source, Jsonb(doc.metadata),
                     doc.text, Jsonb([[p.number, p.char_start, p.char_end] for p in doc.pages]),
                     Jsonb([[s.name, s.char_start, s.char_end] for s in doc.sections]), doc.ocr, fingerprint,
                     time.time()))
            self._drop_chunks(doc.id)
            rows = [(c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang, h,
                     np.asarray(v, dtype=np.float32), TS_CONFIG.get(c.lang, "simple"),
                     fold(f"{doc.source}\n{c.text}").lower())
                    for c, v, h in zip(chunks, vectors, hashes)]
            with self._errors(), self.db.cursor() as cur:
                # Each passage is indexed with its document's source, as in the folder store.
                cur.executemany(
                    "INSERT INTO chunks (id, doc_id, ordinal, char_start, char_end, page, section, lang, text_hash,"
                    " embedding, tsv, ntok) SELECT %s,%s,%s,%s,%s,%s,%s,%s,%s,%s, v,"
                    " (SELECT coalesce(sum(cardinality(positions)), 0) FROM unnest(v))"
                    " FROM (SELECT to_tsvector(%s::regconfig, %s) AS v) t", rows)
                self._add_postings(doc.id)
                self._q("DELETE FROM shingles WHERE doc_id=%s", (doc.id,))
                cur.executemany("INSERT INTO shingles VALUES (%s, %s)", [(doc.id, h) for h in set(shingles)])
            self.add_file(state)

    def add_file(self, state: FileState) -> None:
        with self.transaction():
            self._bump()
            self._q("INSERT INTO files VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT (path) DO UPDATE SET "
                    "abs_path=EXCLUDED.abs_path, sha256=EXCLUDED.sha256, size=EXCLUDED.size, mtime=EXCLUDED.mtime,"
                    " doc_id=EXCLUDED.doc_id",
                    (state.path, state.abs_path, state.sha256, state.size, state.mtime, state.doc_id))

    def remove_path(self, path: str) -> None:
        with self.transaction():
            self._bump()
            self._remove_path(path)

    def _remove_path(self, path: str) -> None:
        row = self._q("SELECT doc_id FROM files WHERE path=%s", (path,)).fetchone()
        if not row:
            return
        self._q("DELETE FROM files WHERE path=%s", (path,))
        doc_id = row[0]
        others = self._q("SELECT path FROM files WHERE doc_id=%s ORDER BY path", (doc_id,)).fetchall()
        if others:  # an identical file still points at this document: keep it, under that path
            self._q("UPDATE documents SET path=%s WHERE id=%s", (others[0][0], doc_id))
        else:
            self._drop_chunks(doc_id)
            self._q("DELETE FROM shingles WHERE doc_id=%s", (doc_id,))
            self._q("DELETE FROM links WHERE a=%s OR b=%s", (doc_id, doc_id))
            self._q("DELETE FROM documents WHERE id=%s", (doc_id,))

    def _add_postings(self, doc_id: str) -> None:
        self._q("INSERT INTO postings SELECT u.lexeme, c.rowid, cardinality(u.positions), c.ntok "
                "FROM chunks c, unnest(c.tsv) u WHERE c.doc_id=%s", (doc_id,))
        self._q("INSERT INTO lexemes SELECT u.lexeme, count(*) FROM chunks c, unnest(c.tsv) u WHERE c.doc_id=%s "
                "GROUP BY u.lexeme ON CONFLICT (lexeme) DO UPDATE SET df = lexemes.df + EXCLUDED.df", (doc_id,))

    def _drop_chunks(self, doc_id: str) -> None:
        self._q("UPDATE lexemes l SET df = l.df - d.n FROM (SELECT u.lexeme, count(*) AS n FROM chunks c, "
                "unnest(c.tsv) u WHERE c.doc_id=%s GROUP BY u.lexeme) d WHERE l.lexeme = d.lexeme", (doc_id,))
        self._q("DELETE FROM lexemes WHERE df <= 0")
        self._q("DELETE FROM postings WHERE rowid IN (SELECT rowid FROM chunks WHERE doc_id=%s)", (doc_id,))
        self._q("DELETE FROM chunks WHERE doc_id=%s", (doc_id,))

    def set_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None:
        with self.transaction():
            self._bump()
            self._q("DELETE FROM links WHERE kind=%s", (kind,))
            self._insert_links(kind, pairs)

    def add_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None:
        with self.transaction():
            self._insert_links(kind, pairs)

    def _insert_links(self, kind: str, pairs: Iterable[tuple[str, str, float]]) -> None:
        rows = [(min(a, b), max(a, b), kind, s) for a, b, s in pairs if a != b]
        if rows:
            with self._errors(), self.db.cursor() as cur:
                cur.executemany("INSERT INTO links VALUES (%s,%s,%s,%s) ON CONFLICT (a, b, kind) DO UPDATE "
                                "SET score=EXCLUDED.score", rows)

    # -- reading ----------------------------------------------------------------------------------
    def files(self) -> dict[str, FileState]:
        rows = self._q("SELECT path, abs_path, sha256, size, mtime, doc_id FROM files").fetchall()
        return {r[0]: FileState(*r) for r in rows}

    def doc_for_sha(self, sha256: str) -> str | None:
        row = self._q("SELECT doc_id FROM files WHERE sha256=%s LIMIT 1", (sha256,)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str) -> Document:
        row = self._q(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=%s", (doc_id,)).fetchone()
        if not row:
            raise DocumentNotFound(f"document {doc_id} is not in the collection")
        return document_from_row(row)

    def documents(self, ids: Iterable[str] | None = None) -> dict[str, Document]:
        if ids is None:
            rows = self._q(f"SELECT {_DOC_COLUMNS} FROM documents").fetchall()
        else:
            rows = self._q(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ANY(%s)", (list(set(ids)),)).fetchall()
        return {r[0]: document_from_row(r) for r in rows}

    def doc_id_for_path(self, path: str) -> str:
        from pathlib import Path

        for query, arg in (("SELECT doc_id FROM files WHERE path=%s", path),
                           ("SELECT doc_id FROM files WHERE abs_path=%s", str(Path(path).expanduser().resolve()))):
            row = self._q(query, (arg,)).fetchone()
            if row:
                return row[0]
        raise DocumentNotFound(f"{path!r} is not in the collection; `radar search` prints the paths it knows")

    def paths_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self._q("SELECT path FROM files WHERE doc_id=%s ORDER BY path", (doc_id,))]

    def chunks(self, rowids: Iterable[int]) -> dict[int, Chunk]:
        q = ("SELECT c.rowid, c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang,"
             " substr(d.text, c.char_start + 1, c.char_end - c.char_start) FROM chunks c JOIN documents d"
             " ON d.id = c.doc_id WHERE c.rowid = ANY(%s)")
        return {r[0]: Chunk(id=r[1], doc_id=r[2], ordinal=r[3], char_start=r[4], char_end=r[5], page=r[6],
                            section=r[7] or "", lang=r[8] or "", text=r[9])
                for r in self._q(q, ([int(r) for r in rowids],))}

    def chunk_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        q = ("SELECT c.rowid, c.doc_id, c.lang, substr(d.text, c.char_start + 1, c.char_end - c.char_start),"
             " d.source FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid")
        yield from self._q(q)

    def chunk_docs(self) -> tuple[np.ndarray, list[str]]:
        rows = self._q("SELECT rowid, doc_id FROM chunks ORDER BY rowid").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows]

    def vectors(self, dim: int, rowids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        if rowids is None:
            rows = self._q("SELECT rowid, embedding FROM chunks ORDER BY rowid").fetchall()
        else:
            rows = self._q("SELECT rowid, embedding FROM chunks WHERE rowid = ANY(%s) ORDER BY rowid",
                           ([int(r) for r in rowids],)).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        mat = np.array([_vec(r[1]) for r in rows], dtype=np.float32).reshape(-1, dim)
        return ids, mat

    def chunk_hashes(self) -> dict[int, str]:
        return dict(self._q("SELECT rowid, text_hash FROM chunks").fetchall())

    def chunk_doc_ids(self, rowids: Iterable[int]) -> dict[int, str]:
        return dict(self._q("SELECT rowid, doc_id FROM chunks WHERE rowid = ANY(%s)",
                            ([int(r) for r in rowids],)).fetchall())

    def vectors_for_hashes(self, hashes: Iterable[str], dim: int) -> dict[str, np.ndarray]:
        rows = self._q("SELECT DISTINCT ON (text_hash) text_hash, embedding FROM chunks WHERE text_hash = ANY(%s)",
                       (list(set(hashes)),)).fetchall()
        vecs = {h: _vec(v) for h, v in rows if v is not None}
        return {h: v for h, v in vecs.items() if len(v) == dim}

    def chunk_langs(self) -> dict[int, str]:
        return dict(self._q("SELECT rowid, lang FROM chunks").fetchall())

    def filter_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        yield from self._q("SELECT c.rowid, c.lang, d.date, d.doc_type, d.source FROM chunks c "
                           "JOIN documents d ON d.id = c.doc_id")

    def same_fingerprint(self, fp: str, exclude: str) -> list[str]:
        return [r[0] for r in self._q("SELECT id FROM documents WHERE fingerprint=%s AND id != %s", (fp, exclude))]

    def document_paths(self) -> list[tuple[str, str, str, int]]:
        return self._q("SELECT id, path, lang, length(text) FROM documents").fetchall()

    def document_vectors(self, dim: int) -> tuple[list[str], np.ndarray]:
        rows = self._q("SELECT doc_id, avg(embedding) FROM chunks GROUP BY doc_id ORDER BY doc_id").fetchall()
        mat = np.array([_vec(r[1]) for r in rows], dtype=np.float32).reshape(-1, dim)
        mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
        return [r[0] for r in rows], mat

    def links(self, kind: str | None = None) -> list[tuple[str, str, str, float]]:
        if kind:
            return self._q("SELECT a, b, kind, score FROM links WHERE kind=%s", (kind,)).fetchall()
        return self._q("SELECT a, b, kind, score FROM links").fetchall()

    def shingle_matches(self, shingles: Iterable[int], exclude: str) -> list[tuple[str, int, int]]:
        hs = list(set(shingles))
        if not hs:
            return []
        return self._q("SELECT m.doc_id, m.n, (SELECT count(*) FROM shingles t WHERE t.doc_id = m.doc_id) FROM "
                       "(SELECT doc_id, count(*) AS n FROM shingles WHERE h = ANY(%s) AND doc_id != %s "
                       "GROUP BY doc_id) m", (hs, exclude)).fetchall()

    def size_bytes(self) -> int:
        row = self._q("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname=%s AND c.relkind='r'",
                      (self.schema,)).fetchone()
        return int(row[0])

    def stats(self) -> dict:
        return collection_stats(self._q)

    # -- access -----------------------------------------------------------------------------------
    def grant_read(self, role: str) -> None:
        """Let an existing PostgreSQL role search this collection without being able to change it."""
        from psycopg import sql

        with self.transaction():
            ident = sql.Identifier(role)
            schema = sql.Identifier(self.schema)
            self.db.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, ident))
            self.db.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, ident))

    # -- search ------------------------------------------------------------------------------------
    def vector_index(self) -> "PgVectorIndex":
        return PgVectorIndex(self, self.generation)

    def lexical_index(self) -> "PgLexicalIndex":
        return PgLexicalIndex(self, self.generation)

    def close(self) -> None:
        self.db.close()


class PgVectorIndex:
    """pgvector HNSW search (inner product on normalised vectors), keyed by chunk rowid."""

    kind = "hnsw"

    def __init__(self, store: PgStore, generation: int) -> None:
        self.store = store
        self.generation = generation

    @property
    def size(self) -> int:
        return int(self.store._q("SELECT count(*) FROM chunks").fetchone()[0])

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if allowed is not None and len(allowed) == 0:
            return []
        vec = np.asarray(query, dtype=np.float32).ravel()
        with self.store.transaction():
            # HNSW returns at most ef_search rows; a filter may need iterative scanning past the first ones.
            self.store._q(f"SET LOCAL hnsw.ef_search = {int(min(max(2 * k, 100), 1000))}")
            if allowed is None:
                rows = self.store._q("SELECT rowid, -(embedding <#> %s) FROM chunks ORDER BY embedding <#> %s "
                                     "LIMIT %s", (vec, vec, k)).fetchall()
            elif len(allowed) <= EXACT_FILTER_ROWS:  # a filtered subset: exact, like the folder store
                rows = self.store._q("WITH s AS MATERIALIZED (SELECT rowid, embedding <#> %s AS d FROM chunks "
                                     "WHERE rowid = ANY(%s)) SELECT rowid, -d FROM s ORDER BY d LIMIT %s",
                                     (vec, [int(a) for a in allowed], k)).fetchall()
            else:  # a broad filter: the HNSW index, scanning on until k rows pass it
                self.store._q("SET LOCAL hnsw.iterative_scan = strict_order")
                rows = self.store._q("SELECT rowid, -(embedding <#> %s) FROM chunks WHERE rowid = ANY(%s) "
                                     "ORDER BY embedding <#> %s LIMIT %s",
                                     (vec, [int(a) for a in allowed], vec, k)).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def search_many(self, queries: np.ndarray, k: int,
                    allowed: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        return [self.search(q, k, allowed) for q in queries]


class PgLexicalIndex(LexicalSearch):
    """BM25 over PostgreSQL full-text vectors (per-language Snowball configurations, accents folded)."""

    def __init__(self, store: PgStore, generation: int) -> None:
        self.store = store
        self.generation = generation
        self._stats: tuple[int, float] | None = None
        self._vocab: set[str] | None = None

    def _corpus(self) -> tuple[int, float]:
        """Chunk count and mean length (once per generation)."""
        if self._stats is None:
            n, avgdl = self.store._q("SELECT count(*), coalesce(avg(ntok), 1) FROM chunks").fetchone()
            self._stats = (int(n), float(avgdl) or 1.0)
        return self._stats

    @property
    def vocab(self) -> set[str]:
        """Every lexeme of the collection (for fuzzy matching of OCR-damaged words)."""
        if self._vocab is None:
            self._vocab = {r[0] for r in self.store._q("SELECT lexeme FROM lexemes")}
        return self._vocab

    def word_forms(self, text: str) -> list[tuple[str, ...]]:
        """Each word's lexemes under the three configurations, after Radar's own word split (elisions,
        stopwords of all three languages), as in the folder store."""
        rows = self.store._q("SELECT w.i, array_agg(DISTINCT u.lexeme) FROM unnest(%s::text[]) WITH ORDINALITY "
                             "w(word, i), unnest(%s::regconfig[]) cfg, unnest(to_tsvector(cfg, w.word)) u "
                             "GROUP BY w.i ORDER BY w.i", ([fold(w) for w in words(text)], list(TS_CONFIG.values())))
        return [tuple(r[1]) for r in rows]

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None,
               weights: dict[str, float] | None = None) -> list[tuple[int, float]]:
        n, avgdl = self._corpus()
        df = dict(self.store._q("SELECT lexeme, df FROM lexemes WHERE lexeme = ANY(%s)",
                                (list(dict.fromkeys(terms)),)).fetchall())
        known = [t for t in dict.fromkeys(terms) if t in df]
        if not known or k <= 0:
            return []
        w = [(weights or {}).get(t, 1.0) * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in known]
        where = " WHERE p.rowid = ANY(%s)" if allowed is not None else ""
        params: list = [known, w] + ([[int(a) for a in allowed]] if allowed is not None else []) + [k]
        rows = self.store._q(
            "SELECT p.rowid, sum(q.w * p.tf / (p.tf + %s * (1 - %s + %s * p.ntok / %s))) AS score"
            " FROM unnest(%s::text[], %s::float8[]) AS q(term, w) JOIN postings p ON p.lexeme = q.term"
            f"{where} GROUP BY p.rowid ORDER BY score DESC, p.rowid LIMIT %s",
            [BM25_K1, BM25_B, BM25_B, avgdl, *params]).fetchall()
        return [(int(r), float(s)) for r, s in rows]


def _vec(value) -> np.ndarray:
    """pgvector values come back as numpy arrays or as `Vector` objects depending on the query."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else exc.__class__.__name__


def _redact(uri: str) -> str:
    """The URI without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", uri)
