"""Cross-lingual self-distillation of the judge (scripts/judge/distil.py): the student reads a question against a
text in another language, the teacher reads the same question and text in the text's language; fixtures in the
data's own formats, no model."""

import random

import numpy as np
import pytest

from scripts.judge.distil import KINDS, SPLITS, Packed, chamber_items, sts_items
from tests.index.test_judge_training_data import ROWS, _dataset

STS = {
    "fr": [("Un homme joue de la guitare.", "Un homme joue d'un instrument."), ("Un chat dort.", "Un chien court.")],
    "nl": [("Een man speelt gitaar.", "Een man bespeelt een instrument."), ("Een kat slaapt.", "Een hond rent.")],
    "en": [("A man plays the guitar.", "A man plays an instrument."), ("A cat sleeps.", "A dog runs.")],
}


def _sts(folder):
    folder.mkdir()
    for lang, rows in STS.items():
        for name, take in (("train", rows), ("dev", rows[:1]), ("test", rows[1:])):
            text = "".join(f'"{a}","{b}",{3.0}\n' for a, b in take)
            (folder / f"stsb-{lang}-{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_the_teacher_reads_the_student_s_pair_in_the_text_s_language(tmp_path):
    items = sts_items(_sts(tmp_path / "stsb"))
    assert len(items) == (2 + 1 + 1) * 9  # every row in each of the 3 × 3 language pairs
    assert {i[5] for i in items} == {"train", "val", "test"}
    lang_of = {s: lang for lang, rows in STS.items() for row in rows for s in row}
    for question, text, t_question, t_text, kind, _ in items:
        assert t_text == text  # the same text …
        assert lang_of[t_question] == lang_of[text]  # … against the question in its own language
        assert STS[lang_of[question]].index(next(r for r in STS[lang_of[question]] if r[0] == question)) == \
            STS[lang_of[text]].index(next(r for r in STS[lang_of[text]] if r[1] == text))  # one row, aligned
        assert kind == ("sts-same" if lang_of[question] == lang_of[text] else "sts-cross")


def test_chamber_questions_pair_aligned_versions_of_one_sentence(tmp_path):
    _dataset(tmp_path)
    items = chamber_items(tmp_path, random.Random(1), per_question=3)
    assert items and {i[4] for i in items} == {"ch-cross", "ch-same"}
    french = {row["id"]: row["text_fr"] for row in ROWS}
    for question, text, t_question, t_text, kind, _ in items:
        assert t_text == text and "?" in question and "?" in t_question
        in_french = {s: any(s in t for t in french.values()) for s in (question, text, t_question)}
        assert in_french[t_question] == in_french[text]  # the teacher's question is in the text's language
        assert (kind == "ch-same") == (in_french[question] == in_french[text])


def test_packed_pairs_come_back_padded_and_masked(tmp_path):
    torch = pytest.importorskip("torch")
    student, teacher = [[0, 5, 6, 2], [0, 7, 2]], [[0, 5, 2], [0, 8, 9, 10, 2]]
    np.savez_compressed(tmp_path / "pairs.npz", student=np.concatenate(student).astype(np.uint32),
                        student_lengths=np.array([len(s) for s in student], dtype=np.int32),
                        teacher=np.concatenate(teacher).astype(np.uint32),
                        teacher_lengths=np.array([len(t) for t in teacher], dtype=np.int32),
                        kind=np.array([KINDS.index("sts-cross"), KINDS.index("qa")], dtype=np.uint8),
                        split=np.array([SPLITS.index("train"), SPLITS.index("test")], dtype=np.uint8))
    packed = Packed(tmp_path)
    assert packed.rows("qa", "test").tolist() == [1] and packed.rows("qa", "train").tolist() == []
    ids, mask, types = packed.batch("teacher", np.array([1, 0]), torch.device("cpu"))
    assert ids.tolist() == [[0, 8, 9, 10, 2], [0, 5, 2, 1, 1]]  # padding (1) is masked out
    assert mask.tolist() == [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]] and not types.any()
    ids, _, _ = packed.batch("student", np.array([0]), torch.device("cpu"))
    assert ids.tolist() == [[0, 5, 6, 2]]


def test_training_from_a_layer_leaves_the_layers_below_as_committed_and_saves_them_all():
    """`train --train-from-layer`: no gradient below that layer, and the saved file still holds every layer's
    adapters (a tiny random BERT, no download)."""
    import torch
    from transformers import BertConfig, BertModel

    from scripts.judge.distil import freeze_below
    from scripts.judge.model import Judge

    torch.manual_seed(0)
    bert = BertModel(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                                intermediate_size=32))
    judge = Judge(bert, depth=3, rank=2)
    before = {n: p.detach().clone() for n, p in judge.named_parameters()}
    kept = freeze_below(judge, 2)
    assert kept and all(not p.requires_grad for p in kept)
    trains = {n for n, p in judge.named_parameters() if p.requires_grad}
    assert trains and all(not n.startswith(("bert.encoder.layer.0.", "bert.encoder.layer.1.")) for n in trains)
    assert {"head.weight", "head.bias"} <= trains
    optimiser = torch.optim.SGD([p for p in judge.parameters() if p.requires_grad], lr=1.0)
    ids = torch.randint(0, 50, (2, 6))
    judge(ids, torch.ones_like(ids), torch.zeros_like(ids)).sum().backward()
    optimiser.step()
    after = dict(judge.named_parameters())
    assert all(torch.equal(after[n], before[n]) for n in before if n.startswith("bert.encoder.layer.1."))
    assert not torch.equal(after["head.weight"], before["head.weight"])
    for p in kept:
        p.requires_grad = True
    saved = judge.trained()
    assert any(k.startswith("bert.encoder.layer.0.") for k in saved) and "bert.encoder.layer.2.output.dense.a" in saved
