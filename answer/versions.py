"""The same passage in the cited document's official other-language version, aligned by position, length, figures
and cosine."""

from __future__ import annotations

import math

import numpy as np

from answer.framing import verified
from answer.reference import reference
from core.records import Citation, Document, Hit
from index.collection import Collection
from index.embedder import Embedder
from text.names import figures
from text.sentences import MAX_QUOTE, sentence_spans

VERSION_SPAN = 0.15  # share of the other version's text searched around the quote's relative position
VERSION_OPTIONS, VERSION_PAIRS = 4, 2  # its sentences (pairs for a longer quote) nearest that position compared
VERSION_MIN = 0.88  # cosine with the quote from which a version is shown
# down to this cosine, only if aligning the version back lands on the quote (a mutual best match). Read by eye:
# 5 of 5 such matches in 300 Chamber sentences were translations; 9 that failed the round trip were not shown.
VERSION_FLOOR = 0.85
LENGTH_MISFIT = 0.05  # per unit of |log length ratio| between the quote and a candidate translation
FIGURE_MISFIT = 0.01  # per figure ("6", "2019") in one of them but not the other


def version_quote(collection: Collection, cited: Citation, lang: str,
                  quote_vector: np.ndarray | None = None) -> Citation | None:
    """The same passage in the cited document's other-language version (Belgian texts come in French and
    Dutch), so a journalist can quote the official wording in either language."""
    doc = cited.hit.document
    quote_lang = cited.hit.chunk.lang or doc.lang
    others = collection.translations().get(doc.id, [])
    if not others:
        return None
    docs = collection.store.documents(set(others))
    versions = [d for d in docs.values() if d.lang and d.lang != quote_lang]
    if not versions:
        return None
    # the question's language first, then born-digital before scans
    version = min(versions, key=lambda d: (d.lang != lang, d.ocr, d.path))
    embedder = collection.embedder
    if quote_vector is None:
        quote_vector = embedder.encode_passages([cited.quote])[0]
    several = len(sentence_spans(doc.text, cited.char_start, cited.char_end)) > 1
    centre = (cited.char_start + cited.char_end) / 2 / max(len(doc.text), 1)
    found = aligned_span(embedder, cited.quote, quote_vector, several, centre, version)
    if found is None or found[1] < VERSION_FLOOR:
        return None
    span, cosine = found
    if cosine < VERSION_MIN and not _aligns_back(embedder, version, span, doc, (cited.char_start, cited.char_end)):
        return None
    start, end = span
    rows = collection.store.chunks(collection.doc_rowids().get(version.id, []))
    chunk = next((c for c in rows.values() if c.char_start <= start < c.char_end), None)
    if chunk is None:
        return None
    hit = Hit(chunk=chunk, document=version, score=cited.hit.score, also_in=())
    citation = Citation(cited.n + 1, hit, version.text[start:end], start, end, reference(version, chunk, span),
                        version_of=cited.n)
    return citation if verified(citation) else None


def aligned_span(embedder: Embedder, quote: str, quote_vector: np.ndarray, several: bool, centre: float,
                 version: Document) -> tuple[tuple[int, int], float] | None:
    """Where `quote` most likely stands in its translation `version`, with the cosine of the two.

    Candidates are the version's sentences (pairs too for a quote of several sentences) nearest the quote's
    relative position. A translation has about the quote's length and the same figures; cosine alone picks
    a neighbouring article that shares most words ("victims of trafficking" in Art. 6.5, 6.6 and 7.1)."""
    text = version.text
    reach = VERSION_SPAN * len(text) + len(quote)
    lo, hi = max(int(centre * len(text) - reach), 0), min(int(centre * len(text) + reach), len(text))
    spans = sentence_spans(text, lo, hi)
    near = lambda sp: abs((sp[0] + sp[1]) / 2 / len(text) - centre)  # noqa: E731
    options = sorted(spans, key=near)[:VERSION_OPTIONS]
    if several:
        pairs = [(a[0], b[1]) for a, b in zip(spans, spans[1:]) if b[1] - a[0] <= MAX_QUOTE]
        options += sorted(pairs, key=near)[:VERSION_PAIRS]
    if not options:
        return None
    sims = embedder.encode_passages([text[a:b] for a, b in options]) @ quote_vector
    given = set(figures(quote))
    fits = [float(sim) - LENGTH_MISFIT * abs(math.log((b - a) / max(len(quote), 1)))
            - FIGURE_MISFIT * len(given ^ set(figures(text[a:b]))) for (a, b), sim in zip(options, sims)]
    best = int(np.argmax(fits))
    return options[best], float(sims[best])


def _aligns_back(embedder: Embedder, version: Document, span: tuple[int, int], doc: Document,
                 quoted: tuple[int, int]) -> bool:
    """Does the version's passage, aligned back into the quoted document, land on the quote?"""
    text = version.text[span[0] : span[1]]
    back = aligned_span(embedder, text, embedder.encode_passages([text])[0],
                        len(sentence_spans(version.text, *span)) > 1, (span[0] + span[1]) / 2 / len(version.text), doc)
    return back is not None and back[0][0] < quoted[1] and quoted[0] < back[0][1]
