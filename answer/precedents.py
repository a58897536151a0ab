"""Precedents: a question that asks for documents ("Which earlier questions dealt with loverboys?", "Welke vragen
gingen over …", "Has any MP asked …") is answered with a list, one entry per document (its FR/NL versions
grouped), each with the sentence that makes it relevant, not with one quote.

The documents are the search's for the question's topic, one passage per document (written questions when it
asks for questions), each read by the relevance judge. A document is listed when its passage or title names the
topic — each of its words, by stem in any of the three languages or through a thesaurus concept's FR/NL/EN terms
(one may be missing from a topic of three words or more) — or when the judge finds it more likely than not to
answer (calibrated on training data: P >= 0.5, the same even odds that admit a second quote). The judge reads
questions, not topics: on "traite des êtres humains" it scored a question titled "l'action contre la traite des
êtres humains" 0.08, so it cannot be the only test. An empty list says the corpus has none."""

from __future__ import annotations

from dataclasses import dataclass, replace

from answer.question import Question
from answer.reference import reference
from core.filters import Filters
from core.records import Citation, Hit
from index.collection import Collection
from index.relevance import LIKELY
from index.search import search
from index.thesaurus import concepts_in
from text.dates import newest_first
from text.normalise import fold, padded
from text.sentences import sentence_spans
from text.tokens import query_tokens, query_word_forms, tokens, words

CANDIDATES = 30  # documents read by the judge: each costs ~20 ms on 2 cores


@dataclass(frozen=True)
class Precedent:
    """A document that deals with the topic: its best passage (with its versions in `hit.also_in`), the sentence
    that shows it (offsets in the document's text) and the judge's probability."""

    hit: Hit
    start: int
    end: int
    relevance: float


def precedents(collection: Collection, q: Question, filters: Filters | None = None) -> list[Precedent]:
    """The documents on `q.topic`, most relevant first; written questions only when it asks for questions
    (unless the filters say otherwise)."""
    filters = filters or Filters()
    if q.wants == "questions" and not filters.doc_type:
        filters = replace(filters, doc_type="written_question")
    topic = q.topic or q.text
    hits = search(collection, topic, k=CANDIDATES, filters=filters, per_doc=1, judged=CANDIDATES)
    group, _ = collection.groups()  # a document and its other-language versions: listed once, the best first
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = group.get(hit.document.id, hit.document.id)
        if key in seen:
            continue
        seen.add(key)
        probability = hit.relevance if hit.relevance is not None else 0.0
        if probability < LIKELY and not names_topic(topic, f"{hit.document.title}\n{hit.chunk.text}", hit.chunk.lang):
            continue
        start, end = _relevant_sentence(hit, topic)
        out.append(Precedent(hit, start, end, probability))
    return out


def names_topic(topic: str, text: str, lang: str) -> bool:
    """Does `text` name each word of the topic (stopwords aside) — by stem in any of the three languages, or through
    a thesaurus concept that holds the word — with one word allowed missing from a topic of three or more?"""
    wanted = [w for w in words(topic) if not w.isdigit() or len(w) == 4]
    if not wanted:
        return False
    stems = set(tokens(text, lang)) | {fold(w) for w in words(text)}
    concepts = concepts_in(topic)
    place = padded(text)
    missing = 0
    for word in wanted:
        forms = set(query_word_forms(word)[0]) | {fold(word)}
        named = bool(forms & stems) or any(any(padded(t) in place for t in terms) for terms in concepts
                                           if any(padded(word) in padded(t) for t in terms))
        missing += not named
    return missing == 0 or (len(wanted) >= 3 and missing <= 1)


def _relevant_sentence(hit: Hit, topic: str) -> tuple[int, int]:
    """The passage's sentence that shares most of the topic's words (by stem), the first on a tie."""
    wanted = set(query_tokens(topic))
    c = hit.chunk
    spans = sentence_spans(hit.document.text, c.char_start, c.char_end) or [(c.char_start, c.char_end)]
    return max(spans, key=lambda s: (len(wanted & set(tokens(hit.document.text[s[0]:s[1]], c.lang))), -s[0]))


def sorted_by(items: list, order: str) -> list:
    """Precedents or their citations, 'relevance' (as found) or 'date' (newest first, undated last)."""
    if order == "date":  # of one date, the relevance order
        return newest_first(items, lambda p: p.hit.document.date)
    return list(items)


def citations(items: list[Precedent]) -> tuple[Citation, ...]:
    """One numbered citation per document: the relevant sentence, verbatim, with its reference."""
    out = []
    for n, p in enumerate(items, start=1):
        quote = p.hit.document.text[p.start:p.end]
        out.append(Citation(n, replace(p.hit, relevance=round(p.relevance, 4)), quote, p.start, p.end,
                            reference(p.hit.document, p.hit.chunk, (p.start, p.end))))
    return tuple(out)
