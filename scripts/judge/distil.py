"""Teach the answer judge to read a question against a text in another language as it reads the question against
that text's own-language version: cross-lingual self-distillation (issue 18).

The committed 12-layer judge scores a French question against a Dutch sentence 1.2-2.5 logits lower than it scores
the Dutch question against the same sentence (bench/results/judge_language_pairs.md), and no calibration constant
closes the gap: it grows with relevance. Aligned texts give the missing training signal without labels: for a
question and a text each in several languages, the student's logit on (question in X, text in Y) is pulled to the
committed judge's logit on (question in Y, text in Y); same-language pairs are pulled to the committed judge's own
logit, so it does not drift. The aligned texts:

- STS-B in French, Dutch and English (sentence 1 as the question, sentence 2 as the text), by its own split;
- Chamber written questions in French and Dutch (`../shared/datasets`): a member's question against a sentence of
  the statement of facts, both versions when their sentences align; split by question, Radar's corpus left out;
- PIAF and XQuAD-R answer-sentence pairs (same language): anchors of the question-answer task.

  python scripts/judge/distil.py prepare [--shared ../shared] [--out judge-data/distil]      # here: pairs → tokens
  python scripts/judge/distil.py train --data judge-data/distil --out judge-out/distil [--steps 3000]
      [--batch 64] [--lr 1e-4] [--minutes M]          # GPU if present (on 2 CPU cores: ~3 s a step of 16 pairs)
      [--mix '{"sts-cross":6,"ch-cross":6,"qa":4}' --train-from-layer 6]  # a judge served on cross-lingual
      # quotes only (index/relevance.json "crosslingual_judge"): no same-language pairs to anchor
  python scripts/judge/distil.py check --data judge-data/distil --candidate judge-out/distil/judge-12.npz
      # held-out: the cross-lingual gap before → after, and the same-language drift

`prepare` packs the token ids and e5's weights as `train_judge.py prepare` does (two files, 64 MB at most, that
travel to a GPU machine). A candidate is kept only through `scripts/judge/fuse.py` refitted on it and the corpus
checks (README); a CPU run of 1,461 steps was not (cross gap −36 % on STS-B, −14 % on Chamber; drift 0.44-0.52).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEED = 13
LANGS = ("fr", "nl", "en")
KINDS = ("sts-cross", "sts-same", "ch-cross", "ch-same", "qa")
# Pairs per kind in a batch of 16 (scaled with --batch): cross-lingual pairs are what is taught, the same-language
# ones and the question-answer anchors keep what the judge knows.
MIX = {"sts-cross": 6, "ch-cross": 3, "sts-same": 2, "ch-same": 1, "qa": 4}
SPLITS = ("train", "val", "test")

# (student question, student text, teacher question, teacher text, kind, split)
Item = tuple[str, str, str, str, str, str]


def sts_items(folder: Path) -> list[Item]:
    """Every STS-B row in each (question language, text language): the teacher reads the row in the text's."""
    from scripts.judge.pairs import sts_rows

    items: list[Item] = []
    for split, name in zip(SPLITS, ("train", "dev", "test")):
        rows = sts_rows(folder, name, LANGS)
        for i in range(min(len(r) for r in rows.values())):
            for x in LANGS:
                for y in LANGS:
                    items.append((rows[x][i][0], rows[y][i][1], rows[y][i][0], rows[y][i][1],
                                  "sts-cross" if x != y else "sts-same", split))
    return items


def chamber_items(shared: Path, rng: random.Random, per_question: int = 2) -> list[Item]:
    """A member's question against statement sentences, in each (question, text) language of French and Dutch,
    where the two versions have as many questions and sentences (so that they align)."""
    from scripts.judge.pairs import chamber_rows, corpus_questions, member_questions, split_of

    kept_out = corpus_questions(shared)  # Radar's evaluation corpus
    items: list[Item] = []
    for row in chamber_rows(shared / "datasets" / "be_chamber_questions_2020.jsonl.gz"):
        if row["id"] in kept_out:
            continue
        (sf, qf), (sn, qn) = member_questions(row["text_fr"]), member_questions(row["text_nl"])
        if not (qf and qn and sf and len(sf) == len(sn) and len(qf) == len(qn)):
            continue
        split = split_of("chamber", row["id"])
        for _ in range(per_question):
            k, j = rng.randrange(len(qf)), rng.randrange(len(sf))
            question, text = {"fr": qf[k], "nl": qn[k]}, {"fr": sf[j], "nl": sn[j]}
            if all(20 <= len(t) <= 500 for t in text.values()):
                items += [(question[x], text[y], question[y], text[y], "ch-cross" if x != y else "ch-same", split)
                          for x in ("fr", "nl") for y in ("fr", "nl")]
    return items


