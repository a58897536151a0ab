"""JSON shapes shared by the CLI, the app and the evaluation."""

from __future__ import annotations

from typing import Any

from radar.records import Document, Hit


def hit_json(hit: Hit) -> dict[str, Any]:
    c, d = hit.chunk, hit.document
    return {"path": d.path, "title": d.title, "lang": c.lang or d.lang, "date": d.date, "doc_type": d.doc_type,
            "page": c.page, "section": c.section, "char_start": c.char_start, "char_end": c.char_end,
            "text": c.text, "score": hit.score, "also_in": list(hit.also_in)}


def document_json(doc: Document, paths: list[str]) -> dict[str, Any]:
    return {"path": doc.path, "paths": paths, "id": doc.id, "title": doc.title, "lang": doc.lang,
            "date": doc.date, "doc_type": doc.doc_type, "source": doc.source, "ocr": doc.ocr,
            "metadata": doc.metadata,
            "pages": [{"page": p.number, "char_start": p.char_start, "char_end": p.char_end} for p in doc.pages],
            "sections": [{"name": s.name, "char_start": s.char_start, "char_end": s.char_end} for s in doc.sections],
            "text": doc.text}
