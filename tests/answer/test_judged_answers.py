"""The relevance model's place in search and ask, with the deterministic fakes (no model): it reorders the top
passages and only those, `--no-rerank` keeps the hybrid order, ask quotes what it vouches for and refuses, saying
what it found, when nothing is likely to answer. The real judge's behaviour is in tests/index/test_judge.py and the
slow answer tests."""

from __future__ import annotations

import json

import pytest

from answer.compose import ask
from index.collection import Collection
from index.search import search
from tests.fakes import FakeEmbedder, FakeRelevance, ingested

DOCS = {
    "bars.fr.txt": "Fermetures\n\nLes bars du quartier Nord ont été fermés. Trente bars ont été placés sous "
                   "scellés par la police après une enquête sur la traite.",
    "scelles.fr.txt": "Scellés\n\nScellés, scellés, quartier Nord, quartier Nord : la presse parle des scellés.",
    "budget.en.txt": "Shelter budget\n\nThe Walloon Region funds the Sürya shelter for victims of trafficking.",
    "police.fr.txt": "Rapport de police\n\nLa police confirme : trente bars ont été placés sous scellés. Le quartier "
                     "Nord reste sous surveillance.",
}


@pytest.fixture()
def judged(tmp_path):
    relevance = FakeRelevance()
    c = ingested(tmp_path, DOCS, relevance=relevance)
    yield c, relevance
    c.close()


def test_the_judge_reorders_the_top_passages_and_no_rerank_keeps_the_hybrid_order(judged):
    collection, relevance = judged
    question = "Combien de bars ont été placés sous scellés par la police ?"
    plain = search(collection, question, k=5, rerank=False)
    assert [h.relevance for h in plain] == [None] * len(plain) and not relevance.asked
    reranked = search(collection, question, k=5)
    assert {h.chunk.id for h in reranked} == {h.chunk.id for h in plain}
    probabilities = [h.relevance for h in reranked]
    assert probabilities == sorted(probabilities, reverse=True) and probabilities[0] > probabilities[-1]
    assert reranked[0].document.path.endswith(("bars.fr.txt", "police.fr.txt"))
    assert len(relevance.asked[-1][1]) == min(collection.settings.rerank, len(plain))
    off = Collection(collection.location, embedder=FakeEmbedder(), relevance=relevance, rerank=0)
    assert [h.chunk.id for h in search(off, question, k=5)] == [h.chunk.id for h in plain]


def test_a_passage_beyond_the_reranking_depth_keeps_its_place(judged):
    collection, relevance = judged
    question = "Combien de bars ont été placés sous scellés par la police ?"
    plain = search(collection, question, k=3, rerank=False)
    one = Collection(collection.location, embedder=FakeEmbedder(), relevance=relevance, rerank=1)
    hits = search(one, question, k=3)
    assert [h.chunk.id for h in hits] == [h.chunk.id for h in plain]
    assert hits[0].relevance is not None and all(h.relevance is None for h in hits[1:])


def test_ask_quotes_the_sentence_the_judge_vouches_for(judged):
    collection, _ = judged
    answer = ask(collection, "Combien de bars ont été placés sous scellés par la police ?")
    assert not answer.refused
    assert all("bars ont été placés sous scellés" in c.quote for c in answer.citations), answer.text
    assert not any(c.quote.startswith("Les bars du quartier Nord ont été fermés") for c in answer.citations)


def test_a_further_quote_is_shown_only_if_more_likely_than_not_to_answer(judged):
    """Two documents give the count (the fake: most of the question's words), each is quoted; sentences with
    fewer of them (under even odds) are not, however near."""
    collection, _ = judged
    answer = ask(collection, "Combien de bars ont été placés sous scellés par la police ?")
    quoted = sorted(c.hit.document.path.rsplit("/", 1)[-1] for c in answer.citations)
    assert quoted == ["bars.fr.txt", "police.fr.txt"], answer.text
    assert not any("surveillance" in c.quote or "fermés" in c.quote for c in answer.citations)