def qa_items(shared: Path, rng: random.Random) -> list[Item]:
    """PIAF and XQuAD-R question/sentence pairs, as the judge trained on them: the teacher reads the same pair."""
    from scripts.judge.pairs import split_of, squad_pairs, xquad_pairs

    pairs = squad_pairs(shared / "training" / "piaf-v1.1.json", "fr", "piaf", rng)
    pairs += xquad_pairs(shared / "training" / "xquad-r", rng)
    return [(p.query, p.text, p.query, p.text, "qa", split_of(p.source, p.group)) for p in pairs
            if p.kind == "sentence"]


def prepare(shared: Path, out: Path) -> None:
    from index.embedder import DEFAULT_MODEL, resolve_model
    from index.judge import pair_ids
    from index.onnx_int8 import folder_tokenizer
    from scripts.train_judge import pack_base, vocabulary

    rng = random.Random(SEED)
    items = sts_items(shared / "training" / "stsb") + chamber_items(shared, rng) + qa_items(shared, rng)
    tokenizer = folder_tokenizer(Path(resolve_model(DEFAULT_MODEL)))
    student = [np.array(e, dtype=np.int64) for e in pair_ids(tokenizer, [(i[0], i[1]) for i in items])]
    teacher = [np.array(e, dtype=np.int64) for e in pair_ids(tokenizer, [(i[2], i[3]) for i in items])]
    vocab, remap = vocabulary(student + teacher)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "pairs.npz",
                        student=np.concatenate([remap[s] for s in student]).astype(np.uint32),
                        student_lengths=np.array([len(s) for s in student], dtype=np.int32),
                        teacher=np.concatenate([remap[t] for t in teacher]).astype(np.uint32),
                        teacher_lengths=np.array([len(t) for t in teacher], dtype=np.int32),
                        kind=np.array([KINDS.index(i[4]) for i in items], dtype=np.uint8),
                        split=np.array([SPLITS.index(i[5]) for i in items], dtype=np.uint8))
    np.savez_compressed(out / "base.npz", **pack_base(vocab))
    counts = {f"{k} {s}": sum(1 for i in items if i[4] == k and i[5] == s) for k in KINDS for s in SPLITS}
    print(json.dumps(counts), {f.name: round(f.stat().st_size / 2**20, 1) for f in out.glob("*.npz")})


class Packed:
    """The prepared pairs: rows of student and teacher token ids as padded tensors."""

    def __init__(self, data_dir: Path) -> None:
        data = np.load(data_dir / "pairs.npz")
        self.kind, self.split = data["kind"], data["split"]
        self.tokens = {side: data[side].astype(np.int64) for side in ("student", "teacher")}
        self.lengths = {side: data[f"{side}_lengths"] for side in ("student", "teacher")}
        self.starts = {side: np.concatenate([[0], np.cumsum(n)[:-1]]) for side, n in self.lengths.items()}

    def rows(self, kind: str, split: str) -> np.ndarray:
        return np.flatnonzero((self.kind == KINDS.index(kind)) & (self.split == SPLITS.index(split)))

    def batch(self, side: str, rows: np.ndarray, device):
        """(ids, mask, types) of `rows` on `side`, padded to the longest."""
        import torch

        from scripts.train_judge import padded

        ids, mask = padded(self.tokens[side], self.starts[side], self.lengths[side], rows)
        ids_t, mask_t = torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)
        return ids_t, mask_t, torch.zeros_like(ids_t)


def judges(data_dir: Path, init: Path, candidate: Path | None, device):
    """The committed judge (the teacher, frozen) and the student: a copy of it, or `candidate`'s weights; e5 is
    rebuilt from the packed file once and copied (a Judge adapts the network it is given in place)."""
    import copy

    from scripts.judge.model import Judge
    from scripts.train_judge import base_model, load_trained

    depth = int(np.load(init)["depth"])
    base = base_model(data_dir / "base.npz")
    teacher = Judge(copy.deepcopy(base), depth).to(device).eval()
    load_trained(teacher, init)
    student = Judge(base, depth).to(device)
    load_trained(student, candidate or init)
    return teacher, student


def train(data_dir: Path, init: Path, out: Path, steps: int, batch: int, lr: float, minutes: float | None,
          mix: dict[str, int] = MIX, from_layer: int = 0) -> None:
    """`from_layer` > 0 keeps the adapters and LayerNorms below that layer as committed: no gradient flows there
    (a third to a half of a CPU step saved), and the student changes only what the top layers make of the pair."""
    import torch

    torch.manual_seed(SEED)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    packed = Packed(data_dir)
    pools = {kind: packed.rows(kind, "train") for kind in mix}
    teacher, student = judges(data_dir, init, None, device)
    kept = freeze_below(student, from_layer)
    params = [p for p in student.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps, pct_start=0.05)
    rng = np.random.default_rng(SEED)
    scale = batch / sum(mix.values())
    started, losses = time.time(), []
    out.mkdir(parents=True, exist_ok=True)
    for step in range(1, steps + 1):
        rows = np.concatenate([rng.choice(pools[k], max(1, round(n * scale)), replace=False) for k, n in mix.items()])
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            target = teacher(*packed.batch("teacher", rows, device)).float()
        student.train()
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            loss = torch.mean((student(*packed.batch("student", rows, device)).float() - target) ** 2)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        schedule.step()
        losses.append(loss.item())
        if step % 100 == 0 or step == steps:
            print(f"step {step}/{steps}: loss {np.mean(losses[-100:]):.3f} ({time.time() - started:.0f} s)", flush=True)
        if minutes is not None and time.time() - started > minutes * 60:
            print(f"stopped at step {step}: --minutes {minutes}", flush=True)
            break
    for p in kept:  # saved with the rest: the file holds every layer's adapters
        p.requires_grad = True
    save(student, init, out / init.name)


