"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""

import json

import pytest

from answer.compose import ask
from answer.framing import verified
from answer.question import asked_kind, holds_kind, new_figure, question_parts, salient_terms
from answer.reference import reference
from index.collection import Collection
from ingest.document import load_document
from radar.evaluation import parallel_files, read_parallel_groups, read_questions, wanted_files
from tests.conftest import CORPUS, ROOT, SHARED, index_of, need_shared
from text.sentences import MAX_QUOTE, sentence_spans


def test_question_kinds_and_salient_terms():
    assert asked_kind("Combien de bars ont été fermés ?") == "number"
    assert asked_kind("Sinds wanneer heeft Myria die opdracht?") == "date"
    assert asked_kind("Which minister presented the plan?") == "name"
    assert asked_kind("Hoe vaak kwam de coördinatiecel samen?") == asked_kind("Combien de fois par an ?") == "frequency"
    assert holds_kind("Het bureau komt elke maand samen.", "frequency")
    assert holds_kind("Elle se réunit deux fois par an au niveau ministériel.", "frequency")
    assert not holds_kind("Le rapport annuel de Myria est paru.", "frequency")
    assert salient_terms("Combien de victimes au Canada en 2022 ?") == ["Canada", "2022"]
    assert salient_terms("How often does the Interdepartmental Coordination Unit meet?") == [
        "Interdepartmental Coordination Unit"]
    assert salient_terms("Who presented the 2008 plan to the Council of Ministers?") == ["2008", "Council of Ministers"]
    assert salient_terms("Quel article du Protocole de Palerme ?") == ["Protocole de Palerme"]


def test_a_question_is_in_the_language_of_its_interrogative():
    from answer.question import question_language

    # lingua alone read the first as Dutch and the second as French (their names outweigh a few English words)
    assert question_language("What is the budget of the Walloon Region for the Sürya shelter in 2024?") == "en"
    assert question_language("What did the mayor of Liège decide about window prostitution in 2024?") == "en"
    assert question_language("Sur quel groupe de victimes le rapport annuel 2018 de Myria se concentre-t-il ?") == "fr"
    assert question_language("Wat zegt de WHO over mensenhandel tijdens de pandemie?") == "nl"
    assert question_language("Rapport de la WHO sur la traite pendant la pandémie") == "fr"  # an acronym, not "who"
    assert question_language("Myria jaarverslag 2019 slachtoffers mensenhandel") == "nl"  # keywords: lingua


def test_a_figure_is_new_when_the_question_does_not_give_it_and_it_is_not_a_date():
    assert new_figure("De buitenlandse arbeiders verdienden er 650 euro per maand.", "How much did they earn?")
    assert new_figure("The number has been low (13 in the period 2013-2015).", "Combien entre 2013 et 2015 ?")
    assert not new_figure("Op 30 juli 2019 wordt een rapport opgesteld.", "Quel âge avait-elle ?")
    assert not new_figure("Entre 2013 et 2015, le GRETA a visité la Belgique.", "Combien entre 2013 et 2015 ?")


