"""Pasteable references built from document metadata, in the document's own language."""

from __future__ import annotations

from core.records import Chunk, Document


def _dmy(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def _surname(person: str) -> str:
    """'Rudi Vervoort, Ministre-Président ...' → 'Vervoort'; 'Mathias Vanden Borre' → 'Vanden Borre'."""
    name = person.split(",")[0].strip()
    words = name.split()
    if len(words) >= 3 and words[-2][:1].isupper() and words[-2].lower() in {"vanden", "van", "de", "der", "den",
                                                                              "le", "la", "du", "des"}:
        return " ".join(words[-2:])
    if len(words) >= 3 and words[-3].lower() in {"van", "de"}:
        return " ".join(words[-3:])
    return words[-1] if words else ""


def from_question_part(doc: Document, chunk: Chunk | None) -> bool:
    """Does the passage stand in the question part of a written question (what a member of parliament wrote, not
    the answer)?"""
    return doc.doc_type == "written_question" and chunk is not None and chunk.section == "question"


def reference(doc: Document, chunk: Chunk | None = None, span: tuple[int, int] | None = None) -> str:
    """e.g. 'Parlement bruxellois, question écrite n°1200 (Vanden Borre à Vervoort), réponse du 08/01/2024, p. 2'.

    With the quote's `span`, a quote running on over a page break cites both pages ('pp. 3–4')."""
    m = doc.metadata
    nl = doc.lang == "nl"
    en = doc.lang == "en"
    page = f", p. {chunk.page}" if chunk is not None and chunk.page else ""
    touched = [p.number for p in doc.pages if span and p.char_start < span[1] and span[0] < p.char_end]
    if len(touched) > 1:
        page = f", pp. {touched[0]}–{touched[-1]}"
    if doc.doc_type == "written_question" and "question_number" in m and "author" in m:
        who = ""
        if m.get("author") and m.get("addressee"):
            who = f" ({_surname(m['author'])} {'aan' if nl else 'to' if en else 'à'} {_surname(m['addressee'])})"
        label = "schriftelijke vraag nr." if nl else "written question no." if en else "question écrite n°"
        parts = [f"{m.get('parliament', doc.source)}, {label}{'' if label.endswith('°') else ' '}{m['question_number']}{who}"]
        answered = m.get("date_answered")
        if answered and not from_question_part(doc, chunk):
            parts.append(f"{'antwoord van' if nl else 'answer of' if en else 'réponse du'} {_dmy(answered)}")
        elif m.get("date_received"):
            parts.append(f"{'ontvangen op' if nl else 'received' if en else 'reçue le'} {_dmy(m['date_received'])}")
        return ", ".join(parts) + page
    if doc.doc_type == "written_question" and "question_id" in m:
        label = "schriftelijke vraag" if nl else "written question" if en else "question écrite"
        session = "zitting" if nl else "session"
        return f"{m.get('parliament', doc.source)}, {label} {m['question_id']} ({session} {m.get('session', doc.date)})"
    title = doc.title if len(doc.title) <= 120 else doc.title[:117].rsplit(" ", 1)[0] + "…"
    quote_open, quote_close = ("“", "”") if nl or en else ("« ", " »")
    parts = [p for p in (doc.source, f"{quote_open}{title}{quote_close}", _dmy(doc.date) if doc.date else "n.d.") if p]
    return ", ".join(parts) + page


CHAMBER_DATA = "http://data.dekamer.be/v0/qrva/"  # the Chamber's open data: one page per written question


def official_link(doc: Document) -> str:
    """Where the document stands officially: the Chamber's page for a written question (built from its id), or
    the address its metadata gives (a sidecar's `url`); "" when unknown."""
    m = doc.metadata
    if m.get("url"):
        return str(m["url"])
    if doc.doc_type == "written_question" and m.get("question_id"):
        return CHAMBER_DATA + str(m["question_id"])
    return ""
