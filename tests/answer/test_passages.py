"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""



from answer.reference import reference
from ingest.document import load_document
from tests.conftest import CORPUS, need_shared
from text.sentences import sentence_spans


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
