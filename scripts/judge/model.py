"""The judge's network, shared by training (any torch device) and by Radar's CPU build: the bottom `depth` layers
of multilingual-e5-small, frozen, with low-rank adapters (LoRA) on every linear layer, trainable LayerNorms, and
a linear head over the mean of the token states. Only the adapters, LayerNorms and head are saved (~1-3 MB);
Radar folds them into e5's weights (index/judge.py: merged_state)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from index.judge import LINEARS  # the same layers Radar folds the adapters into


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad = False
        self.a = nn.Parameter(torch.randn(rank, base.in_features) * (1.0 / base.in_features) ** 0.5)
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale


class Judge(nn.Module):
    """score(query + text) = head(mean of the token states after `depth` adapted layers)."""

    def __init__(self, bert, depth: int, rank: int = 16, alpha: float = 32.0) -> None:
        super().__init__()
        bert.encoder.layer = bert.encoder.layer[:depth]
        bert.config.num_hidden_layers = depth
        for p in bert.parameters():
            p.requires_grad = False
        for layer in bert.encoder.layer:
            for name in LINEARS:
                parent, attr = _parent(layer, name)
                setattr(parent, attr, LoRALinear(getattr(parent, attr), rank, alpha))
            for ln in (layer.attention.output.LayerNorm, layer.output.LayerNorm):
                for p in ln.parameters():
                    p.requires_grad = True
        self.bert = bert
        self.depth, self.rank, self.alpha = depth, rank, alpha
        self.head = nn.Linear(bert.config.hidden_size, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        states = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
        weights = mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1)
        return self.head(pooled).squeeze(-1)

    def trained(self) -> dict[str, np.ndarray]:
        """What Radar needs on top of e5's own weights, float16."""
        out = {"depth": np.array(self.depth), "rank": np.array(self.rank), "alpha": np.array(self.alpha)}
        for name, p in self.named_parameters():
            if p.requires_grad:
                out[name] = p.detach().float().cpu().numpy().astype(np.float16)
        return out


def _parent(module: nn.Module, dotted: str) -> tuple[nn.Module, str]:
    *path, attr = dotted.split(".")
    for part in path:
        module = getattr(module, part)
    return module, attr
