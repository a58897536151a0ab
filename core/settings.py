"""One frozen settings record, saved with each index so a search runs with the settings that built it."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

DEFAULT_INDEX_DIR = ".radar"
COLLECTION_NAME = r"[a-z][a-z0-9_]{0,39}"  # also a PostgreSQL schema name: radar_<name>
INDEX_TIME = frozenset({"model", "precision", "chunk_size", "chunk_overlap", "vector_index"})


def default_index_dir() -> Path:
    return Path(os.environ.get("RADAR_INDEX_DIR") or DEFAULT_INDEX_DIR)


@dataclass(frozen=True)
class Location:
    """Where a collection lives: an index folder (laptop) or a PostgreSQL URI (shared server), and its name.

    In a folder, a collection other than "default" is a sub-folder; in a database, a schema.
    """

    target: str
    collection: str = "default"

    def __post_init__(self) -> None:
        import re

        from core.errors import RadarError

        if not re.fullmatch(COLLECTION_NAME, self.collection or ""):
            raise RadarError(f"{self.collection!r} is not a collection name: use lower-case letters, digits and _ "
                             "(up to 40, starting with a letter)")

    @property
    def server(self) -> bool:
        return self.target.startswith(("postgresql://", "postgres://"))

    @property
    def key(self) -> tuple[str, str]:
        """(target, collection): a hashable handle for caches such as the app's."""
        return self.target, self.collection

    @property
    def folder(self) -> Path:
        base = Path(self.target)
        return base if self.collection == "default" else base / "collections" / self.collection

    def __str__(self) -> str:
        import re

        where = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", self.target) if self.server else str(self.folder)
        return where if self.collection == "default" or not self.server else f"{where} [{self.collection}]"


def location(index_dir: Path | str | None = None, store: str | None = None,
             collection: str | None = None) -> Location:
    """Options before the environment: --store, --index-dir, then $RADAR_STORE, $RADAR_INDEX_DIR, .radar/."""
    target = store or (str(index_dir) if index_dir else None) or os.environ.get("RADAR_STORE") \
        or str(default_index_dir())
    return Location(target, collection or os.environ.get("RADAR_COLLECTION") or "default")


@dataclass(frozen=True)
class Settings:
    """Index-time and search-time knobs. Defaults were tuned on the dev questions (see answer/ and README)."""

    model: str = "multilingual-e5-small"  # or a sentence-transformers folder / hub name
    device: str = "cpu"
    precision: str = "int8"  # int8: ONNX Runtime on the CPU (2× faster, same R@5); fp32: sentence-transformers
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
        data.setdefault("precision", "fp32")  # indexes from before the int8 path were embedded in fp32
        return cls(**{k: v for k, v in data.items() if k in INDEX_TIME})

    def with_overrides(self, **kwargs) -> "Settings":
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})