def test_passages_from_the_cited_source_and_holding_the_question_names_come_first():
    from answer.question import attributed_to
    from answer.scoring import ORIGIN_PENALTY, RANK_PENALTY, passage_priors
    from core.records import Chunk, Document, Hit

    assert attributed_to("Where does trafficking rank in profits according to Payoke?") == "Payoke"
    assert attributed_to("Combien d'enfants selon le GRETA ?") == "GRETA"
    assert attributed_to("Welk land speelde volgens het oude verslag een pioniersrol?") == ""
    assert attributed_to("Wat zegt de CNCDH over de definitie van mensenhandel?") == "CNCDH"
    assert attributed_to("What does GRETA say about child victims?") == "GRETA"
    assert attributed_to("What did the minister say?") == ""

    def hit(path: str, source: str, text: str, rest: str = "") -> Hit:
        doc = Document(id=path, path=path, text=text + rest, source=source, lang="en")
        return Hit(Chunk(f"{path}#0", path, 0, 0, len(text), text, "en"), doc, 1.0)

    answer = hit("chamber_q12.fr.txt", "Chambre", "Les centres Payoke, PAG-ASA et Sürya accueillent les victimes.")
    payoke = hit("payoke_over_mensenhandel_nl.nl.txt", "Payoke", "Mensenhandel is een lucratieve activiteit.")
    prior = passage_priors("Where does trafficking rank in profits according to Payoke?", [answer, payoke])
    assert prior[id(payoke)] > prior[id(answer)]  # ranked second by search, but it is Payoke speaking
    borealis = hit("demorgen.nl.txt", "De Morgen", "Uitbuiting op een bouwwerf van Borealis in de Antwerpse haven.")
    other = hit("icc.fr.txt", "Wordscope", "La cellule de coordination contre la traite a été créée en 1995.")
    prior = passage_priors("Quand la cellule s'est-elle réunie après la crise de Borealis ?", [other, borealis])
    assert prior[id(borealis)] > prior[id(other)]
    # a year anywhere in the passage's document dates it: the answer of January 2024 to a question of 2023
    seed = hit("q1200.fr.txt", "Parlement bruxellois", "Pas moins de 30 bars ont été placés sous scellés.",
               "\nDate de réception: 29/09/2023")
    news = hit("bx1_2023.fr.txt", "BX1", "Le 27 septembre dernier, 56 endroits ont été perquisitionnés.")
    prior = passage_priors("Combien de bars ont été placés sous scellés après les perquisitions de 2023 ?", [seed, news])
    assert prior[id(seed)] > prior[id(news)]
    # the document carrying the question's names in its title, source or file name is the one asked about
    landing = hit("myria_trafficking_landing.en.txt", "Myria", "Myria published its 2019 annual report.")
    report = hit("myria_rapport_2019_fr.fr.txt", "Myria", "En 2019, il se focalise sur l'information aux victimes.")
    prior = passage_priors("What was the focus of Myria's 2019 annual report?", [landing, report])
    assert prior[id(landing)] == -ORIGIN_PENALTY and prior[id(report)] == -RANK_PENALTY
    # passages of one document share its rank: which of its chunks ranked higher says little
    article_7 = hit("palermo.en.pdf", "United Nations", "Article 7 Status of victims of trafficking in persons")
    article_6 = Hit(Chunk("palermo.en.pdf#1", article_7.document.id, 0, 0, 10, "6. Each State Party", "en"),
                    article_7.document, 0.9)
    prior = passage_priors("Which article obliges states to offer victims compensation?", [article_7, article_6, news])
    assert prior[id(article_7)] == prior[id(article_6)] > prior[id(news)]
    # ... and the document keeps the rank search gave it when its best passage (a title page) is not read
    prior = passage_priors("Which article obliges states to offer victims compensation?", [news, article_6],
                           ranking=[article_7, news, article_6])
    assert prior[id(article_6)] == 0.0 and prior[id(news)] == -RANK_PENALTY


def test_a_sentence_running_on_over_a_page_break_is_quoted_whole_with_both_pages():
    """The Dutch Palermo PDF breaks Article 3's definition between pages 1 and 2 ("… onderdak aan of het" |
    "opnemen van personen"): a passage starting on page 2 is quoted from the start of the sentence on page 1."""
    need_shared()
    from answer.passages import sentence_candidates
    from core.records import Hit

    rel = "pdf/palermo_protocol_2000.nl.textlayer.pdf"
    doc, chunks = load_document(CORPUS / rel, rel)
    chunk = next(c for c in chunks if c.page == 2 and c.text.startswith("opnemen van personen"))
    hit = Hit(chunk=chunk, document=doc, score=1.0, also_in=())
    spans = [(s, e) for _, _, s, e in sentence_candidates([hit])]
    s, e = spans[0]
    quote = doc.text[s:e]
    assert quote.startswith("„mensenhandel\": het werven") and "onderdak aan of het\n\nopnemen van personen" in quote
    assert reference(doc, chunk, (s, e)).endswith("pp. 1–2")
    # a title block's lines stay apart: only page breaks are run on
    text = "DIRECTIVE 2011/36/EU OF THE EUROPEAN PARLIAMENT\n\nof 5 April 2011\n\non preventing trafficking"
    assert len(sentence_spans(text, 0, len(text))) == 3


