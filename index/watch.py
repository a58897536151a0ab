"""Watch-lists and search history (issue 21): a search saved under a name, per collection and per owner (this machine's user; on a
server store, the database role), that says which documents are new since it was last seen.

A document is new when the store took it (added, or changed and read again) after the watch-list was last seen
and it matches the saved search: for a keyword search, every matching document; for a semantic one, those among
its first `SEMANTIC_DEPTH` passages. Watch-lists live in the store's meta table (one JSON value per owner), so they
travel with the collection, and re-ingesting or pruning documents changes nothing in them."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field, replace

from core.errors import InvalidQuery
from core.filters import Filters
from core.keyword import parse
from core.records import Document
from index.collection import Collection
from index.keyword import keyword_search
from index.search import search
from text.dates import newest_first

SEMANTIC_DEPTH = 50
_NAME = re.compile(r"[\w][\w .'’-]{0,79}")


@dataclass(frozen=True)
class Watch:
    name: str
    query: str
    keyword: bool
    filters: dict = field(default_factory=dict)  # Filters' fields
    created: float = 0.0
    seen: float = 0.0  # documents stored after this are new

    def search_filters(self) -> Filters:
        return Filters(**self.filters)


def _key(collection: Collection) -> str:
    return f"watches:{collection.store.owner()}"


def watches(collection: Collection) -> list[Watch]:
    raw = collection.store.get_meta(_key(collection))
    return [Watch(**w) for w in json.loads(raw)] if raw else []


def _save(collection: Collection, items: list[Watch]) -> None:
    collection.store.set_meta(_key(collection), json.dumps([asdict(w) for w in items], ensure_ascii=False))


def add_watch(collection: Collection, name: str, query: str, keyword: bool = False,
              filters: Filters | None = None) -> Watch:
    """Save a search; only documents stored from now on will be new to it."""
    name = " ".join((name or "").split())
    if not _NAME.fullmatch(name):
        raise InvalidQuery(f"{name[:40]!r} cannot name a watch-list: use letters, digits, spaces, . ' - (80 at most)")
    if keyword:
        parse(query, filters=filters)  # a query that cannot run is refused now, not at the next ingest
    elif not (query or "").strip():
        raise InvalidQuery("the watch-list's query is empty")
    items = [w for w in watches(collection) if w.name != name]
    values = {k: v for k, v in asdict(filters or Filters()).items() if v}
    now = time.time()
    watch = Watch(name, query.strip(), keyword, values, now, now)
    _save(collection, [*items, watch])
    return watch


def remove_watch(collection: Collection, name: str) -> None:
    _save(collection, [w for w in watches(collection) if w.name != get_watch(collection, name).name])


def get_watch(collection: Collection, name: str) -> Watch:
    for w in watches(collection):
        if w.name == name:
            return w
    raise InvalidQuery(f"no watch-list named {name!r} in this collection; `radar watch list` shows them")


def new_documents(collection: Collection, watch: Watch) -> list[Document]:
    """The documents matching the watch-list's search that were stored after it was last seen, newest first; worked
    out once per store generation and state of the watch-list (the app's badge asks at every redraw)."""
    state = json.dumps(asdict(watch), sort_keys=True)
    return collection.cached(("watch new", state), lambda: _new_documents(collection, watch))


def _new_documents(collection: Collection, watch: Watch) -> list[Document]:
    fresh = collection.store.added_since(watch.seen)
    if not fresh:
        return []
    if watch.keyword:
        hits = [h.hit for h in keyword_search(collection, parse(watch.query, filters=watch.search_filters())).hits]
    else:
        hits = search(collection, watch.query, k=SEMANTIC_DEPTH, filters=watch.search_filters(), per_doc=1)
    docs = {h.document.id: h.document for h in hits if h.document.id in fresh}
    return newest_first(sorted(docs.values(), key=lambda d: d.path, reverse=True), lambda d: d.date)


def mark_seen(collection: Collection, name: str) -> None:
    """What is new now stops being new to this watch-list."""
    now = time.time()
    _save(collection, [replace(w, seen=now) if w.name == name else w for w in watches(collection)])


# -- search history: the app's recent searches, per collection and owner, beside the watch-lists -----------------
HISTORY = 50


def history(collection: Collection) -> list[dict]:
    """The owner's recent searches, newest first: {'query', 'keyword', 'at'}."""
    raw = collection.store.get_meta(f"history:{collection.store.owner()}")
    return json.loads(raw) if raw else []


def remember(collection: Collection, query: str, keyword: bool) -> None:
    """Add a search to the history (once: searching it again moves it to the top); the oldest fall off."""
    items = [h for h in history(collection) if (h["query"], h["keyword"]) != (query, keyword)]
    items.insert(0, {"query": query, "keyword": keyword, "at": round(time.time())})
    collection.store.set_meta(f"history:{collection.store.owner()}", json.dumps(items[:HISTORY], ensure_ascii=False))