def test_ask_refuses_and_says_what_it_found_when_nothing_is_likely_to_answer(judged):
    collection, _ = judged
    answer = ask(collection, "Quel budget la Région wallonne accorde-t-elle au refuge Sürya en 2031 ?")
    assert answer.refused and not answer.citations and answer.passages
    first, nearest = answer.text.split("\n")
    assert first.startswith("Le corpus ne répond pas") and nearest.startswith("Le plus proche")
    assert "%" in nearest and "«" in nearest


def test_cli_search_json_carries_the_relevance(judged, monkeypatch):
    from radar.output import hit_json

    collection, _ = judged
    data = [hit_json(h) for h in search(collection, "bars placés sous scellés", k=2)]
    assert json.loads(json.dumps(data))[0]["relevance"] is not None


def test_fewer_results_than_the_reranking_depth_are_still_chosen_from_its_top(judged):
    """`--k 1` returns the passage the judge puts first among the hybrid top 5, not the hybrid first alone."""
    collection, _ = judged
    question = "scellés scellés quartier Nord trente bars"
    plain = search(collection, question, k=5, rerank=False)
    reranked = search(collection, question, k=5)
    assert plain[0].chunk.id != reranked[0].chunk.id  # the case: the judge disagrees with the hybrid first
    assert [h.chunk.id for h in search(collection, question, k=1)] == [reranked[0].chunk.id]




def test_a_question_restated_is_no_candidate_even_glued_to_the_next_number():
    """The splitter leaves a Chamber question's parts glued to their numbers (a passage of the shared corpus):
    it asks, so it cannot answer, whatever the judge thinks of its words."""
    from answer.scoring import restates_question

    glued = ("Veuillez fournir des chiffres ventilés par année.b) Combien d'entre eux ont déclaré appartenir à la "
             "communauté LGBT?5. a) Combien de demandeurs d'asile ont déclaré")
    assert restates_question(glued) and restates_question("Combien de bars ont été fermés ?")
    assert restates_question("3. Graag de cijfers van het aantal gesloten bars per jaar.")  # a request asks too
    assert not restates_question("Trente bars ont été placés sous scellés.")


def test_a_referral_is_no_quote_however_many_of_the_questions_words_it_holds(tmp_path):
    """A sentence sending the reader to annual reports names every centre and topic the question does (the fake
    judge vouches for it: most of the question's words) but does not say what they hold."""
    referral = {"renvoi.fr.txt": "Réponse du ministre\n\n2. Pour obtenir de plus amples informations sur le "
                                 "budget accordé au refuge Sürya par la Région wallonne, je vous renvoie aux "
                                 "rapports annuels.",
                "budget.en.txt": DOCS["budget.en.txt"]}
    collection = ingested(tmp_path, referral, relevance=FakeRelevance())
    question = "Quel budget la Région wallonne accorde-t-elle au refuge Sürya ?"
    stated = ingested(tmp_path / "stated", {"stated.fr.txt": "Réponse du ministre\n\nLe budget accordé au refuge "
                                            "Sürya par la Région wallonne est de trois millions."},
                      relevance=FakeRelevance())
    try:
        answer = ask(collection, question)
        assert answer.refused and not answer.citations, answer.text
        assert "renvoie" not in answer.text
        assert not ask(stated, question).refused  # the same words stated, not referred to, are quoted
    finally:
        collection.close()
        stated.close()


