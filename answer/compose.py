"""The default answer path, no language model: pick the sentences that answer, quote them, cite them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from answer.question import (
    asked_kind,
    attributed_to,
    figures,
    holds_kind,
    is_question,
    new_figure,
    question_language,
    question_parts,
    salient_terms,
    squashed,
)
from answer.reference import from_question_part, reference
from core.filters import Filters
from core.records import Answer, Citation, Document, Hit
from index.collection import Collection
from index.embedder import Embedder
from index.search import search
from index.thesaurus import expand
from text.dates import YEAR
from text.sentences import MAX_QUOTE, runs_on, sentence_spans
from text.tokens import query_tokens, tokens

PASSAGES = 5  # passages whose sentences compete
# Sentences embedded per question, after a cheap pre-ranking. Embedding all of them (~28) was most of `ask`
# (~120 of 150 ms at 20k chunks); 15 gave the same answers on the dev sets (12 lost one, 18 gained none).
SENTENCES = 15
SHOWN = 5  # passages returned beside the answer
SPARE = 3  # passages searched beyond those, to stand in for passages of titles only
# Passages of one document (its copies and versions included) among them, against 2 in a search result list: a
# long document holds its answer beyond its two best passages (dev: first citation 0.850 → 0.867, none lost).
PER_DOC = 3
SOURCE_PASSAGES = 3  # passages of the source a question cites, read besides (see cited_source_passages)
# Weights tuned on the 60 answerable dev questions (shared + radar/dev_questions.tsv) by grid search.
LEXICAL_WEIGHT = 0.05
KIND_BONUS = 0.04
FIGURE_BONUS = 0.03  # a "how many" sentence that gives a figure the question does not already state
# Per rank of the passage's document among the passages' documents: the fused search ranking is the stronger
# signal between documents, but within one it says little ("Article 7 / Status of victims …" outranked the passage
# holding Article 6.6 on compensation by its heading alone).
RANK_PENALTY = 0.04
PRE_RANK = 2.5  # weight of the passage prior against lexical overlap when choosing the sentences to embed
MARGIN = 0.02  # a second quote must score within this of the first (for a question: keywords get the best three)
# ... or say the same as the first in another document, however it ranks: two documents that agree are shown with
# their dates, not one picked silently. e5 puts translations at 0.88-0.93 and near-identical wordings above 0.95;
# on the 80 dev questions this adds one quote (two Myria pages: "Myria heeft sinds 1995 de opdracht …").
AGREEMENT = 0.95
# Of the statements that agree, the most recently dated document's is quoted first: the same words on an older page
# are its earlier state (Myria's older "rol" page words its mission nearer a Dutch question than its 2019 landing
# page, whose French version was the gold answer). Dev: one first citation and one quote gained, none lost.
# per name or number of the question that a passage lacks while another top passage has it ("Borealis",
# "2018"): the sentence answering a question about Borealis stands in a passage that names it.
SALIENT_PENALTY = 0.1
# when the question names who says it ("according to Payoke"), for a passage of a document from someone else
# (a Chamber answer that mentions Payoke) while a top passage comes from that source
SOURCE_PENALTY = 0.2
# Per name or year of the question that the passage's document does not carry in its source, title, file name or
# date while another passage's does: "Myria's 2019 annual report" is myria_rapport_2019, not Myria's landing page.
# Dev: 0.03 and 0.04 gain that one first citation, 0.05 loses a quote elsewhere.
ORIGIN_PENALTY = 0.03
OCR_PENALTY = 0.02  # between a scan and a born-digital copy of the same words, quote the clean one
QUESTION_PENALTY = 0.03  # a sentence that restates a question is not its answer
HEADING_PENALTY = 0.08  # nor does a title ("GRETA Third Evaluation Report on Belgium") answer it
VERSION_SPAN = 0.15  # share of the other version's text searched around the quote's relative position
VERSION_OPTIONS, VERSION_PAIRS = 4, 2  # its sentences (pairs for a longer quote) nearest that position compared
VERSION_MIN = 0.88  # cosine with the quote from which a version is shown
# down to this cosine, only if aligning the version back lands on the quote (a mutual best match). Read by eye:
# 5 of 5 such matches in 300 Chamber sentences were translations; 9 that failed the round trip were not shown.
VERSION_FLOOR = 0.85
LENGTH_MISFIT = 0.05  # per unit of |log length ratio| between the quote and a candidate translation
FIGURE_MISFIT = 0.01  # per figure ("6", "2019") in one of them but not the other
# Refusal, calibrated on the dev questions with and without answers (radar eval --answers): evidence is
# weak when the best sentence's support (dense + 0.1 × lexical) is low, or when the question's names and
# numbers do not stand together in the answer's passage and the support is not high. 0.845 → 0.84 with the int8
# encoder: at 0.845 it refused 3 of 42 answerable Radar-set questions. With names required together in one
# passage: 2 of 60 answerable and 17 of 20 unanswerable refused (scattered over five passages: 2 and 15). The
# names are read in the passage the best answer comes from, not in whichever passage holds most: "the mayor of
# Liège … in 2024" was answered from a passage with 2024 only (18 of 20 refused; none answerable lost).
MIN_SUPPORT = 0.84
SALIENT_SUPPORT = 0.88
# added to the support of a sentence in another language than the question's: e5 scores a question against the
# best sentence of the same text's other-language version 0.034 lower on average (median 0.033, 21 dev questions
# with gold in two languages). Without it an English question over French- or Dutch-only answers was refused at
# 0.825-0.834 (2 of 10 held-out Chamber questions); no dev refusal changes. Not for SALIENT_SUPPORT: a question's
# name missing from the answer's passage is not excused by its language.
CROSS_LINGUAL = 0.03

_LANG_NAMES = {
    "fr": {"fr": "en français", "nl": "en néerlandais", "en": "en anglais"},
    "nl": {"fr": "in het Frans", "nl": "in het Nederlands", "en": "in het Engels"},
    "en": {"fr": "in French", "nl": "in Dutch", "en": "in English"},
}
_FRAME = {"fr": "Selon {src} [{n}] : « {quote} » ({lang})", "nl": "Volgens {src} [{n}]: “{quote}” ({lang})",
          "en": "According to {src} [{n}]: “{quote}” ({lang})"}
_ASKED = {"fr": "la question écrite", "nl": "de schriftelijke vraag", "en": "the written question"}
_VERSION = {"fr": "Le même passage {lang} [{n}] : « {quote} »", "nl": "Dezelfde passage {lang} [{n}]: “{quote}”",
            "en": "The same passage {lang} [{n}]: “{quote}”"}
_REFUSAL = {
    "fr": "Le corpus ne répond pas clairement à cette question. Voici les passages les plus proches.",
    "nl": "Het corpus beantwoordt deze vraag niet duidelijk. Dit zijn de meest verwante passages.",
    "en": "The corpus does not clearly answer this question. Here are the nearest passages.",
}
_NOTHING = {"fr": "Aucun passage ne correspond (vérifiez les filtres).",
            "nl": "Geen enkele passage komt overeen (controleer de filters).",
            "en": "No passage matches (check the filters)."}


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    rank: int
    start: int
    end: int
    dense: float
    lexical: float
    kind: bool
    score: float
    vector: np.ndarray | None = None  # the sentence's embedding, reused to find its other-language version


def answer_passages(hits: list[Hit], asks_question: bool) -> list[Hit]:
    """The passages whose sentences compete. For a question, a passage of titles only (a title page, "Article 7 /
    Status of victims …" cut from its text) is passed over: it holds no answer and would take an answer's place."""
    if not asks_question:
        return hits[:PASSAGES]
    stating = [hit for hit in hits if any(not _heading_at(hit.document.text, s, e) for s, e in passage_sentences(hit))]
    return stating[:PASSAGES] or hits[:PASSAGES]


def cited_source_passages(collection: Collection, question: str, hits: list[Hit],
                          filters: Filters | None) -> list[Hit]:
    """The best passages of the source a question cites ("… according to Payoke?"), read besides the others:
    the one that answers may rank below other documents' passages on the same topic."""
    speaker = attributed_to(question)
    if not speaker or (filters and filters.source):
        return []
    seen = {hit.chunk.id for hit in hits[:PASSAGES + SPARE]}
    own = search(collection, question, k=SOURCE_PASSAGES, filters=replace(filters or Filters(), source=speaker),
                 per_doc=SOURCE_PASSAGES)
    return [hit for hit in own if hit.chunk.id not in seen]


def sentence_candidates(hits: list[Hit]) -> list[tuple[Hit, int, int, int]]:
    """(hit, passage rank, start, end) for the sentences of the given passages."""
    return [(hit, rank, s, e) for rank, hit in enumerate(hits) for s, e in passage_sentences(hit)]


def passage_sentences(hit: Hit) -> list[tuple[int, int]]:
    """The passage's sentences as document offsets, extended to whole sentences, a list with its header."""
    text, c = hit.document.text, hit.chunk
    joins = page_joins(hit.document)
    lo, hi = _bounds(hit, joins)
    start = _sentence_start(text, c.char_start, lo, joins)
    end = _sentence_end(text, c.char_end, hi, joins)
    return _with_lists(text, sentence_spans(text, start, end, joins))


def _with_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that announces a list ("… de nouveaux partenaires essentiels :") is quoted with the
    items that follow it, up to the quote limit: the items are the answer."""
    out = []
    for i, (s, e) in enumerate(spans):
        j = i
        while text[s:e].rstrip().endswith(":") or (j > i and _is_item(text, spans[j][0])):
            if j + 1 >= len(spans) or spans[j + 1][1] - s > MAX_QUOTE:
                break
            j += 1
            e = spans[j][1]
            if not (j + 1 < len(spans) and _is_item(text, spans[j + 1][0])):
                break
        out.append((s, e))
    return out


def _is_item(text: str, start: int) -> bool:
    return text[start : start + 1] in "-•–*" or bool(re.match(r"\d{1,2}[.)]\s", text[start : start + 4]))


def _bounds(hit: Hit, joins: frozenset[int] = frozenset()) -> tuple[int, int]:
    """Never extend a passage across its section, nor across its page unless a sentence runs on over the
    page break (quoted with both pages in its reference)."""
    doc = hit.document
    lo, hi = 0, len(doc.text)
    for span in doc.sections:
        if span.char_start <= hit.chunk.char_start < span.char_end:
            lo, hi = max(lo, span.char_start), min(hi, span.char_end)
    pages = list(doc.pages)
    for i, span in enumerate(pages):
        if span.char_start <= hit.chunk.char_start < span.char_end:
            first = pages[i - 1].char_start if i > 0 and pages[i - 1].char_end in joins else span.char_start
            last = pages[i + 1].char_end if i + 1 < len(pages) and span.char_end in joins else span.char_end
            lo, hi = max(lo, first), min(hi, last)
    return lo, hi


def page_joins(doc: Document) -> frozenset[int]:
    """Offsets of the page breaks a sentence runs on over."""
    text, pages = doc.text, doc.pages
    return frozenset(a.char_end for a, b in zip(pages, pages[1:])
                     if runs_on(text[a.char_start : a.char_end], text[b.char_start : b.char_start + 3]))


def _sentence_start(text: str, start: int, lo: int, joins: frozenset[int] = frozenset()) -> int:
    run_on = [j for j in joins if lo < j <= start and not text[j:start].strip()]
    if run_on:  # the passage opens a page mid-sentence: the sentence starts on the page before
        start = run_on[0]
    window = text[max(lo, start - 300) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    if start == lo or (start > 0 and text[start - 1] in "\n"):
        return start
    return max(lo, start - len(window) + cut + 1) if cut >= 0 else start


def _sentence_end(text: str, end: int, hi: int, joins: frozenset[int] = frozenset()) -> int:
    if end >= hi or text[end - 1 : end] in {".", "?", "!"} or (text[end - 1 : end] == "\n" and end - 1 not in joins):
        return end
    window = text[end : min(hi, end + MAX_QUOTE)]  # a sentence ends within a quote's length or is cut later
    breaks = [i for i, ch in enumerate(window) if ch == "\n" and not any(j <= end + i < j + 3 for j in joins)]
    cuts = [i for i in (window.find(". "), window.find("? "), breaks[0] if breaks else -1) if i >= 0]
    return end + min(cuts) + 1 if cuts else end


def score_sentences(collection: Collection, question: str, hits: list[Hit],
                    missing: list[int] | None = None, ranking: Sequence[Hit] = ()) -> list[Candidate]:
    """Every sentence of the passages `hits` (see `answer_passages`), best answer first; `missing` and `ranking` as
    in `passage_priors`."""
    cands = sentence_candidates(hits)
    if not cands:
        return []
    kind = asked_kind(question)
    prior = passage_priors(question, hits, missing, ranking)
    base = set(query_tokens(question))
    wider = base | set(query_tokens(" ; ".join(expand(question))))
    cheap = []
    for hit, rank, s, e in cands:
        words = set(tokens(hit.document.text[s:e], hit.chunk.lang or hit.document.lang))
        lexical = (len(words & base) + 0.5 * len(words & (wider - base))) / max(len(base), 1)
        cheap.append((hit, rank, s, e, lexical, holds_kind(hit.document.text[s:e], kind, question) if kind else False))
    if len(cheap) > SENTENCES:  # embed only the likeliest: the question's words, the asked-for fact, good passages
        cheap = sorted(cheap, key=lambda c: min(c[4], 1.0) + PRE_RANK * prior[id(c[0])] + (0.2 if c[5] else 0.0),
                       reverse=True)[:SENTENCES]
    asks_question = is_question(question)  # keywords ("Myria annual report 2019") may be after a title
    qvec = collection.embedder.encode_queries([question])[0]
    vectors = collection.embedder.encode_passages([c[0].document.text[c[2]:c[3]] for c in cheap])
    dense = vectors @ qvec
    best = float(dense.max())
    out = []
    for (hit, rank, s, e, lexical, has_kind), d, vector in zip(cheap, dense, vectors):
        asks = hit.document.text[s:e].rstrip().endswith("?")  # a question restated is not an answer
        figure = kind == "number" and new_figure(hit.document.text[s:e], question)
        score = float(d) - best + LEXICAL_WEIGHT * min(lexical, 1.0) + (KIND_BONUS if has_kind else 0.0) \
            + (FIGURE_BONUS if figure else 0.0) + prior[id(hit)] - (QUESTION_PENALTY if asks else 0.0) \
            - (HEADING_PENALTY if asks_question and _heading_at(hit.document.text, s, e) else 0.0)
        out.append(Candidate(hit, rank, s, e, float(d), lexical, has_kind, score, vector))
    return sorted(out, key=lambda c: c.score, reverse=True)


def passage_priors(question: str, hits: list[Hit], missing: list[int] | None = None,
                   ranking: Sequence[Hit] = ()) -> dict[int, float]:
    """What a sentence's passage says of it before its words are read (≤ 0, by id of the hit): its document's
    search rank (by its first place in `ranking`, the search's hits, when given: a document whose best passage is
    a title page, not read, keeps its place), a scan rather than a clean copy, names or numbers of the question it
    lacks that another top passage holds (`missing`, per hit: computed here unless given), and a document not
    from the source the question cites."""
    forms = salient_forms(question)
    missing = missing if missing is not None else [missing_in(forms, hit) for hit in hits]
    speaker = squashed(attributed_to(question))
    by = [bool(speaker) and speaker in _origin(hit.document) for hit in hits]
    named = [sum(any(f in _origin(hit.document, dated=True) for f in options) for options in forms) for hit in hits]
    present = {hit.document.id for hit in hits}
    documents = [d for d in dict.fromkeys(hit.document.id for hit in [*ranking, *hits]) if d in present]
    return {id(hit): -RANK_PENALTY * documents.index(hit.document.id) - (OCR_PENALTY if hit.document.ocr else 0.0)
            - SALIENT_PENALTY * (missing[rank] - min(missing)) - (SOURCE_PENALTY if any(by) and not by[rank] else 0.0)
            - ORIGIN_PENALTY * (max(named) - named[rank])
            for rank, hit in enumerate(hits)}


def _heading_at(text: str, start: int, end: int) -> bool:
    return is_heading(text[start:end], cut_off=not text[end:].strip())


def is_heading(sentence: str, cut_off: bool = False) -> bool:
    """A title or a list header rather than a statement: without a sentence's closing stop (a closing bracket is
    none: "Rudi Vervoort, Ministre-Président … (question n°1200)"), in capitals, or a bare "Art." reference line.
    A label with its items ("Nos valeurs: Egalité, Transparence, Engagement") is a statement, and so is a long
    sentence that ends the document without a stop (`cut_off`): an excerpt cut short, where a long title line
    ("Protocol to Prevent, … Organized Crime") has text after it."""
    text = sentence.strip()
    words = text.split()
    if re.search(r":\s*[^,]+(?:,[^,]+){2,}$", text):
        return False
    if not text.endswith((".", "!", "?", "»", "”", '"')) and \
            (len(words) <= 12 or not (cut_off or text.endswith((",", ";", ":")))):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return True
    return len(words) <= 8 and text.endswith(("Art.", "art.", "p.", "n°."))


def ask(collection: Collection, question: str, filters: Filters | None = None, chat_model=None) -> Answer:
    """Answer with 1–3 verbatim quotes and numbered citations, or refuse and show the nearest passages.

    With `chat_model` (a LangChain chat model) the model writes the answer from the passages and
    `answer.llm.check` keeps only what cites them faithfully; without one, quotes are extracted.
    """
    lang = question_language(question)
    hits = search(collection, question, k=max(SHOWN, PASSAGES) + SPARE, filters=filters, per_doc=PER_DOC)
    if not hits:
        return Answer(question, lang, _NOTHING[lang], (), True, (), note="no passage")
    asks_question = is_question(question)  # keywords: titles may answer, and the best three statements are quoted
    pool = answer_passages(hits, asks_question) + cited_source_passages(collection, question, hits, filters)
    if chat_model is not None:
        from answer.llm import llm_answer

        checked = llm_answer(chat_model, question, lang, pool)
        citations = tuple(c for c in checked.citations if verified(c))
        if citations and checked.text:
            note = f"{len(checked.removed)} unsupported sentence(s) removed" if checked.removed else ""
            return Answer(question, lang, checked.text, citations, False, tuple(hits[:SHOWN]), note=note)
    forms = salient_forms(question)
    missing = [missing_in(forms, hit) for hit in pool]  # read by the ranking and by the refusal
    ranked = score_sentences(collection, question, pool, missing, hits)
    if not ranked or refuse(ranked, missing[ranked[0].rank], lang):  # rank: the answer's passage in pool
        return Answer(question, lang, _REFUSAL[lang], (), True, tuple(hits[:SHOWN]), note="weak evidence")
    chosen = [ranked[0]]
    group, _ = collection.groups()
    for cand in part_answers(collection, question, ranked):  # each part of a compound question answered
        if not any(_overlaps(cand, c) or _same_group(cand, c, group) for c in chosen):
            chosen.append(cand)
    kind = asked_kind(question)
    for cand in ranked[1:]:
        if len(chosen) >= 3:
            break
        agrees = _agrees(cand, ranked[0])
        # keywords ask for no one fact: the best three statements (not titles) are shown
        close = cand.score >= ranked[0].score - MARGIN or \
            not asks_question and not _heading_at(cand.hit.document.text, cand.start, cand.end)
        if not (close or agrees) or any(_overlaps(cand, c) for c in chosen):
            continue
        # a copy or translation of a chosen document adds nothing (its version is shown below); another sentence
        # of the same document scoring as well is shown rather than guessed away, and so is another document,
        # which may agree or disagree
        if not any(_same_group(cand, c, group) for c in chosen) and (not kind or cand.kind):
            chosen.append(cand)
    chosen = _newest_first(chosen)
    citations: list[Citation] = []
    for cand in chosen:
        quote = cand.hit.document.text[cand.start : cand.end]
        citation = Citation(len(citations) + 1, cand.hit, quote, cand.start, cand.end,
                            reference(cand.hit.document, cand.hit.chunk, (cand.start, cand.end)))
        if verified(citation):
            citations.append(citation)
    if not citations:
        return Answer(question, lang, _REFUSAL[lang], (), True, tuple(hits[:SHOWN]), note="no verifiable quote")
    version = version_quote(collection, citations[0], lang, chosen[0].vector)
    if version is not None:  # the official other-language wording, right after the quote it translates
        citations = [citations[0], version, *(replace(c, n=c.n + 1) for c in citations[1:])]
    text = "\n".join(frame(lang, c) for c in citations)
    return Answer(question, lang, text, tuple(citations), False, tuple(hits[:SHOWN]))


def part_answers(collection: Collection, question: str, ranked: list[Candidate]) -> list[Candidate]:
    """For a compound question, the best sentence for each part ("Qu'est-ce qu'un loverboy" | "comment recrute-t-il
    ses victimes ?"): read as one question, the first part's sentences win and the second part goes unanswered.
    A part's score is the sentence's with its cosine to that part in place of its cosine to the whole question."""
    parts = question_parts(question)
    if len(parts) < 2:
        return []
    vectors = collection.embedder.encode_queries(parts)
    return [max(ranked, key=lambda c: c.score - c.dense + float(c.vector @ vector)) for vector in vectors]


def _agrees(cand: Candidate, best: Candidate) -> bool:
    """Does `cand` make the statement `best` makes, in another document? A title states nothing, so agrees with
    nothing ("Cellule interdépartementale de coordination et plans d'action …" is not "La Cellule … est l'instance
    de coordination nationale")."""
    return cand.hit.document.id != best.hit.document.id and float(cand.vector @ best.vector) >= AGREEMENT and \
        not _heading_at(cand.hit.document.text, cand.start, cand.end)


def _newest_first(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen quotes, with the most recently dated of those agreeing with the first put first (AGREEMENT)."""
    def date(c: Candidate) -> str:
        return (c.hit.document.date or "")[:10]

    agreeing = [c for c in chosen[1:] if _agrees(c, chosen[0])]
    newest = max(agreeing, key=date, default=None)
    if newest is None or date(newest) <= date(chosen[0]):
        return chosen
    return [newest, *(c for c in chosen if c is not newest)]


def _same_group(a: Candidate, b: Candidate, group: dict[str, str]) -> bool:
    """Are the two candidates from two documents of one group (copies, near-duplicates or language versions)?"""
    x, y = a.hit.document.id, b.hit.document.id
    return x != y and group.get(x, x) == group.get(y, y)


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


def refuse(ranked: list[Candidate], missing: int, lang: str = "") -> bool:
    """Weak evidence: low support (a sentence in another language than the question's, `lang`, is given
    CROSS_LINGUAL), or `missing` names/numbers of the question lacking from the best answer's passage (an answer
    holds them together: "Gand" in one passage and "2022" in another answer nothing) and the support not high."""
    supports = [(c.dense + 0.1 * min(c.lexical, 1.0), lang and (c.hit.chunk.lang or c.hit.document.lang) != lang)
                for c in ranked]
    support = max(s for s, _ in supports)
    allowed = max(s + (CROSS_LINGUAL if other else 0.0) for s, other in supports)
    return allowed < MIN_SUPPORT or (missing > 0 and support < SALIENT_SUPPORT)


def salient_forms(question: str) -> list[list[str]]:
    """Per name or number of the question, the folded prefixes that find it in a passage: its own, its
    thesaurus equivalents' and, for a several-word name, each capitalised word's."""
    return [[squashed(f)[: max(4, len(squashed(f)) - 2)] for f in [term, *expand(term)] + _name_words(term)]
            for term in salient_terms(question)]


def missing_in(forms: list[list[str]], hit: Hit) -> int:
    """How many of the question's names/numbers the passage lacks. A passage's year or place may stand in its
    document's title, date or file name rather than in it."""
    if not forms:
        return 0
    text = squashed(" ".join((hit.chunk.text, hit.document.title or "", hit.document.date or "",
                              hit.document.path.rsplit("/", 1)[-1])))
    lacking = [options for options in forms if not any(f in text for f in options)]
    if lacking:  # a year anywhere in its document dates the passage (read only when something is lacking)
        years = set(YEAR.findall(hit.document.text))
        lacking = [options for options in lacking if not any(f in years for f in options)]
    return len(lacking)


def _origin(doc: Document, dated: bool = False) -> str:
    """Who a document comes from, as squashed text: its source, title and file name (and date)."""
    parts = (doc.source or "", doc.title or "", doc.path.rsplit("/", 1)[-1], doc.date if dated and doc.date else "")
    return squashed(" ".join(parts))


def _name_words(term: str) -> list[str]:
    """The capitalised words of a several-word name, each enough to find it ("Ministers" in "ministerraad")."""
    return [w for w in term.split() if w[:1].isupper()] if " " in term else []


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.hit.document.id == b.hit.document.id and a.start < b.end and b.start < a.end


def verified(citation: Citation) -> bool:
    """The invariant every shown quote must satisfy: it is the stored text at its offsets."""
    text = citation.hit.document.text
    return 0 <= citation.char_start < citation.char_end <= len(text) and \
        text[citation.char_start : citation.char_end] == citation.quote


def frame(lang: str, c: Citation) -> str:
    """The quote with its source in the question's language. A quote from the question part of a written question
    says so: it is what a member of parliament wrote (often a question, "Welk prijskaartje hangt aan Operatie Irini
    vast?"), not what the minister or the parliament answered."""
    doc = c.hit.document
    src = doc.source or doc.title
    if from_question_part(doc, c.hit.chunk):
        asked = doc.metadata.get("date_received") or doc.date  # the answer's date is the document's
        src = f"{_ASKED[lang]} ({src}, {asked})" if asked else f"{_ASKED[lang]} ({src})"
    elif doc.date:
        src = f"{src} ({doc.date})"
    quote_lang = c.hit.chunk.lang or doc.lang
    if c.version_of:
        return _VERSION[lang].format(n=c.n, quote=c.quote, lang=_LANG_NAMES[lang].get(quote_lang, quote_lang))
    return _FRAME[lang].format(src=src, n=c.n, quote=c.quote, lang=_LANG_NAMES[lang].get(quote_lang, quote_lang))