def test_sentences_are_exact_spans_and_capped():
    text = "Intro. " + "Une très longue phrase, avec des virgules, " * 30 + "fin. Dernière phrase ici."
    for start, end in sentence_spans(text, 0, len(text)):
        assert end - start <= MAX_QUOTE and text[start:end].strip() == text[start:end]
    title = "Protocol inzake mensenhandel (Palermo, 2000) – Art. 1-13"  # "Art. 1" is a reference, not a stop
    assert sentence_spans(title, 0, len(title)) == [(0, len(title))]


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
    collection = Collection(built_index)
    answer = ask(collection, "Combien de victimes de la traite ont été identifiées au Canada en 2022 ?")
    assert answer.refused and not answer.citations and answer.passages
    assert answer.text.startswith("Le corpus ne répond pas")


@pytest.mark.slow
def test_refusal_reads_the_passage_the_answer_comes_from(built_index):
    """One passage of the Quartier Nord answer names Liège (and 2024), but the best sentence for this question
    stands in another passage of the same answer, with 2024 only: that sentence does not answer a question about
    Liège. Judged by the passage holding most names, it was quoted."""
    answer = ask(Collection(built_index), "Wat besliste de burgemeester van Luik in 2024 over raamprostitutie?")
    assert answer.refused and not answer.citations and answer.passages, answer.text


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
    assert set(data) >= {"question", "lang", "answer", "refused", "citations", "passages"}
    for c in data["citations"]:
        assert set(c) >= {"n", "path", "title", "lang", "date", "doc_type", "page", "section", "char_start",
                          "char_end", "quote", "reference"}


def test_headings_are_told_from_statements_and_lists_are_quoted_whole():
    from answer.passages import _with_lists, is_heading
    from text.sentences import sentence_spans

    for title in ("GRETA Third Evaluation Report on Belgium", "Protocol inzake mensenhandel (Palermo, 2000) – Art.",
                  "DIRECTIVE 2011/36/EU OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL"):
        assert is_heading(title), title
    long_title = ("Protocol to Prevent, Suppress and Punish Trafficking in Persons, especially Women and Children, "
                  "supplementing the United Nations Convention against Transnational Organized Crime")
    assert is_heading(long_title)
    assert not is_heading(long_title, cut_off=True)  # the last words of an excerpt cut short are no title
    for statement in ("Het bureau komt elke maand samen.", "Une dizaine de carrées ont été fermées à Saint-Josse.",
                      "Nos valeurs: Egalité, Transparence, Engagement, Pluralisme, Respect, Ouverture, Confiance",
                      "Having regard to the Treaty on the Functioning of the European Union, and in particular "
                      "Article 82(2) thereof,"):
        assert not is_heading(statement), statement
    text = ("La réforme de 2014 a permis d’inclure de nouveaux partenaires essentiels :\n- les ONG spécialisées ;\n"
            "- les entités fédérées.\nLa cellule se réunit deux fois par an.")
    quotes = [text[s:e] for s, e in _with_lists(text, sentence_spans(text, 0, len(text)))]
    assert quotes[0].endswith("- les entités fédérées.") and quotes[0].startswith("La réforme")
    assert "La cellule se réunit deux fois par an." in quotes  # what follows the list stays its own sentence


@pytest.mark.slow
def test_quote_comes_with_its_official_other_language_version(built_index):
    """A Chamber answer exists in French and Dutch: the French quote is followed by the same passage in Dutch,
    found in the linked version and itself verbatim."""
    collection = Collection(built_index)
    answer = ask(collection, "Sous quel code NACE les travailleurs du sexe indépendants sont-ils inscrits ?")
    assert not answer.refused
    first, *rest = answer.citations
    versions = [c for c in rest if c.version_of == first.n]
    assert versions, answer.text
    version = versions[0]
    assert version.n == first.n + 1 and verified(version)
    assert (version.hit.chunk.lang or version.hit.document.lang) != (first.hit.chunk.lang or first.hit.document.lang)
    assert version.hit.document.path.endswith(".nl.txt") and first.hit.document.path.endswith(".fr.txt")
    assert "96099" in first.quote and "96099" in version.quote
    assert "Le même passage en néerlandais [2]" in answer.text
    # the JSON says which citation it translates
    from radar.output import answer_json

    assert answer_json(answer)["citations"][1]["version_of"] == 1


