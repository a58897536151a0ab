"""Settings, declared once: the environment variables Radar reads (each with its help text, read when a command
starts, never at import), where a collection lives, and the index settings saved with each index so that a search
runs with the settings that built it."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

DEFAULT_INDEX_DIR = ".radar"
COLLECTION_NAME = r"[a-z][a-z0-9_]{0,39}"  # also a PostgreSQL schema name: radar_<name>
INDEX_TIME = frozenset({"model", "precision", "chunk_size", "chunk_overlap", "vector_index", "passage_title"})


@dataclass(frozen=True)
class Variable:
    """One environment variable: the `Environment` field it fills, its default and what it is for."""

    field: str
    name: str
    default: str
    help: str


VARIABLES = (
    Variable("index_dir", "RADAR_INDEX_DIR", DEFAULT_INDEX_DIR, "Index folder when neither --index-dir nor --store is given."),
    Variable("store", "RADAR_STORE", "", "A shared PostgreSQL + pgvector store (postgresql://user@host/db) used "
             "instead of a folder when --index-dir is not given."),
    Variable("collection", "RADAR_COLLECTION", "default", "Named collection inside the store."),
    Variable("cache", "RADAR_CACHE", "~/.cache/radar", "Where the rebuilt embedding model, its int8 graph, the relevance judge's graph and the "
             "thesaurus concept vectors are cached."),
    Variable("uploads", "RADAR_UPLOADS", "~/.cache/radar/uploads", "Where the app keeps files uploaded to a "
             "PostgreSQL collection (a folder store keeps them in INDEX_DIR/uploads)."),
    Variable("thesaurus", "RADAR_THESAURUS", "", "An extra FR/NL/EN thesaurus TSV, added to the bundled one."),
    Variable("max_file_mb", "RADAR_MAX_FILE_MB", "100", "Files larger than this many MB are refused."),
    Variable("max_text_mchars", "RADAR_MAX_TEXT_MCHARS", "20", "Files whose text runs past this many million "
             "characters are refused (a 1,000-page report has about 3)."),
    Variable("max_unzipped_mb", "RADAR_MAX_UNZIPPED_MB", "256", "A .docx whose text part inflates past this many "
             "MB, or more than 100 times its packed size, is refused as a zip bomb."),
    Variable("max_ocr_mpixels", "RADAR_MAX_OCR_MPIXELS", "40", "Scanned pages are read at 300 dpi, or at the "
             "resolution that keeps them under this many million pixels (an A4 page at 300 dpi has 8.7)."),
    Variable("ocr_langs", "RADAR_OCR_LANGS", "fra+nld+eng", "Tesseract languages scans are read with."),
    Variable("ann_threshold", "RADAR_ANN_THRESHOLD", "200000", "Chunk count from which a folder store's vector "
             "index is approximate (FAISS IVF-SQ8) instead of exact."),
    Variable("parallel_cosine", "RADAR_PARALLEL_COSINE", "0.88", "Cosine from which two documents in different "
             "languages that are each other's nearest are linked as versions of one text."),
    Variable("llm", "RADAR_LLM", "", "Optional language model for `radar ask` (openai:MODEL@URL, ollama:MODEL, "
             "llamacpp:PATH)."),
    Variable("shared", "RADAR_SHARED", "../shared", "The shared evaluation material (parallel groups for "
             "`radar eval`)."),
)


@dataclass(frozen=True)
class Environment:
    """The environment variables of `VARIABLES`, parsed. Read with `Environment.read()` when a command starts."""

    index_dir: Path
    store: str
    collection: str
    cache: Path
    uploads: Path
    thesaurus: str
    max_file_mb: int
    max_text_mchars: int
    max_unzipped_mb: int
    max_ocr_mpixels: int
    ocr_langs: str
    ann_threshold: int
    parallel_cosine: float
    llm: str
    shared: Path

    @classmethod
    def read(cls, environ: dict[str, str] | None = None) -> "Environment":
        from core.errors import RadarError

        values = {}
        for var in VARIABLES:
            raw = variable(var.field, environ)
            try:
                values[var.field] = _PARSE[cls.__dataclass_fields__[var.field].type](raw)
            except ValueError as exc:
                raise RadarError(f"${var.name}={raw!r} is not a valid value: {var.help}") from exc
        return cls(**values)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(f"{value} is not a positive whole number")
    return value


_PARSE = {"Path": lambda raw: Path(raw).expanduser(), "str": str, "int": _positive, "float": float}
_BY_FIELD = {var.field: var for var in VARIABLES}


def default(field: str) -> str:
    """A declared variable's default (not the environment's value): what a library function falls back on when
    its caller passes nothing, so that each default is written once, in `VARIABLES`."""
    return _BY_FIELD[field].default


def variable(field: str, environ: dict[str, str] | None = None) -> str:
    """One declared variable's raw value, its default when unset: for code that needs a single one on a hot
    path (the thesaurus, read per question) rather than all of them."""
    var = _BY_FIELD[field]
    return (os.environ if environ is None else environ).get(var.name) or var.default


def check_collection_name(name: str) -> str:
    """`name` if it can name a collection (a folder, and the PostgreSQL schema radar_<name>), else RadarError."""
    import re

    from core.errors import RadarError

    if not re.fullmatch(COLLECTION_NAME, name or ""):
        raise RadarError(f"{name!r} is not a collection name: use lower-case letters, digits and _ "
                         "(up to 40, starting with a letter)")
    return name


@dataclass(frozen=True)
class Location:
    """Where a collection lives: an index folder (laptop) or a PostgreSQL URI (shared server), and its name.

    In a folder, a collection other than "default" is a sub-folder; in a database, a schema.
    """

    target: str
    collection: str = "default"

    def __post_init__(self) -> None:
        check_collection_name(self.collection)

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
    env = Environment.read()
    target = store or (str(index_dir) if index_dir else None) or env.store or str(env.index_dir)
    return Location(target, collection or env.collection)


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
    # What the model reads of a passage (index/indexer.embed_text): "unless-repeated" puts the document's title
    # before it, less what the passage opens with (a whole title, or a title's subject after "label: "); the ways
    # of older indexes: "unless-opening" (built on 2026-11-29, drops a whole title only), "always" (before).
    passage_title: str = "unless-repeated"
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    # RRF's k for a question's lists (index/search.py): fitted on the training validation questions by
    # scripts/fit_fusion.py (PIAF, XQuAD-R, CNIL; MRR@10 mean 0.760 at 60, 0.783 at 5), was 60 (hand-set)
    rrf_k: int = 5
    candidates: int = 100
    per_doc: int = 2  # results from one document before others get a turn (diversity)
    # The relevance judges' reading per search and per answer, each text run alone, two side by side on 2 cores
    # (index/relevance.json names their depths: 6 layers for passages, 5 in ~90 ms; 12 for sentences, ~10-16 ms
    # each):
    rerank: int = 5  # top passages the reranking judge reorders (0: the hybrid order as it is)
    # sentences of the passages read, nearest by cosine, the answer judge reads for `ask` (0: the cosine picks the
    # quotes and nothing is refused). Chosen with the 6-layer judge on the training validation questions
    # (scripts/judge/fuse.py's answer run): the best quote holds the answer for 0.616 / 0.606 / 0.604 / 0.606 of
    # them judging 8 / 10 / 12 / 15.
    judged_sentences: int = 8

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> "Settings":
        """Index-time fields come from the index; search-time knobs take this version's tuned defaults."""
        if not text:
            return cls()
        data = json.loads(text)
        data.setdefault("precision", "fp32")  # indexes from before the int8 path were embedded in fp32
        data.setdefault("passage_title", "always")  # and those from before 2026-11-29 repeated an opening title
        return cls(**{k: v for k, v in data.items() if k in INDEX_TIME})

    def with_overrides(self, **kwargs) -> "Settings":
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})
