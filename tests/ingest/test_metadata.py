
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


def test_generic_document_gets_title_and_its_own_date(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Rapport sur la traite\n\nBruxelles, le 12 mars 2019\n\nLe rapport annuel de Myria ...",
                    encoding="utf-8")
    doc, _ = load_document(path, "note.txt")
    assert doc.title == "Rapport sur la traite" and doc.date == "2019-03-12" and doc.doc_type == "report"


def test_a_date_the_text_mentions_is_not_the_documents_date(tmp_path):
    """Myria's pages were dated 2005-08-10 from "Following the Act of 10 August 2005", and a page whose file name
    says 1995 became 1995: undated is the truth, and a sidecar or manifest can say more."""
    folder = tmp_path / "web_passages"
    folder.mkdir()
    texts = {"myria_page_1995.en.txt": "Trafficking and smuggling\n\nSince 1995 Myria has been given the "
             "responsibility of driving policy on human trafficking. Following the Act of 10 August 2005, this "
             "responsibility was extended to human smuggling.",
             "note.fr.txt": "Note\n\nLa loi du 10 août 2005\n\nElle étend la mission du Centre.",
             "news.nl.txt": "Nieuws\n\n" + "Myria volgt het beleid inzake mensenhandel op. " * 5 +
             "\n\n7 februari 2019\n\nOp 7 februari 2019 publiceerde het Comité aanbevelingen."}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        doc, _ = load_document(folder / name, name)
        assert doc.date == "", name
    labelled = folder / "labelled.fr.txt"
    labelled.write_text("Communiqué\nPublié le 3/4/2020 par Myria\n\nEn 2005, la loi a changé.", encoding="utf-8")
    assert load_document(labelled, "l.txt")[0].date == "2020-04-03"


def test_the_source_is_a_publisher_never_a_folder(tmp_path):
    for name, source in (("levif_pagasa_2018_fr.fr.txt", "Le Vif"), ("fr_cncdh_essentiels.fr.txt", "CNCDH"),
                         ("wordscope_centres.fr.txt", ""), ("myria_rapport.fr.txt", "Myria")):
        folder = tmp_path / "web_passages" / name
        folder.mkdir(parents=True)
        (folder / name).write_text("Un titre\n\nUn texte sur la traite des êtres humains.", encoding="utf-8")
        assert load_document(folder / name, name)[0].source == source, name


def test_dates():
    assert find_date("Date: 08/01/2024 et 2023-05-02") == "2024-01-08"
    assert find_date("signé le 15 november 2000") == "2000-11-15"
    assert date_bounds("2020") == ("2020-01-01", "2020-12-31")
    assert date_bounds("2020-06") == ("2020-06-01", "2020-06-31")


def test_a_law_is_dated_by_its_own_dateline_not_by_what_it_cites():
    """The directive's header says "of 5 April 2011"; the protocol's text cites "resolution 53/111 of 9 December
    1998" and has no dateline of its own: undated unless a sidecar or manifest dates it."""
    need_shared()
    eu, _ = load_document(CORPUS / "web_passages/eu_directive_2011_36_recitals_en.en.txt", "d.en.txt")
    assert eu.date == "2011-04-05"
    for rel in ("pdf/palermo_protocol_2000.nl.textlayer.pdf", "treaties/palermo_protocol_2000.en.md"):
        assert load_document(CORPUS / rel, rel)[0].date == "", rel
