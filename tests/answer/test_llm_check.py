"""The language-model path's checker, with LangChain's fake chat model (no real LLM needed)."""

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from answer.llm import check, llm_answer, prompt
from core.records import Chunk, Document, Hit


def _hit(doc_id: str, text: str, lang: str = "fr") -> Hit:
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text="Intro.\n\n" + text, title=f"Doc {doc_id}", lang=lang,
                   date="2024-01-08", doc_type="document", source="Test")
    chunk = Chunk(id=doc_id + "c", doc_id=doc_id, ordinal=0, char_start=8, char_end=8 + len(text), text=text,
                  lang=lang)
    return Hit(chunk=chunk, document=doc, score=1.0)


HITS = [
    _hit("a", "À la suite de cette action, pas moins de 30 bars à prostitution du quartier Nord ont été placés sous "
              "scellés judiciaires. La police a procédé à 25 arrestations."),
    _hit("b", "Safe.brussels élabore un plan d'action régional en matière de prostitution."),
]


def test_checker_keeps_correct_and_drops_wrong_citation_and_invented_quote():
    reply = ("Selon le Parlement, \"pas moins de 30 bars à prostitution du quartier Nord\" ont été mis sous scellés [1]. "
             "Le plan est élaboré par la police fédérale [7]. "
             "La police a annoncé \"40 arrestations\" [1].")
    checked = check(reply, HITS)
    assert checked.text.startswith("Selon le Parlement") and "[7]" not in checked.text and "40" not in checked.text
    assert len(checked.removed) == 2
    [citation] = checked.citations
    assert citation.n == 1 and citation.quote == "pas moins de 30 bars à prostitution du quartier Nord"
    doc = citation.hit.document
    assert doc.text[citation.char_start:citation.char_end] == citation.quote


def test_sentence_without_citation_is_removed_and_unquoted_claim_gets_best_sentence():
    checked = check("Brussels has a regional plan [2]. It is very good.", HITS)
    assert checked.removed == ["It is very good."]
    assert checked.citations[0].quote.startswith("Safe.brussels élabore")


def test_fake_model_end_to_end():
    model = FakeListChatModel(responses=["Safe.brussels werkt \"un plan d'action régional\" uit [2]. "
                                         "Er werden \"30 bars\" verzegeld [1]. Dit staat nergens [3]."])
    checked = llm_answer(model, "Wie maakt het actieplan?", "nl", HITS)
    assert [c.n for c in checked.citations] == [1, 2]
    assert len(checked.removed) == 1
    assert "in Dutch" in prompt("Wie?", "nl", HITS)
