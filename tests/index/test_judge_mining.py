"""Where the judge's hard negatives come from (scripts/judge/mine.py): every sentence of the question's article
but the answer's own, never one that holds the answer, in the languages XQuAD-R pairs them in. The model-scored
part (e5 and the judge choosing among them) runs in the script only; these are the pools it chooses from."""

import json

from scripts.judge.mine import candidates, piaf_questions, xquad_questions

CLUB = "Le club fut fondé en 1901. Il compte 300 membres. Son président est Paul Martin."
STADIUM = "Le stade a 300 places. Il fut rénové en 1990."


def test_a_piaf_question_s_pool_is_its_article_without_its_answer_s_sentence(tmp_path):
    path = tmp_path / "piaf.json"
    path.write_text(json.dumps({"data": [{"title": "Club", "paragraphs": [
        {"context": CLUB, "qas": [
            {"question": "Combien de membres compte le club ?", "answers": [{"text": "300", "answer_start": 37}]},
            {"question": "Qui préside le club ?", "answers": [{"text": "Paul Martin", "answer_start": 0}]}]},
        {"context": STADIUM, "qas": []}]}]}), encoding="utf-8")
    (group, question, answer, pool, lang), (_, _, _, pool2, _) = piaf_questions(path)
    assert (group, question, answer, lang) == ("Club", "Combien de membres compte le club ?", "300", "fr")
    assert pool == ["Le club fut fondé en 1901.", "Son président est Paul Martin.", "Le stade a 300 places.",
                    "Il fut rénové en 1990."]
    # PIAF's one wrong offset: the answer is found by its text, and its sentence still left out
    assert "Son président est Paul Martin." not in pool2 and "Il compte 300 membres." in pool2
    # the stadium's 300 places hold the answer's text: not a negative, it might be read as the answer
    assert candidates(pool, answer) == ["Le club fut fondé en 1901.", "Son président est Paul Martin.",
                                        "Il fut rénové en 1990."]
    assert candidates(["Combien de places ?", "Une phrase.", "Une phrase."], "300") == ["Une phrase."]


def test_xquad_questions_come_once_in_their_language_and_once_across_languages(tmp_path):
    def paragraph(lang, texts, question):
        breaks, at = [], 0
        for t in texts:
            breaks.append([at, at + len(t)])
            at += len(t) + 1
        return {"context": " ".join(texts), "sentences": texts, "sentence_breaks": breaks,
                "qas": [{"question": f"{question} ({lang})", "answers": [{"text": texts[1][:4],
                                                                           "answer_start": breaks[1][0]}]}]}

    for lang in ("en", "de", "es"):
        article = {"paragraphs": [paragraph(lang, [f"{lang} one.", f"{lang} two.", f"{lang} three."], "Q1"),
                                  paragraph(lang, [f"{lang} four.", f"{lang} five."], "Q2")]}
        (tmp_path / f"{lang}.json").write_text(json.dumps({"data": [article]}), encoding="utf-8")
    items = xquad_questions(tmp_path)
    assert [(q, ql, tl) for _, q, _, _, ql, tl in items] == [
        ("Q1 (en)", "en", "en"), ("Q1 (en)", "en", "de"), ("Q2 (de)", "de", "de"), ("Q2 (de)", "de", "es")]
    _, _, answer, pool, _, tlang = items[1]
    assert (answer, tlang) == ("de t", "de")
    assert pool == ["de one.", "de three.", "de four.", "de five."]  # the answer's sentence ("de two.") left out
