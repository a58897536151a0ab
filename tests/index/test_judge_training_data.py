"""The judge's Chamber statement negatives (scripts/judge/pairs.py: statement_pairs) and the statement questions
the refusal is measured on (scripts/judge/retrieval.py): built from a two-question fixture in the dataset's format."""

import gzip
import json
import random

from scripts.judge.pairs import Pair, corpus_questions, split_of, statement_pairs
from scripts.judge.retrieval import statement_questions

ROWS = [
    {"id": "55-B001-1-0001-2020202100001",
     "text_fr": "La presse a rapporté une vaste saisie de contrefaçons à Anvers en juillet 2019.Les douanes ont "
                "travaillé avec la police locale pendant trois jours.1. Combien de produits contrefaits ont été "
                "saisis par les douanes en 2019?2. Quels sont les pays d'origine de ces marchandises saisies?",
     "text_nl": "De pers berichtte over een grote inbeslagname van namaak in Antwerpen in juli 2019.De douane werkte "
                "drie dagen samen met de lokale politie.1. Hoeveel namaakproducten werden in 2019 door de douane in "
                "beslag genomen?2. Wat zijn de landen van herkomst van die in beslag genomen goederen?"},
    {"id": "55-B001-1-0002-2020202100002",
     "text_fr": "Le centre d'accueil de Grote-Spouwen devait ouvrir fin octobre 2019 avec la Croix-Rouge. Les "
                "riverains ont été informés lors d'une réunion publique au mois de septembre. Quand le centre "
                "sera-t-il prêt pour accueillir les demandeurs d'asile?",
     "text_nl": "Het opvangcentrum in Grote-Spouwen zou eind oktober 2019 met het Rode Kruis openen. De buurtbewoners "
                "werden in september op een openbare vergadering ingelicht. Wanneer zal het centrum klaar zijn om "
                "asielzoekers op te vangen?"},
]


def _dataset(folder):
    path = folder / "datasets" / "be_chamber_questions_2020.jsonl.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row) + "\n" for row in ROWS)
    return path


def test_a_member_s_question_against_its_own_statement_is_a_negative(tmp_path):
    pairs = statement_pairs(_dataset(tmp_path), random.Random(1), negatives=2)
    assert pairs and all(isinstance(p, Pair) and p.label == 0 and p.kind == "statement" for p in pairs)
    texts = {p.text for p in pairs}
    # the dataset's glued sentences are cut apart, and the next question's number is not left on a sentence
    assert "Les douanes ont travaillé avec la police locale pendant trois jours." in texts
    assert not any("?" in t or t.endswith("1.") for t in texts)
    # questions lose their numbering; both languages ask; the aligned translation of the nearest sentence too
    assert {p.query for p in pairs if p.qlang == "fr"} <= {
        "Combien de produits contrefaits ont été saisis par les douanes en 2019?",
        "Quels sont les pays d'origine de ces marchandises saisies?",
        "Quand le centre sera-t-il prêt pour accueillir les demandeurs d'asile?"}
    assert {(p.qlang, p.tlang) for p in pairs} == {("fr", "fr"), ("nl", "nl"), ("fr", "nl"), ("nl", "fr")}
    # the same split as the question's other Chamber pairs: no question is in two splits
    assert all(p.split == split_of("chamber", p.group) for p in pairs)


def test_the_statement_questions_are_the_validation_and_test_rows_only(tmp_path):
    _dataset(tmp_path)
    asked = statement_questions(tmp_path)
    splits = {row["id"]: split_of("chamber", row["id"]) for row in ROWS}
    expected = {f"chamber_{i}" for i, split in splits.items() if split in ("val", "test")}
    assert expected and len(expected) < len(ROWS)  # the fixture has a question in each
    assert {name for _, name, _, _, _ in asked} == expected
    for question, name, langs, split, answers in asked:
        assert question.endswith("?") and len(question.split()) >= 5 and not question[0].isdigit()
        assert langs in ("fr-fr/nl", "nl-fr/nl") and answers == {} and split == splits[name.removeprefix("chamber_")]


def test_the_questions_of_radar_s_evaluation_corpus_are_kept_out(tmp_path):
    path = _dataset(tmp_path)
    corpus = tmp_path / "corpus" / "be_chamber_questions_2020"
    corpus.mkdir(parents=True)
    (corpus / f"qrva_{ROWS[0]['id']}.fr.txt").write_text(ROWS[0]["text_fr"], encoding="utf-8")
    assert corpus_questions(tmp_path) == {ROWS[0]["id"]}
    kept = statement_pairs(path, random.Random(1), exclude=frozenset(corpus_questions(tmp_path)))
    assert kept and {p.group for p in kept} == {ROWS[1]["id"]}
    assert statement_questions(tmp_path) == []  # the one validation or test row is in the corpus
