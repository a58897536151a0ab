"""The default answer path, no language model: pick the sentences that answer, quote them, cite them.

The orchestration: `ask` reads passages (`answer.passages`), scores their sentences (`answer.scoring`), refuses on
weak evidence (`answer.refusal`), chooses 1-3 quotes, adds the official other-language version (`answer.versions`)
and frames them (`answer.framing`)."""

from __future__ import annotations

from dataclasses import replace

from answer.framing import NO_PASSAGE, REFUSAL, frame, verified
from answer.passages import PASSAGES, SPARE, answer_passages, cited_source_passages, heading_at
from answer.question import asked_kind, is_question, question_language, question_parts
from answer.reference import reference
from answer.refusal import refuse
from answer.scoring import Candidate, missing_in, salient_forms, score_sentences
from answer.versions import version_quote
from core.filters import Filters
from core.records import Answer, Citation
from index.collection import Collection
from index.search import search

SHOWN = 5  # passages returned beside the answer
# Passages of one document (its copies and versions included) among them, against 2 in a search result list: a
# long document holds its answer beyond its two best passages (dev: first citation 0.850 → 0.867, none lost).
PER_DOC = 3
MARGIN = 0.02  # a second quote must score within this of the first (for a question: keywords get the best three)
# ... or say the same as the first in another document, however it ranks: two documents that agree are shown with
# their dates, not one picked silently. e5 puts translations at 0.88-0.93 and near-identical wordings above 0.95;
# on the 80 dev questions this adds one quote (two Myria pages: "Myria heeft sinds 1995 de opdracht …").
AGREEMENT = 0.95
# Of the statements that agree, the most recently dated document's is quoted first: the same words on an older page
# are its earlier state (Myria's older "rol" page words its mission nearer a Dutch question than its 2019 landing
# page, whose French version was the gold answer). Dev: one first citation and one quote gained, none lost.


def ask(collection: Collection, question: str, filters: Filters | None = None, chat_model=None) -> Answer:
    """Answer with 1–3 verbatim quotes and numbered citations, or refuse and show the nearest passages.

    With `chat_model` (a LangChain chat model) the model writes the answer from the passages and
    `answer.llm.check` keeps only what cites them faithfully; without one, quotes are extracted.
    """
    lang = question_language(question)
    hits = search(collection, question, k=max(SHOWN, PASSAGES) + SPARE, filters=filters, per_doc=PER_DOC)
    if not hits:
        return Answer(question, lang, NO_PASSAGE[lang], (), True, (), note="no passage")
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
        return Answer(question, lang, REFUSAL[lang], (), True, tuple(hits[:SHOWN]), note="weak evidence")
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
            not asks_question and not heading_at(cand.hit.document.text, cand.start, cand.end)
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
        return Answer(question, lang, REFUSAL[lang], (), True, tuple(hits[:SHOWN]), note="no verifiable quote")
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
        not heading_at(cand.hit.document.text, cand.start, cand.end)


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


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.hit.document.id == b.hit.document.id and a.start < b.end and b.start < a.end
