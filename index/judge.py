"""The relevance judge (issue 18): how well a text answers a question, read together by a cross-encoder.

The network is the bottom layers of multilingual-e5-small with low-rank adapters folded into its weights and a
linear head (trained by scripts/train_judge.py on ../shared/training; the adapters ship in index/judge-<depth>.npz,
~1-3 MB). At first use it is rebuilt from the embedding model already in Radar's cache, exported to ONNX and
quantised to int8 like the embedder (index/onnx_int8.py), and cached beside it. `probability` is calibrated
(Platt scaling on the training data's validation split), so a threshold on it means the same for every question.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from core.errors import ModelUnavailable

LINEARS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
MAX_TOKENS = 192  # question + text, as trained
QUESTION_TOKENS = MAX_TOKENS // 2  # a longer question (a pasted paragraph; no training question came near) is cut
DEFAULT_DEPTH = 6
BUILD = "v1"


def pair(question: str, text: str) -> tuple[str, str]:
    """What the judge reads of a question and a text, as it was trained on them (e5's own prefixes)."""
    return f"query: {question}", f"passage: {text}"


def pair_ids(tokenizer, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """The judge's input ids for (question, text) pairs, `<s> query: … </s></s> passage: … </s>` (all token types
    0), the text cut to fit MAX_TOKENS as the tokenizer's own "only_second" truncation cut it in training. Built
    here rather than by that truncation, so the judge reads the embedder's tokenizer as it is (one vocabulary in
    memory, index/onnx_int8.folder_tokenizer) and a question too long to leave the text room is cut to
    QUESTION_TOKENS instead of failing."""
    start, end = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    encoded = tokenizer.encode_batch([part for q, t in pairs for part in pair(q, t)], add_special_tokens=False)
    out = []
    for i in range(0, len(encoded), 2):
        question = encoded[i].ids
        if len(question) + 4 >= MAX_TOKENS:
            question = question[:QUESTION_TOKENS]
        text = encoded[i + 1].ids[: MAX_TOKENS - 4 - len(question)]
        out.append([start, *question, end, end, *text, end])
    return out


def weights_file(depth: int = DEFAULT_DEPTH) -> Path:
    return Path(__file__).parent / f"judge-{depth}.npz"


def read_weights(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"the relevance judge's weights cannot be read ({path}: {exc})") from exc


def merged_state(bert_state: dict, trained: dict[str, np.ndarray]) -> dict:
    """e5's state dict cut to the judge's depth, each adapter folded into its layer (W + B·A·alpha/rank) and the
    trained LayerNorms put in: a plain BertModel, no adapter code at run time."""
    import torch

    depth, rank, alpha = int(trained["depth"]), int(trained["rank"]), float(trained["alpha"])
    state = {k: v for k, v in bert_state.items() if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < depth}
    for i in range(depth):
        for name in LINEARS:
            key = f"encoder.layer.{i}.{name}"
            a = torch.from_numpy(trained[f"bert.{key}.a"].astype(np.float32))
            b = torch.from_numpy(trained[f"bert.{key}.b"].astype(np.float32))
            state[f"{key}.weight"] = state[f"{key}.weight"] + (b @ a) * (alpha / rank)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            for part in ("weight", "bias"):
                key = f"encoder.layer.{i}.{ln}.{part}"
                state[key] = torch.from_numpy(trained[f"bert.{key}"].astype(np.float32))
    return state


def torch_judge(folder: Path, trained: dict[str, np.ndarray]):
    """The judge as a torch module (fp32): (input_ids, attention_mask, token_type_ids) → logits."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(folder)
    depth = int(trained["depth"])
    bert.encoder.layer = bert.encoder.layer[:depth]
    bert.config.num_hidden_layers = depth
    bert.load_state_dict(merged_state(bert.state_dict(), trained))

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.head = torch.nn.Linear(bert.config.hidden_size, 1)
            self.head.weight.data = torch.from_numpy(trained["head.weight"].astype(np.float32))
            self.head.bias.data = torch.from_numpy(trained["head.bias"].astype(np.float32))

        def forward(self, input_ids, attention_mask, token_type_ids):
            states = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(states.dtype)
            return self.head((states * weights).sum(1) / weights.sum(1).clamp(min=1)).squeeze(-1)

    return Net().eval()


def onnx_file(folder: Path, weights: Path, cache: Path) -> Path:
    """The int8 graph for this embedding model and these weights, built once into `cache`/judge."""
    from index.onnx_int8 import folder_stamp

    stamp = f"{folder_stamp(folder)}:{hashlib.sha1(weights.read_bytes()).hexdigest()}:{BUILD}"
    target = cache / "judge" / f"{weights.stem}-{hashlib.sha1(stamp.encode()).hexdigest()[:12]}-int8.onnx"
    if not target.exists():
        _export(torch_judge(folder, read_weights(weights)), target)
    return target


def _export(net, target: Path) -> None:
    import torch

    from index.onnx_int8 import export_int8

    sample = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {**{n: {0: "batch", 1: "tokens"} for n in names}, "logit": {0: "batch"}}
    export_int8(net, (sample, sample, sample * 0), names, "logit", axes, target)


class Judge:
    """Scores (question, text) pairs on the CPU with the int8 graph; `precision="fp32"` runs torch instead."""

    def __init__(self, folder: Path, cache: Path, depth: int = DEFAULT_DEPTH, precision: str = "int8",
                 weights: Path | None = None) -> None:
        from index.onnx_int8 import folder_tokenizer

        self.weights = weights or weights_file(depth)
        trained = read_weights(self.weights)
        self.platt = (float(trained.get("platt_a", 1.0)), float(trained.get("platt_b", 0.0)))
        self.tokenizer = folder_tokenizer(folder)
        self.precision = precision
        if precision == "fp32":
            self.net = torch_judge(folder, trained)
        else:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = max(os.cpu_count() or 1, 1)
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self.session = ort.InferenceSession(str(onnx_file(folder, self.weights, cache)), options,
                                                providers=["CPUExecutionProvider"])

    def logits(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """One logit per text, each pair run alone (int8 activations are quantised per run: a batch-mate would
        shift a score, and the same pair must always score the same), several side by side (`run_each`)."""
        rows = [np.array([row], dtype=np.int64)
                for row in (pair_ids(self.tokenizer, [(question, text) for text in texts]) if len(texts) else [])]
        if self.precision == "fp32":
            return np.array([self._torch_logit(ids) for ids in rows], dtype=np.float32).reshape(len(rows))
        from index.onnx_int8 import run_each

        feeds = [{"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
                 for ids in rows]
        return np.array([float(result[0][0]) for result in run_each(self.session, feeds)], dtype=np.float32)

    def batched_logits(self, question: str, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        """`logits` run in padded batches (int8 only): several times faster, but a score shifts a little with
        its batch-mates, so this is for ranking many candidates offline (scripts/judge/mine.py), never for
        answering."""
        rows = pair_ids(self.tokenizer, [(question, text) for text in texts]) if len(texts) else []
        out = []
        for i in range(0, len(rows), batch):
            chunk = rows[i:i + batch]
            ids = np.zeros((len(chunk), max(len(r) for r in chunk)), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, r in enumerate(chunk):
                ids[row, :len(r)], mask[row, :len(r)] = r, 1
            out.append(self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                               "token_type_ids": np.zeros_like(ids)})[0])
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, dtype=np.float32)

    def _torch_logit(self, ids: np.ndarray) -> float:
        import torch

        tensor = torch.from_numpy(ids)
        with torch.no_grad():
            return float(self.net(tensor, torch.ones_like(tensor), torch.zeros_like(tensor))[0])

    def probability(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability that each text answers the question."""
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.logits(question, texts) + b)))
