"""The server store: PostgreSQL with pgvector, one schema per named collection.

Vectors sit in a pgvector column under an HNSW index, and the lexical index is PostgreSQL full-text search
(the french, dutch and english configurations over accent-folded text, scored as BM25 in SQL), so a
server store has no derived files: every reader sees exactly what was committed. Each file's ingest is
one transaction, and every writing transaction first bumps the collection's generation row, which
serialises writers (two ingests at once) without ever blocking readers.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from core.errors import IndexNotFound, RadarError, StoreCorrupt
from core.keyword import Expression, indexed_stems, indexed_words
from core.records import Chunk, Document
from core.settings import check_collection_name
from store.keyword_sql import tsquery
from store.pg_search import TS_CONFIG, PgLexicalIndex, PgVectorIndex, vector_value
from store.sql import SqlStore
from text.normalise import fold

SCHEMA_VERSION = 2
# Upgrades from version N to N + 1, run in one transaction when an older store is opened: SQL statements, or a
# function of the store for what SQL alone cannot compute.
MIGRATIONS: dict[int, list] = {
    1: ["ALTER TABLE chunks ADD COLUMN IF NOT EXISTS kw tsvector",
        "CREATE INDEX IF NOT EXISTS chunks_kw ON chunks USING gin (kw)",
        lambda store: store._fill_keyword_column()],
}
# Keyword search's index: a passage's words without accents (weight A) and its stems (weight B), as
# core.keyword.indexed_words/indexed_stems write them, under the 'simple' configuration (no stemming, no stopwords).
_KW = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"


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
    text_hash text, embedding vector, tsv tsvector, ntok integer, kw tsvector);
CREATE INDEX chunks_doc ON chunks (doc_id);
CREATE INDEX chunks_kw ON chunks USING gin (kw);
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



def schema_name(collection: str) -> str:
    return f"radar_{check_collection_name(collection)}"


class PgStore(SqlStore):
    """The same reads and writes as the folder store, on a PostgreSQL collection."""

    VECTOR_COLUMN = "embedding"
    NOUN = "collection"

    def __init__(self, uri: str, collection: str = "default", create: bool = False) -> None:
        import psycopg

        self.uri = uri
        self.collection = collection
        self.schema = schema_name(collection)
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
            self.check_meta(f"collection {collection!r}")
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
                    statement(self) if callable(statement) else self.db.execute(statement)
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

    # -- SqlStore's backend members --------------------------------------------------------------------------
    def _execute(self, sql: str, params: tuple | list = ()) -> Any:
        with self._errors():
            return self.db.execute(sql.replace("?", "%s"), params or None)

    def _executemany(self, sql: str, rows: list) -> None:
        if rows:
            with self._errors(), self.db.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors(), self.db.transaction():
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """A transaction that no other `exclusive` one on this collection runs beside."""
        with self.transaction():
            self._execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema + ":exclusive",))
            yield

    def _insert_chunks(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, hashes: list[str]) -> None:
        """Each passage with its vector, and its words (with its document's source, as in the folder store) as a
        full-text vector in its language's configuration; then the postings BM25 reads."""
        rows = [(c.id, c.doc_id, c.ordinal, c.char_start, c.char_end, c.page, c.section, c.lang, h,
                 np.asarray(v, dtype=np.float32), TS_CONFIG.get(c.lang, "simple"),
                 fold(f"{doc.source}\n{c.text}").lower(), indexed_words(c.text), indexed_stems(c.text, c.lang))
                for c, v, h in zip(chunks, vectors, hashes)]
        self._executemany(
            "INSERT INTO chunks (id, doc_id, ordinal, char_start, char_end, page, section, lang, text_hash,"
            " embedding, tsv, ntok, kw) SELECT %s,%s,%s,%s,%s,%s,%s,%s,%s,%s, v,"
            f" (SELECT coalesce(sum(cardinality(positions)), 0) FROM unnest(v)), {_KW}"
            " FROM (SELECT to_tsvector(%s::regconfig, %s) AS v) t", [r[:10] + r[12:] + r[10:12] for r in rows])
        self._execute("INSERT INTO postings SELECT u.lexeme, c.rowid, cardinality(u.positions), c.ntok "
                      "FROM chunks c, unnest(c.tsv) u WHERE c.doc_id=%s", (doc.id,))
        self._execute("INSERT INTO lexemes SELECT u.lexeme, count(*) FROM chunks c, unnest(c.tsv) u WHERE c.doc_id=%s "
                      "GROUP BY u.lexeme ON CONFLICT (lexeme) DO UPDATE SET df = lexemes.df + EXCLUDED.df", (doc.id,))

    def _delete_chunks(self, doc_id: str) -> None:
        self._execute("UPDATE lexemes l SET df = l.df - d.n FROM (SELECT u.lexeme, count(*) AS n FROM chunks c, "
                      "unnest(c.tsv) u WHERE c.doc_id=%s GROUP BY u.lexeme) d WHERE l.lexeme = d.lexeme", (doc_id,))
        self._execute("DELETE FROM lexemes WHERE df <= 0")
        self._execute("DELETE FROM postings WHERE rowid IN (SELECT rowid FROM chunks WHERE doc_id=%s)", (doc_id,))
        self._execute("DELETE FROM chunks WHERE doc_id=%s", (doc_id,))

    def _keyword_where(self, expression: Expression | None, stems: bool) -> tuple[str, list] | None:
        query = tsquery(expression, stems)
        return None if query is None else ("c.kw @@ to_tsquery('simple', %s)", [query])

    def _fill_keyword_column(self) -> None:
        """A collection made before keyword search: its passages' words and stems, computed here once."""
        rows = [(indexed_words(text), indexed_stems(text, lang or ""), rowid)
                for rowid, _doc, lang, text, _source in self.chunk_rows()]
        self._executemany(f"UPDATE chunks SET kw = {_KW} WHERE rowid = %s", rows)

    def _json(self, value: Any) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(value)

    def _matrix(self, values: list, dim: int) -> np.ndarray:
        if not values:
            return np.zeros((0, max(dim, 0)), dtype=np.float32)
        return np.array([vector_value(v) for v in values], dtype=np.float32)

    def _vector_sums(self, dim: int) -> tuple[list[str], np.ndarray]:
        """Averaged in the database: one row per document comes back, not every chunk's vector."""
        rows = self._execute("SELECT doc_id, avg(embedding) FROM chunks GROUP BY doc_id ORDER BY doc_id").fetchall()
        return [r[0] for r in rows], np.array([vector_value(r[1]) for r in rows], dtype=np.float32).reshape(-1, dim)

    def set_dim(self, dim: int) -> None:
        """The vector column gets its dimension (and its HNSW index) from the model, once."""
        with self.transaction():
            self.set_meta("dim", str(dim))
            self._execute(f"ALTER TABLE chunks ALTER COLUMN embedding TYPE vector({int(dim)})")
            self._execute("CREATE INDEX IF NOT EXISTS chunks_hnsw ON chunks USING hnsw (embedding vector_ip_ops)")

    def owner(self) -> str:
        return self.role

    # -- search: in SQL, nothing derived to keep in line ----------------------------------------------------
    def vector_search(self, dim: int) -> PgVectorIndex:
        return PgVectorIndex(self, self.generation)

    def lexical_search(self) -> PgLexicalIndex:
        return PgLexicalIndex(self, self.generation)

    def sync_search(self, dim: int) -> None:
        """The database keeps its own indexes current."""

    # -- the rest -------------------------------------------------------------------------------------------
    def upload_dir(self, uploads: Path) -> Path:
        """Files added through the app: a server store has no folder, so under `uploads`, per collection."""
        return uploads / self.collection

    def grant_read(self, role: str) -> None:
        """Let an existing PostgreSQL role search this collection without being able to change it."""
        from psycopg import sql

        with self.transaction():
            ident = sql.Identifier(role)
            schema = sql.Identifier(self.schema)
            self.db.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, ident))
            self.db.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, ident))

    def size_bytes(self) -> int:
        row = self._execute("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname=%s AND c.relkind='r'",
                            (self.schema,)).fetchone()
        return int(row[0])


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else exc.__class__.__name__


def _redact(uri: str) -> str:
    """The URI without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", uri)
