"""The hand-set sentence score (to be replaced by a learned model, issue 18): cosine to the question, lexical
overlap, the asked-for kind of fact, and what the sentence's passage says of it before its words are read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from answer.passages import heading_at, sentence_candidates
from answer.question import asked_kind, attributed_to, holds_kind, is_question, new_figure, salient_terms
from core.records import Document, Hit
from index.collection import Collection
from index.thesaurus import expand
from text.dates import YEAR
from text.normalise import squashed
from text.tokens import query_tokens, tokens

# Sentences embedded per question, after a cheap pre-ranking. Embedding all of them (~28) was most of `ask`
# (~120 of 150 ms at 20k chunks); 15 gave the same answers on the dev sets (12 lost one, 18 gained none).
SENTENCES = 15
# Weights tuned on the 60 answerable dev questions (shared + radar/dev_questions.tsv) by grid search.
LEXICAL_WEIGHT = 0.05
KIND_BONUS = 0.04
FIGURE_BONUS = 0.03  # a "how many" sentence that gives a figure the question does not already state
# Per rank of the passage's document among the passages' documents: the fused search ranking is the stronger
# signal between documents, but within one it says little ("Article 7 / Status of victims …" outranked the passage
# holding Article 6.6 on compensation by its heading alone).
RANK_PENALTY = 0.04
PRE_RANK = 2.5  # weight of the passage prior against lexical overlap when choosing the sentences to embed
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
            - (HEADING_PENALTY if asks_question and heading_at(hit.document.text, s, e) else 0.0)
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
