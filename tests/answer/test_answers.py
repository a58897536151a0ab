"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""

import json

import pytest

from answer.compose import ask
from answer.framing import verified
from answer.question import analyse
from answer.reference import reference
from index.collection import Collection
from ingest.document import load_document
from radar.evaluation import parallel_files, read_parallel_groups, read_questions, wanted_files
from tests.conftest import CORPUS, ROOT, SHARED, index_of, need_shared
from text.sentences import MAX_QUOTE


def test_a_quote_from_the_question_part_of_a_written_question_says_so():
    """A member of parliament's question is not the minister's answer: its quote says it comes from the written
    question, dated when the question was received."""
    from answer.framing import frame
    from core.records import Citation, Hit

    def framed(doc, chunk, lang: str) -> str:
        start = chunk.char_start + chunk.text.index(". ") + 2
        end = doc.text.index(".", start) + 1
        return frame(lang, Citation(1, Hit(chunk, doc, 1.0), doc.text[start:end], start, end, reference(doc, chunk)))

    need_shared()
    seed, chunks = load_document(SHARED / "seeds/000_3c62babcb694d861.txt", "seed.txt")
    asked = next(c for c in chunks if c.section == "question")
    answered = next(c for c in chunks if c.section == "answer")
    assert framed(seed, asked, "fr").startswith("Selon la question écrite (Parlement bruxellois, 2023-09-29) [1] : « ")
    assert framed(seed, answered, "nl").startswith("Volgens Parlement bruxellois (2024-01-08) [1]: “")
    rel = "be_chamber_questions_2020/qrva_55-B021-13-0336-2019202003305.nl.txt"
    chamber, chamber_chunks = load_document(CORPUS / rel, rel)
    assert framed(chamber, chamber_chunks[0], "en").startswith(
        "According to the written question (Kamer van volksvertegenwoordigers, 2019) [1]: “")


@pytest.mark.slow
def test_every_citation_of_every_dev_question_is_verbatim(built_index):
    need_shared()
    collection = Collection(built_index)
    questions = [q for name in ("radar/dev_questions.tsv", "radar/heldout_questions.tsv")
                 for q in read_questions(ROOT / name)] + read_questions(SHARED / "eval/dev_questions.tsv")
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
    """Nothing in the small corpus gives Myria's 2025 budget or Ghent's mayor: the judge finds no sentence likely to
    answer, and Radar says so, with the nearest sentence it did find and its (low) chance of answering."""
    collection = Collection(built_index)
    for question, opening, nearest in (("Quel est le budget annuel de Myria en 2025 ?", "Le corpus ne répond pas",
                                        "Le plus proche, qui ne semble pas répondre"),
                                       ("Wie is de burgemeester van Gent?", "Het corpus beantwoordt",
                                        "Het dichtstbijzijnde")):
        answer = ask(collection, question)
        assert answer.refused and not answer.citations and answer.passages, answer.text
        first, second = answer.text.split("\n")
        assert first.startswith(opening) and second.startswith(nearest)


@pytest.mark.slow
def test_a_year_and_place_the_corpus_lacks_are_refused(built_index):
    """Fitted with training questions whose year was moved to one their paragraph lacks (scripts/judge/fuse.py),
    the weight of what a passage lacks went from -0.7 to -1.0: this is now refused (it was answered). ("Wat besliste
    de burgemeester van Luik in 2024 over raamprostitutie?" was refused too, at p 0.074 against 0.077; read by the
    12-layer answer judge, a Brussels plan for 2022-2024 scores 0.16 against 0.064 and is quoted: a failure listed in
    the README.)"""
    collection = Collection(built_index)
    assert ask(collection, "Combien de victimes de la traite ont été identifiées au Canada en 2022 ?").refused


@pytest.mark.slow
def test_a_referral_to_annual_reports_is_never_the_quote(tmp_path):
    """The minister's "je vous renvoie aux rapports annuels de … Payoke, Pag-Asa et Sürya" (and its Dutch version)
    names every centre a journalist asks about, and the real judge reads it as on topic; it says nothing of them,
    so it is neither quoted nor shown as the nearest."""
    need_shared()
    pages = CORPUS / "web_passages"
    collection = index_of(tmp_path, [pages / "wordscope_centres_answer_fr.fr.txt",
                                     pages / "wordscope_centres_answer_nl.nl.txt",
                                     pages / "levif_pagasa_2018_fr.fr.txt"])
    questions = ("Quel est le budget annuel de PAG-ASA ?", "Hoeveel slachtoffers van mensenhandel ving Payoke op in 2022?")
    for question in questions:
        answer = ask(collection, question)
        assert not any(word in answer.text for word in ("renvoie", "verwijs")), answer.text
        assert all("wordscope" not in c.hit.document.path for c in answer.citations)