def test_what_a_quotes_context_says_of_the_question():
    """The columns the quote combination reads beside the judge (index.relevance.CONTEXT_INPUTS): the share of the
    question's names and years the context lacks, whether the quote lacks the kind of answer asked for, and whether
    the question's year stands nowhere (the document's date counts)."""
    from answer.scoring import context_of
    from core.records import Chunk, Document, Hit
    from index.relevance import CONTEXT_INPUTS

    def hit(text: str, date: str = "") -> tuple[Hit, str]:
        doc = Document(id="d", path="d.fr.txt", text=text, title="Rapport", date=date)
        return Hit(Chunk("c", "d", 0, 0, len(text), text, "fr"), doc, 1.0), text

    question = "Combien de victimes Child Focus a-t-il accompagnées en 2021 ?"
    rows = context_of(question, "number", [hit("Child Focus a accompagné 40 victimes."),
                                           hit("Child Focus a accompagné des victimes.", "2021-05-01"),
                                           hit("En 2021, Child Focus a accompagné 40 victimes.")])
    assert rows.shape == (3, len(CONTEXT_INPUTS)) and CONTEXT_INPUTS == ("missing", "lacks", "year missing")
    assert rows[:, 2].tolist() == [1.0, 0.0, 0.0]  # the year: nowhere, in the date, in the quote
    assert rows[:, 1].tolist() == [0.0, 1.0, 0.0]  # a number other than the year: 40, none, 40
    assert rows[0, 0] > rows[2, 0] == 0.0  # "2021" missing from the first; Child Focus everywhere
    assert context_of("Quels constats ?", "", []).shape == (0, len(CONTEXT_INPUTS))


def test_refusal_reads_the_question_level_answerability_of_the_judged_quotes(judged):
    """`ask` refuses on the question's answerability (index.relevance ANSWERABLE_INPUTS), computed from the quotes
    the judge read only: the best one's probability, their passages' best reranking probability, the nearest one's
    cosine. The same best quote is refused or answered as that answerability falls under the threshold or not."""
    from answer.question import analyse
    from answer.scoring import answerability, score_sentences

    collection, relevance = judged
    question = "Combien de bars ont été placés sous scellés par la police ?"
    q = analyse(question)
    ranked = score_sentences(collection, q, search(collection, question, k=5))
    judged_ones = [c for c in ranked if c.judged]
    assert judged_ones and len(judged_ones) <= collection.settings.judged_sentences
    assert all(not c.judged and c.probability == 0.0 for c in ranked[len(judged_ones):])
    seen = []
    relevance.answerability = lambda best, passage, cosine: seen.append((best, passage, cosine)) or 0.9
    assert answerability(collection, ranked) == (0.9, relevance.unanswered_below)
    assert seen == [(judged_ones[0].probability, max(c.hit.relevance or 0.0 for c in judged_ones),
                     max(c.cosine for c in judged_ones))]
    answered = ask(collection, question)
    assert not answered.refused and answered.answerability == 0.9  # shown with the answer (CLI, JSON, app)
    relevance.answerability = lambda best, passage, cosine: 0.1  # the same quotes, the question judged unanswered
    refused = ask(collection, question)
    assert refused.refused and not refused.citations and "10" in refused.text  # says how likely: 10 %
    assert refused.answerability == 0.1
    assert answerability(collection, []) == (None, 0.0)
    unjudged = Collection(collection.location, embedder=FakeEmbedder(), relevance=relevance, judged_sentences=0)
    assert answerability(unjudged, ranked) == (None, 0.0) and ask(unjudged, question).answerability is None


def test_a_count_question_is_not_answered_by_a_sentence_without_a_count(tmp_path):
    """Rule 17: "How much …" is answered by a sentence that counts. The shelter's funding sentence is on topic but
    gives no figure: it is no candidate for the count question (and Radar says none of the nearest passages gives a
    figure), while it stays one for "Which region …"."""
    from answer.framing import NO_COUNT
    from answer.question import analyse
    from answer.scoring import candidate_sentences

    collection = ingested(tmp_path, {"budget.en.txt": DOCS["budget.en.txt"]}, relevance=FakeRelevance())
    count, which = "How much does the Walloon Region give the Sürya shelter?", "Which region funds the Sürya shelter?"
    pool = search(collection, count, k=3)
    assert candidate_sentences(collection, analyse(count), pool) is None
    found = candidate_sentences(collection, analyse(which), pool)
    assert found is not None and any("Walloon Region funds" in t for t in found.texts)
    answer = ask(collection, count)
    assert answer.refused and not answer.citations and NO_COUNT["en"] in answer.text, answer.text
    collection.close()
