"""Ingest → store → index with the real model on a small real corpus."""


import pytest

from core.filters import Filters
from index.collection import Collection
from index.search import search

pytestmark = pytest.mark.slow


@pytest.mark.slow
def test_a_scan_and_its_clean_copy_are_one_result_shown_from_the_clean_copy(tmp_path):
    """The Quartier Nord question as a scanned PDF (OCR: "criminali:é", ":raite") and as a web page: one passage,
    quoted from the clean copy, the scan named in also_in, so that another passage gets the second place."""
    from index.search import same_passage
    from tests.conftest import CORPUS, index_of

    c = index_of(tmp_path, [CORPUS / rel for rel in ("pdf/parlbru_q1200_quartier_nord.fr.SIMULATED_SCAN.pdf",
                                                     "web_passages/parlbru_q1200_quartier_nord_fr.fr.txt",
                                                     "web_passages/bx1_saint_josse_carrees_2023_fr.fr.txt")])
    hits = search(c, "Combien de bars du quartier Nord ont été placés sous scellés ?", k=4)
    first = hits[0]
    assert "30 bars" in first.chunk.text and not first.document.ocr
    assert any(p.endswith("SIMULATED_SCAN.pdf") for p in first.also_in)
    assert not any(same_passage(first.chunk.text, h.chunk.text) for h in hits[1:])
    assert same_passage("Bruxelles reste donc une destination privilégiée pour la criminalité organisée.",
                        "Bruxelles reste donc une destination privilégiée pour la criminali:é organisée.")
    assert not same_passage("Bruxelles reste donc une destination privilégiée pour la criminalité organisée.",
                            "Bruxelles reste une destination pour le tourisme et les congrès internationaux.")


@pytest.mark.slow
@pytest.mark.parametrize("stored_first", ["web", "seed"])
def test_copies_of_a_passage_are_shown_from_the_copy_stored_first(tmp_path, stored_first):
    """The seed and its web excerpt hold the same Quartier Nord passages, cut into chunks at other places, so either
    may rank higher. Whatever the question, the passage is shown from one file (the one stored first), the other
    in also_in: not from the seed for one question and from the web page for the next."""
    from tests.conftest import CORPUS, ROOT, index_of

    files = {"web": CORPUS / "web_passages/parlbru_q1200_quartier_nord_fr.fr.txt",
             "seed": ROOT / "corpus/000_3c62babcb694d861.txt"}
    order = [stored_first, *(name for name in files if name != stored_first)]
    c = index_of(tmp_path, [files[name] for name in order])
    for question in ("Combien de bars à prostitution du quartier Nord ont été placés sous scellés ?",
                     "Hoeveel arrestaties verrichtte de federale gerechtelijke politie van Brussel?",
                     "How many addresses did the federal judicial police search?",
                     "Welk organisme werkt een gewestelijk actieplan rond prostitutie uit in Brussel?"):
        top = search(c, question, k=3)[0]
        assert top.document.path.endswith(files[order[0]].name), (question, top.document.path)
        assert any(p.endswith(files[order[1]].name) for p in top.also_in), question


def test_dutch_question_finds_french_passage(built_index):
    c = Collection(built_index)
    hits = search(c, "Hoeveel prostitutiebars in de Noordwijk werden verzegeld?", k=3)
    assert "30 bars à prostitution" in " ".join(h.chunk.text for h in hits)


def test_filters(built_index):
    c = Collection(built_index)
    q = "traite des êtres humains"
    assert {h.chunk.lang for h in search(c, q, k=10, filters=Filters(lang="nl"))} == {"nl"}
    for h in search(c, q, k=10, filters=Filters(since="2023")):
        assert h.document.date >= "2023"
    for h in search(c, q, k=10, filters=Filters(until="2020")):
        assert h.document.date[:4] <= "2020"
    assert {h.document.doc_type for h in search(c, q, k=10, filters=Filters(doc_type="written_question"))} == {
        "written_question"}
    assert search(c, q, k=10, filters=Filters(doc_type="no-such-type")) == []


def test_pasted_document_finds_its_other_language_version(built_index):
    from tests.conftest import CORPUS

    c = Collection(built_index)
    rel = "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460"
    text = (CORPUS / f"{rel}.fr.txt").read_text(encoding="utf-8")
    assert len(text) > 400  # long enough to be treated as a pasted document
    hits = search(c, text, k=1, filters=Filters(lang="nl"))
    assert hits[0].document.path.endswith(f"{rel}.nl.txt")


def test_rare_names_are_the_cross_lingual_anchors(built_index):
    """A French question's names found only in a Dutch text are searched on their own; a name every
    document of its language mentions, a year, or the question's first word are not names to search."""
    from index.search import names_in, rare_names

    assert names_in("Combien de victimes PAG-ASA a-t-elle accueillies en 2019 ?") == ["PAG-ASA"]
    assert names_in("Welke waarden hanteert Payoke sinds 2024/1712?") == ["Payoke", "1712"]
    collection = Collection(built_index)
    question = "Qu'est-ce que le Fioul Gang a fait à Bruxelles ?"
    assert rare_names(collection, question) == ["Fioul", "Gang"]  # Bruxelles: French texts only
    assert rare_names(collection, "Combien de victimes PAG-ASA a-t-elle accueillies ?") == []  # in many documents
    assert search(collection, question, k=1)[0].document.path.endswith("parlbru_q197_fioul_gang_nl.nl.txt")
