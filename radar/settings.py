"""One frozen settings record, saved with each index so a search runs with the settings that built it."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

DEFAULT_INDEX_DIR = ".radar"
INDEX_TIME = frozenset({"model", "chunk_size", "chunk_overlap", "vector_index"})


def default_index_dir() -> Path:
    return Path(os.environ.get("RADAR_INDEX_DIR") or DEFAULT_INDEX_DIR)


@dataclass(frozen=True)
class Settings:
    """Index-time and search-time knobs. Defaults were tuned on the dev questions (see answer/ and README)."""

    model: str = "multilingual-e5-small"  # or a sentence-transformers folder / hub name
    device: str = "cpu"
    batch_size: int = 32
    chunk_size: int = 1000
    chunk_overlap: int = 150
    vector_index: str = "auto"  # auto | flat | ivf-sq8
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    rrf_k: int = 60
    candidates: int = 100
    per_doc: int = 2  # results from one document before others get a turn (diversity)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> "Settings":
        """Index-time fields come from the index; search-time knobs take this version's tuned defaults."""
        if not text:
            return cls()
        data = json.loads(text)
        return cls(**{k: v for k, v in data.items() if k in INDEX_TIME})

    def with_overrides(self, **kwargs) -> "Settings":
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})
