"""Where a collection lives: one store contract, its SQL written once, a folder (SQLite + FAISS + bm25s) and a
PostgreSQL (pgvector + full-text search) backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.settings import default

if TYPE_CHECKING:
    from core.settings import Location
    from store.contract import Store


def open_store(where: Location, create: bool = False,
               approximate_above: int = int(default("ann_threshold"))) -> Store:
    """The store a location names: a PostgreSQL collection for a postgresql:// URI, else an index folder.
    `approximate_above`: chunk count from which a folder's vector index is approximate (IVF-SQ8)."""
    if where.server:
        from store.postgres import PgStore

        return PgStore(where.target, where.collection, create=create)
    from store.sqlite import FolderStore

    return FolderStore(where.folder, create=create, approximate_above=approximate_above)
