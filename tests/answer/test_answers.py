"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""

import json

import pytest

from answer.compose import ask, verified
from answer.question import asked_kind, salient_terms
from answer.reference import reference
from answer.sentences import MAX_QUOTE, sentence_spans
from index.collection import Collection
from ingest.document import load_document
from radar.evaluation import parallel_files, read_parallel_groups, read_questions, wanted_files
from tests.conftest import CORPUS, ROOT, SHARED, need_shared


def test_question_kinds_and_salient_terms():
    assert asked_kind("Combien de bars ont été fermés ?") == "number"
    assert asked_kind("Sinds wanneer heeft Myria die opdracht?") == "date"
    assert asked_kind("Which minister presented the plan?") == "name"
    assert salient_terms("Combien de victimes au Canada en 2022 ?") == ["Canada", "2022"]
    assert salient_terms("How often does the Interdepartmental Coordination Unit meet?") == [
        "Interdepartmental Coordination Unit"]


def test_sentences_are_exact_spans_and_capped():
    text = "Intro. " + "Une très longue phrase, avec des virgules, " * 30 + "fin. Dernière phrase ici."
    for start, end in sentence_spans(text, 0, len(text)):
        assert end - start <= MAX_QUOTE and text[start:end].strip() == text[start:end]


def test_references_for_both_parliament_formats_and_a_plain_document():
    need_shared()
    seed, chunks = load_document(SHARED / "seeds/000_3c62babcb694d861.txt", "seed.txt")
    answer_chunk = [c for c in chunks if c.section == "answer"][0]
    assert reference(seed, answer_chunk) == ("Parlement bruxellois, question écrite n°1200 (Vanden Borre à Vervoort), "
                                             "réponse du 08/01/2024")
    nl, nl_chunks = load_document(CORPUS / "web_passages/parlbru_q197_fioul_gang_nl.nl.txt", "q197.txt")
    assert reference(nl, nl_chunks[0]).startswith("Brussels Parlement, schriftelijke vraag nr. 197 (Vanden Borre aan "
                                                  "Vervoort)")
    rel = "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460.fr.txt"
    chamber, _ = load_document(CORPUS / rel, rel)
    assert reference(chamber) == ("Chambre des représentants, question écrite 55-B030-18-0011-2020202106460 "
                                  "(session 2020-2021)")
    pdf, pdf_chunks = load_document(CORPUS / "pdf/palermo_protocol_2000.en.textlayer.pdf", "p.pdf")
    ref = reference(pdf, pdf_chunks[-1])
    assert ref.startswith("United Nations, “Protocol to Prevent") and ref.endswith(f"p. {pdf_chunks[-1].page}")


@pytest.mark.slow
def test_every_citation_of_every_dev_question_is_verbatim(built_index):
    need_shared()
    collection = Collection(built_index)
    questions = read_questions(SHARED / "eval/dev_questions.tsv") + read_questions(ROOT / "radar/dev_questions.tsv")
    parallel = read_parallel_groups(parallel_files(SHARED))
    stored = list(collection.store.files())
    answered = {"gold here": [], "gold elsewhere": [], "no answer": []}
    for q in questions:
        answer = ask(collection, q.text)
        for c in answer.citations:
            assert verified(c) and c.hit.document.text[c.char_start:c.char_end] == c.quote
            assert len(c.quote) <= MAX_QUOTE and c.reference
        assert answer.text and (answer.refused or answer.citations)
        here = any(p.endswith(w) for p in stored for w in wanted_files(q, parallel))
        answered["gold here" if here else "gold elsewhere" if q.gold else "no answer"].append(not answer.refused)
    # the small corpus holds the answer to some questions: those are answered, the unanswerable ones are not
    assert len(answered["gold here"]) >= 15 and sum(answered["gold here"]) >= 0.6 * len(answered["gold here"])
    assert sum(answered["no answer"]) <= 0.25 * len(answered["no answer"])


@pytest.mark.slow
def test_answer_in_question_language_with_quote_in_source_language(built_index):
    collection = Collection(built_index)
    answer = ask(collection, "Hoeveel bars in de Noordwijk werden verzegeld na de huiszoekingen?")
    assert not answer.refused and answer.lang == "nl"
    assert answer.text.startswith("Volgens ") and "(in het Frans)" in answer.text
    assert any("30 bars" in c.quote for c in answer.citations)


@pytest.mark.slow
def test_refusal_when_the_corpus_does_not_answer(built_index):
    collection = Collection(built_index)
    answer = ask(collection, "Combien de victimes de la traite ont été identifiées au Canada en 2022 ?")
    assert answer.refused and not answer.citations and answer.passages
    assert answer.text.startswith("Le corpus ne répond pas")


@pytest.mark.slow
def test_cli_ask_json_shape(built_index):
    from click.testing import CliRunner

    from radar.cli import cli

    out = CliRunner().invoke(cli, ["ask", "Welk organisme werkt een actieplan rond prostitutie uit in Brussel?",
                                   "--json", "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"question", "lang", "answer", "refused", "citations", "passages"}
    for c in data["citations"]:
        assert set(c) >= {"n", "path", "title", "lang", "date", "doc_type", "page", "section", "char_start",
                          "char_end", "quote", "reference"}
