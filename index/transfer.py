"""Moving a collection between stores: a portable folder of JSON lines and one vector matrix.

Export carries documents (text, metadata, pages, sections, file records), chunk offsets and their
vectors, and duplicate links, so `import` into either store never re-embeds. Language-version links
and the derived indexes are recomputed on import, as after an ingest.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from core.errors import RadarError
from core.records import Chunk, Document, Page, Section
from core.settings import Settings
from index.collection import Collection
from index.indexer import finish
from ingest.dedupe import fingerprint, shingles
from store.contract import FileState

FORMAT = "radar-export"
FORMAT_VERSION = 1
MANIFEST, DOCUMENTS, VECTORS = "radar-export.json", "documents.jsonl", "vectors.npy"
Progress = Callable[[str, int, int], None]


class ExportFormatError(RadarError):
    """A folder given to `radar import` is not a complete Radar export."""


@dataclass(frozen=True)
class TransferReport:
    documents: int
    chunks: int
    files: int
    seconds: float


def export_collection(collection: Collection, folder: Path, progress: Progress | None = None) -> TransferReport:
    """Write the collection to `folder` (which must not exist or be empty); written beside, then renamed."""
    started = time.time()
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise RadarError(f"{folder} is not empty: export into a new folder")
    store = collection.store
    by_doc = collection.doc_rowids()  # document id → its chunks' rowids
    files: dict[str, list[FileState]] = {}
    for state in store.files().values():
        files.setdefault(state.doc_id, []).append(state)
    hashes = store.chunk_hashes()
    doc_order = sorted(files)
    dim = collection.dim
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".radar-export-", dir=folder.parent))
    try:
        total = sum(len(by_doc.get(d, [])) for d in doc_order)
        matrix = np.lib.format.open_memmap(tmp / VECTORS, mode="w+", dtype=np.float32, shape=(total, dim))
        at = 0
        with open(tmp / DOCUMENTS, "w", encoding="utf-8") as out:
            for start in range(0, len(doc_order), 200):
                batch = doc_order[start : start + 200]
                docs = store.documents(batch)
                wanted = [r for d in batch for r in by_doc.get(d, [])]
                chunks = store.chunks(wanted)
                ids, vecs = store.vectors(dim, wanted)
                vec_of = dict(zip(ids.tolist(), range(len(ids))))
                for doc_id in batch:
                    doc = docs[doc_id]
                    mine = sorted((chunks[r] for r in by_doc.get(doc_id, [])), key=lambda c: c.ordinal)
                    rows = sorted(by_doc.get(doc_id, []), key=lambda r: chunks[r].ordinal)
                    for r in rows:
                        matrix[at] = vecs[vec_of[r]]
                        at += 1
                    record = {**_document_record(doc),
                              "files": [asdict(f) for f in sorted(files[doc_id], key=lambda f: f.path)],
                              "chunks": [{"id": c.id, "ordinal": c.ordinal, "char_start": c.char_start,
                                          "char_end": c.char_end, "page": c.page, "section": c.section,
                                          "lang": c.lang, "text_hash": hashes[r]} for c, r in zip(mine, rows)]}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                if progress:
                    progress("exporting", min(start + 200, len(doc_order)), len(doc_order))
        matrix.flush()
        del matrix
        links = [[a, b, kind, score] for a, b, kind, score in store.links()
                 if kind in ("duplicate", "near_duplicate")]
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "model": collection.settings.model, "dim": dim,
                    "settings": json.loads(collection.settings.to_json()), "documents": len(doc_order),
                    "chunks": total, "files": sum(len(v) for v in files.values()), "links": links,
                    "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes it private to this user
        if folder.exists():
            folder.rmdir()
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TransferReport(len(doc_order), total, manifest["files"], time.time() - started)


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportFormatError(f"{folder} is not a Radar export (no readable {MANIFEST}: {exc})") from exc
    if manifest.get("format") != FORMAT:
        raise ExportFormatError(f"{folder} is not a Radar export")
    if manifest.get("version") != FORMAT_VERSION:
        raise ExportFormatError(f"{folder} is a Radar export of format {manifest.get('version')}; this Radar "
                                f"reads format {FORMAT_VERSION}")
    return manifest


def import_collection(collection: Collection, folder: Path, progress: Progress | None = None) -> TransferReport:
    """Load an export into `collection` (opened with the export's model); checked before anything is written."""
    started = time.time()
    folder = Path(folder)
    manifest = read_manifest(folder)
    try:
        matrix = np.load(folder / VECTORS, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ExportFormatError(f"{folder / VECTORS} is unreadable: {exc}") from exc
    if matrix.ndim != 2 or matrix.shape != (manifest["chunks"], manifest["dim"]):
        raise ExportFormatError(f"{folder / VECTORS} holds {matrix.shape}, the manifest says "
                                f"{manifest['chunks']} × {manifest['dim']}: the export is incomplete")
    if collection.store.get_meta("dim") is None:
        collection.store.set_dim(manifest["dim"])
    elif int(collection.store.get_meta("dim")) != manifest["dim"]:
        raise ExportFormatError(f"the export has {manifest['dim']}-dimensional vectors, this collection "
                                f"{collection.store.get_meta('dim')}: import into a new collection")
    _adopt_passage_title(collection, manifest)
    records = list(_read_records(folder, manifest))  # all checked before the first write
    at = documents = chunks_n = files_n = 0
    for n, (doc, chunks, hashes, states) in enumerate(records, start=1):
        vecs = np.asarray(matrix[at : at + len(chunks)], dtype=np.float32)
        at += len(chunks)
        collection.store.put_document(doc, chunks, vecs, hashes, states[0], fingerprint(doc.text),
                                      shingles(doc.text))
        for state in states[1:]:
            collection.store.add_file(state)
        documents += 1
        chunks_n += len(chunks)
        files_n += len(states)
        if progress:
            progress("importing", n, len(records))
    by_kind: dict[str, list[tuple[str, str, float]]] = {}
    for a, b, kind, score in manifest.get("links", []):
        by_kind.setdefault(kind, []).append((a, b, score))
    for kind, pairs in by_kind.items():
        collection.store.add_links(kind, pairs)
    finish(collection)
    return TransferReport(documents, chunks_n, files_n, time.time() - started)


def _adopt_passage_title(collection: Collection, manifest: dict) -> None:
    """An empty collection takes the export's way of embedding a passage (`Settings.passage_title`), so that files
    ingested after the import are embedded like the imported ones; a collection that holds documents embedded
    the other way refuses the export."""
    exported = Settings.from_json(json.dumps(manifest.get("settings") or {})).passage_title
    if exported == collection.settings.passage_title:
        return
    if collection.store.stats()["documents"]:
        raise ExportFormatError(f"the export's passages were embedded with passage_title={exported!r}, this "
                                f"collection's with {collection.settings.passage_title!r}: import into a new "
                                "collection")
    collection.settings = replace(collection.settings, passage_title=exported)
    collection.store.set_meta("settings", collection.settings.to_json())


def _read_records(folder: Path, manifest: dict):
    """(document, chunks, embed-text hashes, file records) per line, with offsets checked."""
    total = 0
    try:
        lines = (folder / DOCUMENTS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportFormatError(f"{folder / DOCUMENTS} is unreadable: {exc}") from exc
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            rec = json.loads(line)
            doc = Document(id=rec["id"], path=rec["path"], text=rec["text"], title=rec["title"], lang=rec["lang"],
                           date=rec["date"], doc_type=rec["doc_type"], source=rec["source"],
                           metadata=rec["metadata"], pages=tuple(Page(*p) for p in rec["pages"]),
                           sections=tuple(Section(*s) for s in rec["sections"]), ocr=bool(rec["ocr"]))
            chunks = [Chunk(id=c["id"], doc_id=doc.id, ordinal=c["ordinal"], char_start=c["char_start"],
                            char_end=c["char_end"], text=doc.text[c["char_start"] : c["char_end"]], lang=c["lang"],
                            page=c["page"], section=c["section"]) for c in rec["chunks"]]
            hashes = [c["text_hash"] for c in rec["chunks"]]
            states = [FileState(**{**f, "doc_id": doc.id}) for f in rec["files"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise ExportFormatError(f"{folder / DOCUMENTS}, line {number}: not a Radar document record ({exc})") from exc
        if not states:
            raise ExportFormatError(f"{folder / DOCUMENTS}, line {number}: a document without a file path")
        if any(not 0 <= c.char_start < c.char_end <= len(doc.text) for c in chunks):
            raise ExportFormatError(f"{folder / DOCUMENTS}, line {number}: chunk offsets outside the text")
        total += len(chunks)
        out.append((doc, chunks, hashes, states))
    if len(out) != manifest["documents"] or total != manifest["chunks"]:
        raise ExportFormatError(f"{folder} holds {len(out)} documents / {total} chunks, the manifest says "
                                f"{manifest['documents']} / {manifest['chunks']}: the export is incomplete")
    return out


def _document_record(doc: Document) -> dict:
    return {"id": doc.id, "path": doc.path, "title": doc.title, "lang": doc.lang, "date": doc.date,
            "doc_type": doc.doc_type, "source": doc.source, "metadata": doc.metadata, "ocr": doc.ocr,
            "pages": [[p.number, p.char_start, p.char_end] for p in doc.pages],
            "sections": [[s.name, s.char_start, s.char_end] for s in doc.sections], "text": doc.text}
