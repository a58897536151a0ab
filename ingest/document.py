"""One file → one cleaned Document and its Chunks (the ingest stage's single entry point)."""

from __future__ import annotations

from pathlib import Path

from core.errors import IngestError
from core.records import Chunk, Document, Page
from ingest.chunking import chunk_id, make_chunks
from ingest.clean import clean_text
from ingest.given import Given
from ingest.metadata import extract_metadata
from ingest.readers import ReadOptions, read_file
from text.language import detect_language, detect_languages, language_from_filename

PAGE_SEPARATOR = "\n\n"


def load_document(path: Path, display_path: str, chunk_size: int = 1000, chunk_overlap: int = 150,
                  options: ReadOptions = ReadOptions(), data: bytes | None = None,
                  given: Given | None = None) -> tuple[Document, list[Chunk]]:
    """Read, clean, attribute and chunk one file (`data`: its bytes, already read; `given`: its sidecar's or
    manifest's metadata, which wins over what the text says). Raises IngestError with a one-line reason."""
    raw = read_file(path, options, data)
    parts, pages, cursor = [], [], 0
    for number, page_text in enumerate(raw.pages, start=1):
        cleaned = clean_text(page_text, reflow=raw.reflow)
        if parts:
            cursor += len(PAGE_SEPARATOR)
        parts.append(cleaned)
        pages.append(Page(number, cursor, cursor + len(cleaned)))
        cursor += len(cleaned)
    text = PAGE_SEPARATOR.join(parts)
    if sum(ch.isalnum() for ch in text) < 3:
        what = "no readable text (OCR found nothing)" if raw.ocr_pages else "no readable text"
        raise IngestError(what)
    lang = detect_language(text, default=language_from_filename(path.name))
    meta = extract_metadata(text, path, lang, raw.title_hint)
    if given is not None:
        meta.title, meta.date = given.title or meta.title, given.date or meta.date
        meta.source, meta.doc_type = given.source or meta.source, given.doc_type or meta.doc_type
        meta.extra.update(given.extra())
    doc_id = raw.sha256[:32]
    page_records = tuple(pages) if raw.fmt == "pdf" else ()
    spans = make_chunks(doc_id, text, page_records, tuple(meta.sections), chunk_size, chunk_overlap)
    whole = len(spans) == 1 and spans[0][1] - spans[0][0] == len(text)  # one chunk: the document's language
    langs = [lang] if whole else detect_languages([text[s:e] for s, e, _, _ in spans], default=lang)
    chunks = [Chunk(id=chunk_id(doc_id, s, text[s:e]), doc_id=doc_id, ordinal=i, char_start=s, char_end=e,
                    text=text[s:e], lang=chunk_lang, page=page, section=section)
              for i, ((s, e, page, section), chunk_lang) in enumerate(zip(spans, langs))]
    chunk_langs = sorted({c.lang for c in chunks if c.lang})
    extra = dict(meta.extra)
    extra.update(format=raw.fmt, languages=chunk_langs, sha256=raw.sha256)
    if raw.ocr_pages:
        extra["ocr_pages"] = raw.ocr_pages
    document = Document(id=doc_id, path=display_path, text=text, title=meta.title, lang=lang, date=meta.date,
                        doc_type=meta.doc_type, source=meta.source, metadata=extra, pages=page_records,
                        sections=tuple(meta.sections), ocr=bool(raw.ocr_pages))
    return document, chunks
