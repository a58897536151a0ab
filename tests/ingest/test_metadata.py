
from ingest.document import load_document
from tests.conftest import CORPUS, SHARED, need_shared
from text.dates import date_bounds, find_date


def test_brussels_parliament_question_fr():
    need_shared()
    doc, chunks = load_document(SHARED / "seeds/000_3c62babcb694d861.txt", "seed.txt")
    m = doc.metadata
    assert doc.doc_type == "written_question" and doc.lang == "fr"
    assert doc.title.startswith("Question écrite concernant l'action contre la traite")
    assert m["question_number"] == "1200" and m["author"] == "Mathias Vanden Borre"
    assert m["addressee"].startswith("Rudi Vervoort, Ministre-Président")
    assert (m["date_received"], m["date_published"], m["date_answered"]) == ("2023-09-29", "2024-01-19", "2024-01-08")
    assert (m["legislature"], m["session"]) == ("19/24", "23/24")
    assert doc.date == "2024-01-08"
    names = [s.name for s in doc.sections]
    assert names == ["question", "answer"]
    question, answer = doc.sections
    assert doc.text[question.char_start:].startswith("Question Dans le cadre")
    assert doc.text[answer.char_start:].startswith("Réponse J’ai l’honneur")
    assert {c.section for c in chunks} >= {"question", "answer"}


def test_brussels_parliament_question_nl():
    need_shared()
    doc, _ = load_document(CORPUS / "web_passages/parlbru_q197_fioul_gang_nl.nl.txt", "q197.txt")
    m = doc.metadata
    assert doc.lang == "nl" and m["question_number"] == "197" and m["date_answered"] == "2020-06-02"
    assert m["parliament"] == "Brussels Parlement" and doc.sections[0].name == "question"


def test_chamber_question_id():
    need_shared()
    rel = "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460.fr.txt"
    doc, _ = load_document(CORPUS / rel, rel)
    m = doc.metadata
    assert (m["legislature"], m["bulletin"], m["question_number"], m["session"]) == ("55", "B030", "11", "2020-2021")
    assert doc.date == "2020" and doc.doc_type == "written_question"
    assert doc.source == "Chambre des représentants"


def test_generic_document_gets_title_and_date(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Rapport sur la traite\n\nBruxelles, le 12 mars 2019. Le rapport annuel de Myria ...", encoding="utf-8")
    doc, _ = load_document(path, "note.txt")
    assert doc.title == "Rapport sur la traite" and doc.date == "2019-03-12" and doc.doc_type == "report"


def test_dates():
    assert find_date("Date: 08/01/2024 et 2023-05-02") == "2024-01-08"
    assert find_date("signé le 15 november 2000") == "2000-11-15"
    assert date_bounds("2020") == ("2020-01-01", "2020-12-31")
    assert date_bounds("2020-06") == ("2020-06-01", "2020-06-31")


def test_a_document_does_not_predate_the_year_its_name_gives_it():
    """The Palermo Protocol's preamble cites "resolution 53/111 of 9 December 1998": that is not the date of the
    protocol of 2000, whose file name and title say 2000. A later date in the text is kept."""
    need_shared()
    for rel in ("pdf/palermo_protocol_2000.nl.textlayer.pdf", "treaties/palermo_protocol_2000.en.md"):
        doc, _ = load_document(CORPUS / rel, rel)
        assert doc.date == "2000", rel
    eu, _ = load_document(CORPUS / "web_passages/eu_directive_2011_36_recitals_fr.fr.txt", "d.fr.txt")
    assert eu.date == "2011"  # its first date, 30 November 2009, is that of a Council document it cites