@pytest.mark.slow
def test_the_version_is_the_translation_not_a_neighbour_sharing_its_words(built_index):
    """Articles 6.5, 6.6 and 7.1 of the Palermo Protocol share "victims of trafficking"; by cosine alone the
    Dutch 7.1 came closest to the English 6.6. Length and figures pick 6.6."""
    need_shared()
    import answer.compose as compose

    en, _ = load_document(CORPUS / "pdf/palermo_protocol_2000.en.textlayer.pdf", "en.pdf")
    nl, _ = load_document(CORPUS / "pdf/palermo_protocol_2000.nl.textlayer.pdf", "nl.pdf")
    start = en.text.index("6. Each State Party shall ensure that its domestic legal system")
    end = en.text.index("damage suffered.", start) + len("damage suffered.")
    quote = en.text[start:end]
    embedder = Collection(built_index).embedder
    (a, b), cosine = compose.aligned_span(embedder, quote, embedder.encode_passages([quote])[0], False,
                                          (start + end) / 2 / len(en.text), nl)
    assert nl.text[a:b].startswith("6. Elke Staat die partij is, verzekert dat zijn nationale")
    # below the plain threshold (0.878), it is shown because it aligns back onto the quote
    assert compose.VERSION_FLOOR <= cosine and compose._aligns_back(embedder, nl, (a, b), en, (start, end))


def test_a_passage_of_titles_only_gives_its_place_to_one_that_can_answer_a_question():
    """The Dutch Palermo PDF's first passage is its two title lines: it cannot answer "which article …?", so the
    next passage competes in its place. Keywords may be after a title: there it keeps its place."""
    need_shared()
    from answer.passages import PASSAGES, answer_passages
    from answer.question import is_question
    from core.records import Hit

    rel = "pdf/palermo_protocol_2000.nl.textlayer.pdf"
    doc, chunks = load_document(CORPUS / rel, rel)
    assert chunks[0].text.startswith("Protocol inzake mensenhandel (Palermo, 2000)") and "." not in chunks[0].text[60:]
    hits = [Hit(chunk=c, document=doc, score=1.0, also_in=()) for c in chunks[: PASSAGES + 1]]
    assert answer_passages(hits, asks_question=True) == hits[1:]
    assert answer_passages(hits, asks_question=False) == hits[:PASSAGES]
    assert is_question("Quel article du Protocole de Palerme traite de l'assistance ?")
    assert is_question("how many bars were sealed in the Quartier Nord")
    assert not is_question("Myria national rapporteur annual report 2019 victims")
    # the PDF's text blocks keep an article's number and title apart from its text: "which article" is quotable
    start = doc.text.index("Artikel 6")
    assert doc.text[start:].split("\n\n")[:2] == ["Artikel 6", "Bijstand aan en bescherming van slachtoffers van "
                                                   "mensenhandel"]


@pytest.mark.slow
def test_the_source_a_question_cites_is_read_further(built_index):
    """"… selon Myria ?": Myria's own passages are read besides the best passages of every source, since the one
    that answers may rank below other documents on the same topic; a user's own source filter is kept as is."""
    from answer.passages import SOURCE_PASSAGES, cited_source_passages
    from answer.question import asked_kind
    from core.filters import Filters
    from index.search import search

    collection = Collection(built_index)
    question = "Depuis quand la mission de suivi de la politique de lutte contre la traite existe-t-elle selon Myria ?"
    hits = search(collection, question, k=2)
    own = cited_source_passages(collection, question, hits, None)
    assert 0 < len(own) <= SOURCE_PASSAGES
    assert all(h.document.source == "Myria" for h in own)
    assert not {h.chunk.id for h in own} & {h.chunk.id for h in hits}
    assert cited_source_passages(collection, question, hits, Filters(source="Parlement")) == []
    assert cited_source_passages(collection, question.replace(" selon Myria", ""), hits, None) == []
    # "where does it rank" asks for a place in a ranking, not a place
    assert asked_kind("Where does human trafficking rank among criminal activities?") != "place"
    assert asked_kind("Waar is het opvanghuis van PAG-ASA?") == "place"


