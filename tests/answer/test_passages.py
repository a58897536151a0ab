"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""



from answer.reference import reference
from ingest.document import load_document
from tests.conftest import CORPUS, need_shared
from text.sentences import sentence_spans


def test_a_question_naming_who_speaks_is_answered_from_that_source():
    """"… according to Payoke?": a Chamber answer that mentions Payoke does not say what Payoke says; when the
    passages read include Payoke's own, only those compete (and all do when none is Payoke's)."""
    from answer.question import analyse, attributed_to
    from answer.scoring import _speaking
    from core.records import Chunk, Document, Hit

    assert attributed_to("Where does trafficking rank in profits according to Payoke?") == "Payoke"
    assert attributed_to("Combien d'enfants selon le GRETA ?") == "GRETA"
    assert attributed_to("Welk land speelde volgens het oude verslag een pioniersrol?") == ""
    assert attributed_to("Wat zegt de CNCDH over de definitie van mensenhandel?") == "CNCDH"
    assert attributed_to("What does GRETA say about child victims?") == "GRETA"
    assert attributed_to("What did the minister say?") == ""

    def hit(path: str, source: str, text: str) -> Hit:
        doc = Document(id=path, path=path, text=text, source=source, lang="en")
        return Hit(Chunk(f"{path}#0", path, 0, 0, len(text), text, "en"), doc, 1.0)

    answer = hit("chamber_q12.fr.txt", "Chambre", "Selon Payoke, les centres Payoke, PAG-ASA et Sürya accueillent.")
    payoke = hit("payoke_over_mensenhandel_nl.nl.txt", "Payoke", "Mensenhandel is een lucratieve activiteit.")
    question = analyse("Where does trafficking rank in profits according to Payoke?")
    assert question.speaker == "Payoke" and question.asks and question.lang == "en"
    assert _speaking(question, [answer, payoke]) == [payoke]
    assert _speaking(question, [answer]) == [answer]
    assert _speaking(analyse("Where does trafficking rank in profits?"), [answer, payoke]) == [answer, payoke]


def test_the_cited_source_is_a_name_matched_as_words():
    """"According to the UN refugee agency": "un" is in "United Nations" and in "Council of Europe", which are
    not the source cited; "GRETA's report" cites GRETA; a hyphenated name matches its file name."""
    from answer.passages import cites
    from answer.question import attributed_to
    from core.records import Document

    def doc(path: str, source: str = "", title: str = "") -> Document:
        return Document(id=path, path=path, text="", source=source, title=title)

    assert attributed_to("What did GRETA's first report on Belgium urge?") == "GRETA"
    assert attributed_to("According to the UN refugee agency, how many people died?") == "UN"
    assert not cites("UN", doc("palermo_protocol_2000.en.md", "United Nations"))
    assert not cites("UN", doc("coe_greta_second_report_belgium_2017_en.en.txt", "Council of Europe"))
    assert cites("UN", doc("report.en.txt", "UN Migration Network")) and cites("UN", doc("un_migration.fr.txt"))
    assert not cites("UN", doc("qrva_55.fr.txt", title="Un enfant sur trois est exploité"))  # an acronym: capitals
    assert cites("GRETA", doc("web_passages/coe_greta_second_report_belgium_2017_en.en.txt"))
    assert cites("PAG-ASA", doc("web_passages/pagasa_hulp_slachtoffers_nl.nl.txt"))
    assert cites("UN Watch", doc("chamber.fr.txt", title="Le rapport de UN Watch"))
    assert not cites("Mote", doc("piaf_64_20.fr.txt", title="Les promoteurs anglophones"))


def test_a_cited_source_named_in_another_language_is_found():
    """"Selon le Protocole de Palerme" cites the treaty named "UN Palermo Protocol …" in English and "Protocol
    inzake … (Palermo 2000)" in Dutch: the name runs on over a joining word, its words may come in any order and end
    as in another language; a short word must be spelled alike, and every word must be there."""
    from answer.passages import cites, names
    from answer.question import attributed_to
    from core.records import Document

    assert attributed_to("Selon le Protocole de Palerme, à quel âge est-on un enfant ?") == "Protocole de Palerme"
    assert attributed_to("Wat is uitbuiting volgens het Protocol van Palermo?") == "Protocol van Palermo"
    assert attributed_to("Combien de demandes selon l'Office des Étrangers ?") == "Office des Étrangers"
    assert attributed_to("What does the Council of Europe say?") == "Council"  # the "what does X say" form as before
    english = Document(id="p", path="treaties/palermo_protocol_2000.en.md", text="",
                       title="UN Palermo Protocol on trafficking in persons (2000)")
    dutch = Document(id="n", path="x.nl.md", text="",
                     title="Protocol inzake de voorkoming, bestrijding en bestraffing van mensenhandel (Palermo 2000)")
    assert cites("Protocole de Palerme", english) and cites("Protocol van Palermo", dutch)
    assert not cites("Protocole de Palerme", Document(id="c", path="cncdh_essentiels_fr.fr.txt", text="",
                                                      title="Les essentiels de la CNCDH"))
    assert not names("Protocole de Genève", "UN Palermo Protocol")  # every word
    assert not names("Myriam", "", "myria_rapport")  # under 6 letters: spelled alike only
    assert cites("Child Focus", Document(id="f", path="web/focus_child.nl.txt", text=""))  # without its extensions
    assert not cites("Child Focus", Document(id="r", path="web/child_rights.nl.txt", text=""))


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
