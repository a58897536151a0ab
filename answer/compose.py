"""The default answer path, no language model: find the sentences that answer, quote them, cite them — or say
the documents do not answer.

The orchestration: the question is read once (`answer.question`); `search` finds and reranks passages;
`answer.passages` chooses those read; `answer.scoring` judges their sentences; `answer.refusal` refuses when the
question is unlikely to be answered; `answer.choice` picks 1-3 quotes; `answer.versions` adds the official
other-language wording and `answer.framing` words it."""

from __future__ import annotations

from dataclasses import replace

from answer.choice import choose
from answer.framing import LIST_HEAD, NO_LIST, NO_PASSAGE, REFUSAL, frame, list_item, verified
from answer.passages import PASSAGES, SPARE, answer_passages, cited_source_passages
from answer.precedents import citations as precedent_citations
from answer.precedents import precedents, sorted_by
from answer.question import Question, analyse
from answer.reference import reference
from answer.refusal import refusal_note, refuses
from answer.scoring import Candidate, answerability, refuse_below, score_sentences
from answer.versions import version_quote
from core.filters import Filters
from core.records import Answer, Citation
from index.collection import Collection
from index.search import search
from text.language import language_from_filename

SHOWN = 5  # passages returned beside the answer


def ask(collection: Collection, question: str, filters: Filters | None = None, chat_model=None,
        order: str = "relevance") -> Answer:
    """Answer with 1–3 verbatim quotes and numbered citations, or refuse and show the nearest passages; a question
    that asks for documents gets the list of them (`order`: 'relevance' or 'date').

    With `chat_model` (a LangChain chat model) the model writes the answer from the passages and
    `answer.llm.check` keeps only what cites them faithfully; without one, quotes are extracted.
    """
    q = analyse(question)
    if q.wants:
        return list_answer(collection, q, filters, order)
    hits = search(collection, question, k=max(SHOWN, PASSAGES) + SPARE, filters=filters)
    if not hits:
        return Answer(question, q.lang, NO_PASSAGE[q.lang], (), True, (), note="no passage")
    pool = answer_passages(hits, q.asks) + cited_source_passages(collection, q, hits, filters)
    if chat_model is not None:
        from answer.llm import llm_answer

        checked = llm_answer(chat_model, question, q.lang, pool)
        citations = tuple(c for c in checked.citations if verified(c))
        if citations and checked.text:
            note = f"{len(checked.removed)} unsupported sentence(s) removed" if checked.removed else ""
            return Answer(question, q.lang, checked.text, citations, False, tuple(hits[:SHOWN]), note=note)
    ranked = score_sentences(collection, q, pool)
    answerable, unanswered_below = answerability(collection, ranked)
    if refuses(ranked, answerable, unanswered_below):
        text = "\n".join(filter(None, [REFUSAL[q.lang], refusal_note(q, ranked, answerable)]))
        return Answer(question, q.lang, text, (), True, tuple(hits[:SHOWN]), note="weak evidence",
                      answerability=answerable)
    quoted = [(cand, c) for cand, c in ((cand, _citation(cand)) for cand in choose(collection, q, ranked,
                                                                                    refuse_below(collection)))
              if verified(c)]
    if not quoted:
        return Answer(question, q.lang, REFUSAL[q.lang], (), True, tuple(hits[:SHOWN]), note="no verifiable quote",
                      answerability=answerable)
    citations = [replace(c, n=n) for n, (_, c) in enumerate(quoted, start=1)]
    version = version_quote(collection, citations[0], q.lang, quoted[0][0].vector)
    if version is not None:  # the official other-language wording, right after the quote it translates
        citations = [citations[0], version, *(replace(c, n=c.n + 1) for c in citations[1:])]
    text = "\n".join(frame(q.lang, c) for c in citations)
    return Answer(question, q.lang, text, tuple(citations), False, tuple(hits[:SHOWN]),
                  answerability=answerable)


def list_answer(collection: Collection, q: Question, filters: Filters | None, order: str) -> Answer:
    """The documents a question asks for, one line each; or, when none deals with its topic, a refusal."""
    found = precedents(collection, q, filters)
    if not found:
        hits = search(collection, q.topic or q.text, k=SHOWN, filters=filters)
        return Answer(q.text, q.lang, NO_LIST[q.lang].format(topic=q.topic), (), True, tuple(hits), note="no document",
                      kind="list")
    cited = [c for c in precedent_citations(sorted_by(found, order)) if verified(c)]
    lines = [LIST_HEAD[q.lang][order].format(n=len(cited), topic=q.topic)]
    for c in cited:
        versions = [language_from_filename(path) or "" for path in c.hit.also_in]
        lines.append(list_item(q.lang, c, [v for v in versions if v and v != (c.hit.chunk.lang or "")]))
    return Answer(q.text, q.lang, "\n".join(lines), tuple(cited), False, tuple(c.hit for c in cited[:SHOWN]),
                  kind="list")


def _citation(cand: Candidate) -> Citation:
    quote = cand.hit.document.text[cand.start : cand.end]
    return Citation(0, cand.hit, quote, cand.start, cand.end,
                    reference(cand.hit.document, cand.hit.chunk, (cand.start, cand.end)))