@pytest.fixture(scope="module")
def myria_pages(tmp_path_factory) -> Collection:
    """Two Myria pages on its mission (one also on the 2005 extension to smuggling) and a Payoke page."""
    return index_of(tmp_path_factory.mktemp("myria"), [
        CORPUS / "web_passages" / name
        for name in ("myria_mensenhandel_rol.nl.txt", "myria_mensenhandel_landing.nl.txt",
                     "payoke_over_mensenhandel_nl.nl.txt")])


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
    """In the full corpus the older "rol" page (dated 2005 by the law it cites) ranks first for "Sinds wanneer …":
    its wording is nearer the question. The 2019 landing page says the same and is quoted first; a title that
    shares the words agrees with nothing and moves nothing."""
    from answer.compose import AGREEMENT, _newest_first
    from answer.scoring import Candidate
    from core.records import Hit

    rol, landing = (load_document(CORPUS / "web_passages" / name, name)
                    for name in ("myria_mensenhandel_rol.nl.txt", "myria_mensenhandel_landing.nl.txt"))
    assert rol[0].date < landing[0].date

    def candidate(loaded, words: str) -> Candidate:  # the sentence, or the title line, that starts with `words`
        doc, chunks = loaded
        start = doc.text.index(words)
        end = min(doc.text.index(".", start) + 1, doc.text.index("\n", start))
        chunk = next(c for c in chunks if c.char_start <= start < c.char_end)
        vector = myria_pages.embedder.encode_passages([doc.text[start:end]])[0]
        return Candidate(Hit(chunk=chunk, document=doc, score=1.0, also_in=()), 0, start, end, 0.9, 0.5, True, 0.0,
                         vector)

    older = candidate(rol, "Myria heeft sinds 1995")
    extension = candidate(rol, "Met de wet van 10 augustus 2005")
    newer = candidate(landing, "Myria heeft sinds 1995")
    assert _newest_first([older, extension, newer]) == [newer, older, extension]
    assert _newest_first([newer, older]) == [newer, older]
    # a dated page's title names the Cell in the words of an undated page's statement (cosine 0.96)
    cell, plans = (load_document(CORPUS / "web_passages" / name, name)
                   for name in ("myria_approche_multidisciplinaire_fr.fr.txt",
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


def test_compound_questions_are_split_into_their_parts():
    assert question_parts("Qu'est-ce qu'un loverboy et comment recrute-t-il ses victimes ?") == [
        "Qu'est-ce qu'un loverboy", "comment recrute-t-il ses victimes ?"]
    assert question_parts("Since when has Myria had this task, and when was it extended?") == [
        "Since when has Myria had this task", "when was it extended?"]
    for simple in ("Hoeveel kinderen werden tussen 2013 en 2015 geïdentificeerd?", "Combien de bars et de salons ?",
                   "Who and what?"):
        assert question_parts(simple) == [simple]


def test_a_name_question_wants_a_name_it_does_not_already_give():
    for question in ("Quels sont les trois centres spécialisés en Belgique ?", "Which three centres are recognised?",
                     "Welke drie centra zijn erkend?"):
        assert asked_kind(question) == "name", question
    question = "Which three centres are recognised for the reception of victims in Belgium?"
    assert not holds_kind("In Belgium, the Belgian authorities should do more.", "name", question)
    assert holds_kind("The three centres are Payoke, PAG-ASA and Sürya.", "name", question)


@pytest.mark.slow
def test_keywords_are_answered_with_the_three_best_statements(built_index):
    """Keywords name a topic, not one fact: the answer shows the three best statements (past a first quote that may
    be a title), where a question's second quote must score nearly as well as its first."""
    from answer.passages import is_heading

    collection = Collection(built_index)
    answer = ask(collection, "traite êtres humains quartier Nord scellés")
    quotes = [c for c in answer.citations if not c.version_of]
    assert len(quotes) == 3, answer.text
    assert not any(is_heading(c.quote) for c in quotes[1:]), answer.text
    assert any("scellés" in c.quote for c in quotes), answer.text
    assert all(verified(c) for c in answer.citations)
