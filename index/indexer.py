"""Ingest orchestration: walk paths, skip unchanged files, load, embed in batches, store, link, index."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np

from core.errors import IngestError, RadarError
from core.records import Chunk, Document
from core.settings import Settings
from index.collection import Collection
from index.links import link_document, link_parallel_by_content, link_parallel_by_name
from index.ner import french_entities
from ingest.dedupe import fingerprint, shingles
from ingest.document import load_document
from ingest.files import read_regular, too_large
from ingest.given import Given, Manifest, given_for
from ingest.readers import ReadOptions
from ingest.uploads import save_upload
from ingest.walk import walk
from store.contract import FileState

Progress = Callable[[str, int, int], None]  # (stage, done, total)
EMBED_BATCH_CHUNKS = 256


@dataclass
class FileResult:
    path: str
    status: str  # added | updated | unchanged | duplicate | failed | removed
    detail: str = ""
    pages: int = 0
    chunks: int = 0
    ocr: bool = False
    seconds: float = 0.0


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


def embed_text(doc: Document, chunk: Chunk, passage_title: str = Settings.passage_title) -> str:
    """What the model sees: the document's title gives each passage its context, but a passage does not read its
    own opening twice. "unless-opening" drops a title the passage opens with (a plain page's title is its own first
    line: cross-lingual MRR@10 of the dense list 0.874 with it, 0.917 without, on XQuAD-R validation);
    "unless-repeated" also keeps only the label of a title "<label>: <subject>" whose subject opens the passage (a
    Chamber question's title ends with its first sentence). "always": indexes built before 2026-11-29."""
    if not doc.title:
        return chunk.text
    if passage_title != "always" and opens_with(chunk.text, doc.title):
        return chunk.text
    label, colon, subject = doc.title.partition(": ")
    if passage_title == "unless-repeated" and colon and opens_with(chunk.text, subject):
        return f"{label}\n{chunk.text}"
    return f"{doc.title}\n{chunk.text}"


def opens_with(text: str, title: str) -> bool:
    """Whether `text` begins with `title`, as metadata guessed it from a first line: markup (#, *, =) stripped, spaces
    collapsed, and a title cut at 160 characters (ending " …") compared up to the cut."""
    wanted = " ".join(title.removesuffix(" …").split()).casefold()
    head = " ".join(text[: len(title) * 2 + 40].split()).lstrip("#*= ").casefold()
    return bool(wanted) and head.startswith(wanted)


def finish(collection: Collection, changed: bool = True) -> None:
    """Language-version links and derived indexes, redone after any change and after a run that
    stopped before reaching them (the store remembers which generation they were made for)."""
    store = collection.store
    stale = store.get_meta("linked_generation") != str(store.generation)
    if changed or stale or collection.vectors.generation != store.generation:
        # One linker at a time: with two ingests at once, the last to link sees both's documents.
        with store.exclusive():
            link_parallel_by_name(store)
            link_parallel_by_content(store, collection.dim, collection.env.parallel_cosine)
            store.set_meta("linked_generation", str(store.generation))
        collection.sync_search()


def ingest_paths(collection: Collection, paths: list[str], prune: bool = False,
                 progress: Progress | None = None, follow_links: bool = False,
                 manifest: Manifest | None = None) -> IngestReport:
    """Add new and changed files, skip unchanged ones, optionally drop files that disappeared. A file's sidecar
    (`report.pdf.json`) or its row in `manifest` gives metadata that wins over what its text says."""
    started = time.time()
    run = _Run(collection, progress, manifest)
    candidates = list(walk(paths, follow_links))
    for n, (display, path, error) in enumerate(candidates, start=1):
        if progress:
            progress("reading", n, len(candidates))
        run.read(display, path, error)
    run.flush()
    if prune:
        run.prune()
    finish(collection, run.changed)
    run.report.seconds = time.time() - started
    run.report.stats = collection.store.stats()
    return run.report


def ingest_uploads(collection: Collection, uploads: list[tuple[str, bytes]],
                   progress: Progress | None = None) -> list[tuple[str, FileResult]]:
    """Files that arrive as (name, bytes), from the app: each saved under its own content-named folder of the
    collection's upload folder (`ingest.uploads.save_upload`: no upload overwrites another, the same bytes again
    are 'unchanged'), then ingested together. One result per upload, in order, under its uploaded name."""
    max_bytes = collection.env.max_file_bytes
    target = collection.upload_dir()
    saved: list[str | None] = []
    for name, data in uploads:
        saved.append(None if too_large(len(data), max_bytes) else str(save_upload(target, name, data)))
    paths = list(dict.fromkeys(p for p in saved if p))
    report = ingest_paths(collection, paths, progress=progress) if paths else IngestReport()
    by_path = {r.path: r for r in report.results}
    out, seen = [], set()
    for (name, data), path in zip(uploads, saved):
        if path is None:
            result = FileResult(name, "failed", too_large(len(data), max_bytes))
        elif path in seen:  # the same bytes twice in one batch: one document
            result = FileResult(path, "unchanged")
        else:
            result = by_path.get(path, FileResult(path, "failed", "not ingested"))
        seen.add(path)
        out.append((name, result))
    return out


class _Run:
    """One ingest run: files read one by one, embedded and stored in batches of EMBED_BATCH_CHUNKS chunks."""

    def __init__(self, collection: Collection, progress: Progress | None, manifest: Manifest | None = None) -> None:
        self.collection = collection
        self.manifest = manifest
        self.store = collection.store
        self.progress = progress
        self.report = IngestReport()
        self.known = self.store.files()
        self.pending: list[tuple[Document, list[Chunk], FileState, FileResult]] = []
        self.seen_paths: set[str] = set()
        self.changed = False
        self.options = ReadOptions.from_environment(collection.env)

    def read(self, display: str, path: Path | None, error: str) -> None:
        """Skip an unchanged file, record a duplicate, or load a document and queue it for embedding."""
        results = self.report.results
        if path is None:
            results.append(FileResult(display, "skipped" if error.startswith("skipped") else "failed", error))
            return
        self.seen_paths.add(display)
        t0 = time.time()
        try:
            data, stat = read_regular(path, self.options.max_bytes)
        except IngestError as exc:
            results.append(FileResult(display, "skipped" if str(exc).startswith("skipped") else "failed", str(exc)))
            return
        try:
            given = given_for(path, self.manifest)
        except IngestError as exc:
            results.append(FileResult(display, "failed", str(exc)))
            return
        content = hashlib.sha256(data).hexdigest()
        # a changed sidecar or manifest row makes the file changed; the same bytes are still the same document
        sha = content if given is None else hashlib.sha256(data + b"\0" + given.key().encode()).hexdigest()
        old = self.known.get(display)
        if old and old.sha256 == sha:
            results.append(FileResult(display, "unchanged"))
            return
        state = FileState(display, str(path.resolve()), sha, stat.st_size, stat.st_mtime, "")
        same = self._stored(content[:32]) or next((d.id for d, _, _, _ in self.pending if d.id == content[:32]), None)
        if same and old and old.doc_id == same:  # this path's own document, with new metadata: read it again
            same = None
        if same:
            self.flush()
            self.store.add_file(replace(state, doc_id=same))
            results.append(FileResult(display, "duplicate", f"identical to {self.store.document(same).path}"))
            self.changed = True
            return
        loaded = self._load(display, path, data, given)
        if loaded is None:
            return
        doc, chunks = loaded
        result = FileResult(display, "updated" if old else "added", pages=max(len(doc.pages), 1),
                            chunks=len(chunks), ocr=doc.ocr, seconds=time.time() - t0)
        results.append(result)
        self.pending.append((doc, chunks, replace(state, doc_id=doc.id), result))
        if sum(len(c) for _, c, _, _ in self.pending) >= EMBED_BATCH_CHUNKS:
            self.flush()

    def _stored(self, doc_id: str) -> str | None:
        """The id of a stored document with these bytes (a document's id is its bytes' hash, ingest.document, so a
        file stored with or without metadata of its own is found), asked of the files table: its text is not
        read."""
        return doc_id if self.store.paths_of(doc_id) else None

    def _load(self, display: str, path: Path, data: bytes, given: Given | None) -> tuple[Document, list[Chunk]] | None:
        settings = self.collection.settings
        try:
            return load_document(path, display, settings.chunk_size, settings.chunk_overlap, self.options, data,
                                 given)
        except IngestError as exc:
            self.report.results.append(FileResult(display, "failed", str(exc)))
        except RadarError:
            raise
        except Exception as exc:  # a reader bug must not stop the other files
            self.report.results.append(FileResult(display, "failed",
                                                  f"unexpected error: {exc.__class__.__name__}: {exc}"))
        return None

    def flush(self) -> None:
        """Embed the queued documents' chunks (reusing vectors of texts embedded before) and store them."""
        if not self.pending:
            return
        t0 = time.time()
        collection, progress = self.collection, self.progress
        texts = [embed_text(d, c, collection.settings.passage_title) for d, cs, _, _ in self.pending for c in cs]
        hashes = [hashlib.sha1(f"{collection.settings.model}\n{t}".encode()).hexdigest() for t in texts]
        reuse = self.store.vectors_for_hashes(hashes, collection.dim) if self.store.get_meta("dim") else {}
        todo = [i for i, h in enumerate(hashes) if h not in reuse]
        vecs = np.zeros((len(texts), collection.embedder.dim), dtype=np.float32)
        if todo:
            vecs[todo] = collection.embedder.encode_passages(
                [texts[i] for i in todo], progress=(lambda d, t: progress("embedding", d, t)) if progress else None)
        for i, h in enumerate(hashes):
            if h in reuse:
                vecs[i] = reuse[h]
        self.report.embed_seconds += time.time() - t0
        at = 0
        for doc, chunks, state, _result in self.pending:
            doc_vecs, doc_hashes = vecs[at : at + len(chunks)], hashes[at : at + len(chunks)]
            at += len(chunks)
            self.store.put_document(doc, chunks, doc_vecs, doc_hashes, state, fingerprint(doc.text),
                                    shingles(doc.text))
            link_document(self.store, doc)
            self.changed = True
        french = [doc.text for doc, _, _, _ in self.pending if doc.lang == "fr"]
        if french:  # the names index's French spans, read now so `radar names` and the app's name pages find them
            if progress:
                progress("names", 0, len(french))
            french_entities(french)
            if progress:
                progress("names", len(french), len(french))
        self.pending.clear()

    def prune(self) -> None:
        """Forget the files of earlier runs that no longer exist."""
        for path in sorted(set(self.known) - self.seen_paths):
            if not os.path.exists(self.known[path].abs_path):
                self.store.remove_path(path)
                self.report.results.append(FileResult(path, "removed", "file no longer exists"))
                self.changed = True