def freeze_below(student, from_layer: int) -> list:
    """Stop training the adapters and LayerNorms of the layers under `from_layer`; returns them, so that they are
    made trainable again before saving (`Judge.trained` saves what trains, and the file must hold every layer)."""
    kept = [p for name, p in student.named_parameters() if p.requires_grad and _layer(name) < from_layer]
    for p in kept:
        p.requires_grad = False
    return kept


def _layer(name: str) -> int:
    """The encoder layer a parameter belongs to ("bert.encoder.layer.3.…" → 3); the head and others: a large one."""
    parts = name.split(".")
    return int(parts[3]) if parts[:3] == ["bert", "encoder", "layer"] else 1 << 30


def save(student, init: Path, path: Path) -> None:
    """The student's adapters, LayerNorms and head, with the committed judge's threshold and calibration (the
    fit in scripts/judge/fuse.py is redone on the candidate; these only keep the file complete)."""
    weights = student.trained()
    committed = np.load(init)
    for key in ("threshold", "platt_a", "platt_b"):
        if key in committed.files:
            weights[key] = committed[key]
    np.savez_compressed(path, **weights)
    print(f"wrote {path}", flush=True)


def check(data_dir: Path, init: Path, candidate: Path, split: str = "test", per_kind: int = 1200) -> dict:
    """On held-out pairs (at most `per_kind` of each kind, seeded): the cross-lingual gap, mean |judge(X→Y) −
    committed(Y→Y)|, for the committed judge and the candidate; and the candidate's drift on same-language pairs,
    mean |candidate − committed|."""
    import torch

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    packed = Packed(data_dir)
    teacher, student = judges(data_dir, init, candidate, device)
    student.eval()
    rng = np.random.default_rng(SEED)

    def scores(model, side: str, rows: np.ndarray) -> np.ndarray:
        out = []
        with torch.no_grad():
            for i in range(0, len(rows), 64):
                out.append(model(*packed.batch(side, rows[i : i + 64], device)).float().cpu().numpy())
        return np.concatenate(out) if out else np.zeros(0)

    result = {}
    for kind in KINDS:
        rows = packed.rows(kind, split)
        rows = np.sort(rng.choice(rows, min(per_kind, len(rows)), replace=False))
        before, after = scores(teacher, "student", rows), scores(student, "student", rows)
        if "cross" in kind:  # on a same-language pair the teacher reads what the student reads: `before`
            target = scores(teacher, "teacher", rows)
            result[kind] = {"pairs": len(rows), "gap before": round(float(np.mean(abs(before - target))), 3),
                            "gap after": round(float(np.mean(abs(after - target))), 3)}
        else:
            result[kind] = {"pairs": len(rows), "drift": round(float(np.mean(abs(after - before))), 3)}
        print(kind, result[kind], flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=ROOT / "judge-data" / "distil")
    t = sub.add_parser("train")
    c = sub.add_parser("check")
    for s in (t, c):
        s.add_argument("--data", type=Path, default=ROOT / "judge-data" / "distil")
        s.add_argument("--init", type=Path, default=ROOT / "index" / "judge-12.npz", help="the committed judge")
    t.add_argument("--out", type=Path, default=ROOT / "judge-out" / "distil")
    t.add_argument("--steps", type=int, default=3000)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-4)
    t.add_argument("--minutes", type=float, default=None, help="stop after this long (a lent machine's budget)")
    t.add_argument("--mix", type=json.loads, default=MIX, help='pairs per kind in 16, as JSON: {"sts-cross": 6, …}')
    t.add_argument("--train-from-layer", type=int, default=0,
                   help="keep the committed adapters below this layer (a judge served only on cross-lingual pairs)")
    c.add_argument("--candidate", type=Path, required=True)
    c.add_argument("--split", choices=SPLITS, default="test")
    c.add_argument("--per-kind", type=int, default=1200, help="held-out pairs of each kind scored")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.shared, args.out)
    elif args.command == "train":
        train(args.data, args.init, args.out, args.steps, args.batch, args.lr, args.minutes, args.mix,
              args.train_from_layer)
    else:
        check(args.data, args.init, args.candidate, args.split, args.per_kind)


if __name__ == "__main__":
    main()
