"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""



from answer.reference import reference
from ingest.document import load_document
from tests.conftest import CORPUS, SHARED, need_shared


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
