"""JSON shapes shared by the CLI, the app and the evaluation."""

from __future__ import annotations

import json
import re
from typing import Any

from answer.reference import official_link
from core.records import Answer, Document, Hit
from index.keyword import KeywordResult
from index.screening import Screened


def hit_json(hit: Hit) -> dict[str, Any]:
    c, d = hit.chunk, hit.document
    return {"path": d.path, "title": d.title, "lang": c.lang or d.lang, "date": d.date, "doc_type": d.doc_type,
            "source": d.source, "link": official_link(d),
            "page": c.page, "section": c.section, "char_start": c.char_start, "char_end": c.char_end,
            "text": c.text, "score": hit.score, "relevance": hit.relevance, "also_in": list(hit.also_in)}


def keyword_json(result: KeywordResult) -> dict[str, Any]:
    """A keyword search: true totals and counts, then every matching passage with where its words occur."""
    return {"query": result.query.text, "mode": "keyword", "total_passages": result.total_passages,
            "total_documents": result.total_documents, "occurrences": result.occurrences,
            "counts": {"document": result.by_document, "year": result.by_year, "language": result.by_language,
                       "source": result.by_source},
            "undated_left_out": result.undated_left_out,
            "results": [{**hit_json(h.hit), "matches": [list(s) for s in h.spans],
                         "matched": h.matched()} for h in result.hits]}


def screen_json(results: list[Screened]) -> dict[str, Any]:
    """Each name with its hits (exact ones first), and how many names were found."""
    return {"names": [{"name": r.name, "found": bool(r.hits),
                       "hits": [{"path": h.document.path, "title": h.document.title, "date": h.document.date,
                                 "matched": h.matched, "exact": h.exact, "score": h.score, "char_start": h.start,
                                 "char_end": h.end, "text": h.sentence()} for h in r.hits]} for r in results],
            "summary": {"names": len(results), "with_hits": sum(bool(r.hits) for r in results),
                        "without_hits": sum(not r.hits for r in results)}}


def document_summary(doc: Document) -> dict[str, Any]:
    """A document as a list of them shows it (a name's page, a watch-list's news): where it is and what it is."""
    return {"path": doc.path, "title": doc.title, "date": doc.date, "lang": doc.lang, "doc_type": doc.doc_type,
            "source": doc.source}


def document_line(doc: Document) -> str:
    """The same on one line of a terminal."""
    return f"  {doc.date or 'undated'} · {one_line(doc.title[:90])} — {one_line(doc.path)}"


def document_json(doc: Document, paths: list[str]) -> dict[str, Any]:
    return {"path": doc.path, "paths": paths, "id": doc.id, "title": doc.title, "lang": doc.lang,
            "date": doc.date, "doc_type": doc.doc_type, "source": doc.source, "ocr": doc.ocr,
            "metadata": doc.metadata,
            "pages": [{"page": p.number, "char_start": p.char_start, "char_end": p.char_end} for p in doc.pages],
            "sections": [{"name": s.name, "char_start": s.char_start, "char_end": s.char_end} for s in doc.sections],
            "text": doc.text}


def answer_json(answer: Answer) -> dict[str, Any]:
    return {"question": answer.question, "lang": answer.lang, "kind": answer.kind, "answer": answer.text,
            "refused": answer.refused, "note": answer.note, "answerability": answer.answerability,
            "citations": [{"n": c.n, "path": c.hit.document.path, "title": c.hit.document.title,
                           "lang": c.hit.chunk.lang or c.hit.document.lang, "date": c.hit.document.date,
                           "doc_type": c.hit.document.doc_type, "page": c.hit.chunk.page,
                           "section": c.hit.chunk.section, "char_start": c.char_start, "char_end": c.char_end,
                           "quote": c.quote, "reference": c.reference, "version_of": c.version_of or None,
                           "relevance": c.hit.relevance, "also_in": list(c.hit.also_in), "source": c.hit.document.source,
                           "link": official_link(c.hit.document),
                           "metadata": {k: v for k, v in c.hit.document.metadata.items()
                                        if k in ("question_id", "question_number", "author", "addressee", "url")}}
                          for c in answer.citations],
            "passages": [hit_json(h) for h in answer.passages]}


# Characters a terminal acts on (C0/C1 controls: ESC starts colour, title and clipboard sequences) and the
# bidirectional overrides that make a file name read backwards. Document text and file names are untrusted.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A file name or title on one line: its newlines and tabs shown as \\n and \\t (a name holding a newline
    could otherwise print a fake "FAILED …" line of its own)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def printable(text: str) -> str:
    """Text safe to print on a terminal: newlines and tabs kept, other control characters shown as \\xNN."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                       text)


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON as the CLI prints it: UTF-8 text, with the characters of `printable` as \\u escapes (still JSON)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
