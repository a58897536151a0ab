"""Radar's search as a LangChain retriever, so users can plug Radar into their own chains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.filters import Filters
from core.settings import Location
from index.collection import Collection
from index.search import search
from radar.output import hit_json


class RadarRetriever(BaseRetriever):
    """`RadarRetriever.from_index(".radar", k=5).invoke("Hoeveel bars werden verzegeld?")`

    Each LangChain document's `page_content` is the verbatim passage; its metadata is the JSON of
    `radar search --json` (path, title, date, page, offsets, also_in...) without the text.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    collection: Any
    k: int = 5
    filters: Filters = Filters()

    @classmethod
    def from_index(cls, index_dir: str | Path, k: int = 5, filters: Filters | None = None,
                   collection: str = "default") -> "RadarRetriever":
        """`index_dir`: an index folder or a postgresql:// URI (then `collection` names the collection)."""
        where = Location(str(index_dir), collection)
        return cls(collection=Collection(where), k=k, filters=filters or Filters())

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None, filters: Filters | None = None) -> list[LCDocument]:
        """`invoke(query, k=3, filters=Filters(lang="nl"))` overrides the retriever's own `k` and `filters`."""
        out = []
        for hit in search(self.collection, query, k=self.k if k is None else k, filters=filters or self.filters):
            meta = hit_json(hit)
            text = meta.pop("text")
            out.append(LCDocument(page_content=text, metadata=meta))
        return out