@pytest.mark.slow
def test_an_english_question_over_a_french_only_answer_is_answered(tmp_path):
    """e5 scores a question about 0.03 lower against a sentence in another language: the answer, only in French
    here, scored 0.834 and was refused against the threshold set for answers in the question's language."""
    chamber = CORPUS / "be_chamber_questions_2020"
    collection = index_of(tmp_path, [chamber / "qrva_55-B022-2-0474-2019202003571.fr.txt",
                                     chamber / "qrva_55-B022-6-0640-2019202003565.fr.txt",
                                     chamber / "qrva_55-B031-8-0050-2020202105676.nl.txt"])
    answer = ask(collection, "According to Europol, how much annual turnover does people smuggling towards Europe "
                             "generate?")
    assert not answer.refused and answer.lang == "en", answer.text
    assert "cinq milliards" in answer.citations[0].quote and answer.text.startswith("According to ")


@pytest.mark.slow
def test_cli_ask_json_shape(built_index):
    from click.testing import CliRunner

    from radar.cli import cli

    out = CliRunner().invoke(cli, ["ask", "Welk organisme werkt een actieplan rond prostitutie uit in Brussel?",
                                   "--json", "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"question", "lang", "answer", "refused", "citations", "passages", "answerability"}
    assert 0.0 < data["answerability"] < 1.0  # the real relevance model's P(answered), shown beside the answer
    for c in data["citations"]:
        assert set(c) >= {"n", "path", "title", "lang", "date", "doc_type", "page", "section", "char_start",
                          "char_end", "quote", "reference"}


@pytest.mark.slow
def test_quote_comes_with_its_official_other_language_version(built_index):
    """A Chamber answer exists in French and Dutch: the quote is followed by the same passage in the other
    language, found in the linked version and itself verbatim."""
    collection = Collection(built_index)
    answer = ask(collection, "Sous quel code NACE les travailleurs du sexe indépendants sont-ils inscrits ?")
    assert not answer.refused
    first, *rest = answer.citations
    versions = [c for c in rest if c.version_of == first.n]
    assert versions, answer.text
    version = versions[0]
    assert version.n == first.n + 1 and verified(version)
    assert (version.hit.chunk.lang or version.hit.document.lang) != (first.hit.chunk.lang or first.hit.document.lang)
    assert {version.hit.document.path[-7:], first.hit.document.path[-7:]} == {".nl.txt", ".fr.txt"}
    assert "96099" in first.quote and "96099" in version.quote
    assert "Le même passage en " in answer.text and "[2]" in answer.text
    # the JSON says which citation it translates
    from radar.output import answer_json

    assert answer_json(answer)["citations"][1]["version_of"] == 1


@pytest.mark.slow
def test_the_version_is_the_translation_not_a_neighbour_sharing_its_words(built_index):
    """Articles 6.5, 6.6 and 7.1 of the Palermo Protocol share "victims of trafficking"; by cosine alone the
    Dutch 7.1 came closest to the English 6.6. Length and figures pick 6.6."""
    need_shared()
    import answer.versions as versions

    en, _ = load_document(CORPUS / "pdf/palermo_protocol_2000.en.textlayer.pdf", "en.pdf")
    nl, _ = load_document(CORPUS / "pdf/palermo_protocol_2000.nl.textlayer.pdf", "nl.pdf")
    start = en.text.index("6. Each State Party shall ensure that its domestic legal system")
    end = en.text.index("damage suffered.", start) + len("damage suffered.")
    quote = en.text[start:end]
    embedder = Collection(built_index).embedder
    (a, b), cosine = versions.aligned_span(embedder, quote, embedder.encode_passages([quote])[0], False,
                                           (start + end) / 2 / len(en.text), nl)
    assert nl.text[a:b].startswith("6. Elke Staat die partij is, verzekert dat zijn nationale")
    # below the plain threshold (0.878), it is shown because it aligns back onto the quote
    assert versions.VERSION_FLOOR <= cosine and versions._aligns_back(embedder, nl, (a, b), en, (start, end))


@pytest.mark.slow
def test_the_source_a_question_cites_is_read_further(built_index):
    """"… selon Myria ?": Myria's own passages are read besides the best passages of every source, since the one
    that answers may rank below other documents on the same topic; a user's own source filter is kept as is."""
    from answer.passages import SOURCE_PASSAGES, cited_source_passages
    from core.filters import Filters
    from index.search import search

    collection = Collection(built_index)
    question = "Depuis quand la mission de suivi de la politique de lutte contre la traite existe-t-elle selon Myria ?"
    hits = search(collection, question, k=2)
    own = cited_source_passages(collection, analyse(question), hits, None)
    assert 0 < len(own) <= SOURCE_PASSAGES
    assert all(h.document.source == "Myria" for h in own)
    assert not {h.chunk.id for h in own} & {h.chunk.id for h in hits}
    assert cited_source_passages(collection, analyse(question), hits, Filters(source="Parlement")) == []
    assert cited_source_passages(collection, analyse(question.replace(" selon Myria", "")), hits, None) == []


@pytest.fixture(scope="module")
def myria_pages(tmp_path_factory) -> Collection:
    """Two Myria pages on its mission (one also on the 2005 extension to smuggling) and a Payoke page, dated as the
    shared corpus's manifest dates them (c. 2016-2018, c. 2019, n.d.) through sidecars: their texts state no date
    of their own."""
    return index_of(tmp_path_factory.mktemp("myria"), [
        CORPUS / "web_passages" / name
        for name in ("myria_mensenhandel_rol.nl.txt", "myria_mensenhandel_landing.nl.txt",
                     "payoke_over_mensenhandel_nl.nl.txt")], dated=True)


@pytest.mark.slow
def test_two_documents_saying_the_same_are_both_cited_with_their_dates(myria_pages):
    """Two Myria pages state Myria's mission in nearly the same words; the second ranks well below the first, but
    a statement two documents agree on is shown from both, each with its date, rather than from one picked."""
    collection = myria_pages
    answer = ask(collection, "Sinds wanneer heeft Myria de opdracht om het beleid inzake mensenhandel op te volgen?")
    mission = [c for c in answer.citations if "Myria heeft sinds 1995 de opdracht" in c.quote]
    assert len({c.hit.document.path for c in mission}) == 2, answer.text
    assert all(c.hit.document.date for c in mission) and all(c.hit.document.date[:4] in answer.text for c in mission)


@pytest.mark.slow
def test_of_documents_that_agree_the_most_recent_is_quoted_first(myria_pages):
    """In the full corpus the older "rol" page (c. 2016-2018 by the manifest) ranks first for "Sinds wanneer …":
    its wording is nearer the question. The 2019 landing page says the same and is quoted first; a title that
    shares the words agrees with nothing and moves nothing."""
    from answer.choice import AGREEMENT, _newest_first
    from answer.scoring import Candidate
    from core.records import Hit
    from ingest.given import Given, Manifest

    manifest = Manifest(CORPUS / "MANIFEST.tsv")
    dated = lambda name: load_document(CORPUS / "web_passages" / name, name,  # noqa: E731
                                       given=Given(date=manifest.lookup(CORPUS / "web_passages" / name).date))
    rol, landing = (dated(name) for name in ("myria_mensenhandel_rol.nl.txt", "myria_mensenhandel_landing.nl.txt"))
    assert rol[0].date < landing[0].date

    def candidate(loaded, words: str) -> Candidate:  # the sentence, or the title line, that starts with `words`
        doc, chunks = loaded
        start = doc.text.index(words)
        end = min(doc.text.index(".", start) + 1, doc.text.index("\n", start))
        chunk = next(c for c in chunks if c.char_start <= start < c.char_end)
        vector = myria_pages.embedder.encode_passages([doc.text[start:end]])[0]
        return Candidate(Hit(chunk=chunk, document=doc, score=1.0, also_in=()), 0, start, end, 0.9, vector)

    older = candidate(rol, "Myria heeft sinds 1995")
    extension = candidate(rol, "Met de wet van 10 augustus 2005")
    newer = candidate(landing, "Myria heeft sinds 1995")
    assert _newest_first([older, extension, newer]) == [newer, older, extension]
    assert _newest_first([newer, older]) == [newer, older]
    # a dated page's title names the Cell in the words of an undated page's statement (cosine 0.96)
    cell, plans = (dated(name) for name in ("myria_approche_multidisciplinaire_fr.fr.txt",
                                            "un_migration_network_cic_plans_2021_2025_fr.fr.txt"))
    statement, title = candidate(cell, "La Cellule interdépartementale"), candidate(plans, "Cellule Interdépartementale")
    assert float(statement.vector @ title.vector) >= AGREEMENT and plans[0].date > cell[0].date
    assert _newest_first([statement, title]) == [statement, title]


@pytest.mark.slow
def test_each_part_of_a_compound_question_gets_its_own_quote(myria_pages):
    """"Since when …, and when was it extended …?" asks two things: read as one question, both best sentences say
    "since 1995" and the extension to smuggling in 2005 goes unquoted."""
    answer = ask(myria_pages, "Sinds wanneer heeft Myria de opdracht om het beleid inzake mensenhandel op te volgen, "
                              "en wanneer werd die uitgebreid tot mensensmokkel?")
    assert any("1995" in c.quote for c in answer.citations), answer.text
    assert any("2005" in c.quote and "mensensmokkel" in c.quote for c in answer.citations), answer.text
    assert all(verified(c) for c in answer.citations)


@pytest.mark.slow
def test_keywords_are_judged_like_a_question(built_index):
    """Keywords name a topic: the judge reads them as a question would be read (a title may be quoted: a title page
    can be what keywords are after); what is quoted holds the words asked about."""
    collection = Collection(built_index)
    answer = ask(collection, "traite êtres humains quartier Nord scellés")
    quotes = [c for c in answer.citations if not c.version_of]
    assert quotes and not answer.refused, answer.text
    assert any("scellés" in c.quote for c in quotes), answer.text
    assert all(verified(c) for c in answer.citations)
