"""The index facade: a store plus its derived vector and lexical indexes and the embedding model.

Derived indexes are rebuilt from the store whenever their generation stamp disagrees with it, which is
what makes an interrupted ingest harmless.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Hashable, TypeVar

from core.errors import ModelMismatch
from core.records import Document
from core.settings import Environment, Location, Settings
from index.embedder import DEFAULT_MODEL, Embedder, resolve_model
from index.relevance import JudgedRelevance, Relevance
from store import open_store
from store.contract import LexicalSearch, Store, VectorSearch

T = TypeVar("T")
# Near-duplicate containment from which one document is a copy of the other rather than a sibling: the seed and
# its web excerpt 0.986, the Palermo .md and .pdf 1.0; one Chamber question sent to two ministers 0.60-0.93 (the
# answers differ). Scans of a text score lower (0.82-0.84, OCR noise) and are told apart by their OCR flag.
COPY_CONTAINMENT = 0.95


class Collection:
    """Everything `search` and `ingest` need, opened from an index folder or a PostgreSQL collection."""

    def __init__(self, where: Location | Path | str, create: bool = False, model: str | None = None,
                 device: str | None = None, env: Environment | None = None, embedder: Embedder | None = None,
                 relevance: Relevance | None = None, **overrides) -> None:
        """`env`: the environment variables, read now unless given; `embedder`, `relevance`: a ready encoder and
        relevance model (tests pass deterministic fakes) instead of those the settings name."""
        self.location = where if isinstance(where, Location) else Location(str(where))
        self.env = env or Environment.read()
        self.store: Store = open_store(self.location, create=create, approximate_above=self.env.ann_threshold)
        stored = self.store.get_meta("settings")
        settings = Settings.from_json(stored)
        if stored and model and model != settings.model:
            raise ModelMismatch(f"this index was built with the model {settings.model!r}, not {model!r}; "
                                f"rebuild it (a new --index-dir or --collection) to use another model")
        self.settings = settings.with_overrides(model=model, device=device, **overrides)
        self._cache: dict = {}
        self._cache_generation = -1
        self._search: dict[str, VectorSearch | LexicalSearch] = {}
        self._embedder = self._checked(embedder) if embedder is not None else None
        self._relevance = relevance
        self._relevance_read = relevance is not None or embedder is not None  # a fake encoder has no judge
        if not stored:
            self.store.set_meta("settings", self.settings.to_json())

    @property
    def embedder(self) -> Embedder:
        """The model the settings name, loaded on first use: showing, exporting or listing documents needs none."""
        if self._embedder is None:
            self._embedder = self._checked(Embedder(self.settings.model, device=self.settings.device,
                                                    batch_size=self.settings.batch_size,
                                                    precision=self.settings.precision, cache=self.env.cache))
        return self._embedder

    @property
    def relevance(self) -> Relevance | None:
        """The relevance judge (int8, on the CPU), loaded on first use; None when the model is not the e5 the judge
        was built from (such a collection ranks and answers without it)."""
        if not self._relevance_read:
            self._relevance_read = True
            if self.settings.model == DEFAULT_MODEL:
                self._relevance = JudgedRelevance(Path(resolve_model(DEFAULT_MODEL, self.env.cache)), self.env.cache)
        return self._relevance

    def _checked(self, embedder: Embedder) -> Embedder:
        """The store takes the model's dimension on first use, and refuses a model of another one."""
        dim = self.store.get_meta("dim")
        if dim is None:
            self.store.set_dim(embedder.dim)
        elif int(dim) != embedder.dim:
            raise ModelMismatch(f"index vectors have {dim} dimensions, the model gives {embedder.dim}; rebuild")
        return embedder

    @property
    def repeats_opening_titles(self) -> bool:
        """Built by an older Radar, which embedded a page's opening line (or a Chamber question's first sentence)
        twice (`Settings.passage_title`): its files ingested into a new index are found better across languages
        (bench/results/passage_title.md)."""
        return self.settings.passage_title != Settings.passage_title

    @property
    def dim(self) -> int:
        dim = self.store.get_meta("dim")
        return int(dim) if dim else self.embedder.dim

    @property
    def vectors(self) -> VectorSearch:
        """The store's vector search, as of the store generation when first asked (see `refresh`)."""
        if "vectors" not in self._search:
            self._search["vectors"] = self.store.vector_search(self.dim)
        return self._search["vectors"]

    @property
    def lexical(self) -> LexicalSearch:
        if "lexical" not in self._search:
            self._search["lexical"] = self.store.lexical_search()
        return self._search["lexical"]

    def sync_search(self) -> None:
        """After an ingest: the store's search indexes in line with its chunks, then read afresh."""
        self.store.sync_search(self.dim)
        self.refresh()

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` once per store generation and key: a long-running reader (the app) sees another
        process's ingest, and repeated work (filters in batch search) is done once."""
        generation = self.store.generation
        if self._cache_generation != generation:
            self._cache.clear()
            self._cache_generation = generation
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def documents(self) -> dict[str, Document]:
        """Every document with its text, read once per store generation: screening and the names index both scan
        them all."""
        return self.cached("documents", self.store.documents)

    def doc_paths(self) -> dict[str, str]:
        """Document id → path: what collapsing search candidates needs, without loading their texts."""
        return self.cached("doc_paths", lambda: {doc: path for doc, path, _, _ in self.store.document_paths()})

    def document_names(self) -> dict[str, tuple[str, str]]:
        """Document id → its source and title, and its file name (`naming`): what a question citing a source is
        matched against (answer.passages.cites), without loading texts."""
        return self.cached("document_names", lambda: {
            doc: naming(source, title, path) for doc, path, title, source in self.store.document_names()})

    def groups(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Duplicates and language versions as groups: (doc id → group id, group id → doc ids)."""
        return self.cached("groups", self._build_groups)

    def _build_groups(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for a, b, _kind, _score in self.store.links():
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        # the roots too (a group has all its members), in id order: a set's order changes with the process's hash
        # seed, and with it the order of a passage's other versions
        group = {x: find(x) for x in sorted({*parent, *parent.values()})}
        members: dict[str, list[str]] = {}
        for doc_id, g in group.items():
            members.setdefault(g, []).append(doc_id)
        return group, members

    def copies(self) -> frozenset[frozenset[str]]:
        """Pairs of documents one of which holds the other's text (a copy, or an excerpt of it: the seed and its
        web excerpt), as against siblings sharing a part (one question sent to two ministers, two answers)."""
        return self.cached("copies", lambda: frozenset(
            frozenset((a, b)) for a, b, kind, score in self.store.links()
            if kind == "duplicate" or (kind == "near_duplicate" and score >= COPY_CONTAINMENT)))

    def translations(self) -> dict[str, list[str]]:
        """Document id → the documents linked to it as its other-language versions."""
        def build() -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for a, b, kind, _score in self.store.links():
                if kind in ("parallel", "parallel_content"):
                    out.setdefault(a, []).append(b)
                    out.setdefault(b, []).append(a)
            return out
        return self.cached("translations", build)

    def doc_rowids(self) -> dict[str, list[int]]:
        """Document id → its chunks' rowids: to cite a passage of a document no search returned."""
        def build() -> dict[str, list[int]]:
            rowids, doc_ids = self.store.chunk_docs()
            out: dict[str, list[int]] = {}
            for rowid, doc in zip(rowids.tolist(), doc_ids):
                out.setdefault(doc, []).append(rowid)
            return out
        return self.cached("doc_rowids", build)

    def chunk_langs(self) -> dict[int, str]:
        """rowid → language of every chunk."""
        return self.cached("chunk_langs", self.store.chunk_langs)

    def upload_dir(self) -> Path:
        """Where the app keeps files added through the browser (they stay, so --prune can check them)."""
        return self.store.upload_dir(self.env.uploads)

    def refresh_if_changed(self) -> None:
        """For long-lived readers (the app): pick up what another process ingested."""
        loaded = self._search.get("vectors")
        if loaded is not None and loaded.generation != self.store.generation:
            self.refresh()

    def refresh(self) -> None:
        self._search.clear()
        self._cache.clear()

    def close(self) -> None:
        self.store.close()


def naming(source: str | None, title: str | None, path: str) -> tuple[str, str]:
    """What names a document: its source and title as written, and its file name without its extensions
    ("myria.fr.txt" is Myria's)."""
    return f"{source or ''} {title or ''}", path.rsplit("/", 1)[-1].split(".", 1)[0]
