"""Watch-lists on both stores: a saved search reports exactly the documents stored after it was last seen — new
files, files changed and read again — and nothing of it is lost when documents are re-ingested or pruned."""

from __future__ import annotations

import itertools
import os
import time

import pytest

from core.errors import InvalidQuery
from core.filters import Filters
from core.settings import Location
from index.collection import Collection
from index.indexer import ingest_paths
from index.watch import add_watch, get_watch, mark_seen, new_documents, remove_watch, watches
from tests.fakes import FakeEmbedder, write_docs

_names = itertools.count()


@pytest.fixture(params=["folder", "postgres"])
def collection(request, tmp_path):
    where = tmp_path / "index" if request.param == "folder" else Location(request.getfixturevalue("pg_uri"),
                                                                        f"watch{next(_names)}")
    c = Collection(where, create=True, embedder=FakeEmbedder())
    docs = write_docs(tmp_path / "docs", {"old.fr.txt": "Note\n\nLes loverboys recrutent des mineures à Liège.",
                                          "other.nl.txt": "Nota\n\nHet budget van de Vlaamse regering."})
    assert not ingest_paths(c, [str(docs)]).failed
    yield c, docs
    c.close()


def names(docs) -> list[str]:
    return sorted(d.path.rsplit("/", 1)[-1] for d in docs)


def test_a_watch_list_reports_exactly_what_was_stored_after_it(collection):
    c, docs = collection
    add_watch(c, "Loverboys", "loverboys OR tienerpooiers", keyword=True)
    add_watch(c, "Budget NL", "budget", keyword=True, filters=Filters(lang="nl"))
    assert [new_documents(c, w) for w in watches(c)] == [[], []]  # what was there before is not new
    time.sleep(0.01)
    (docs / "new.nl.txt").write_text("Nota\n\nDe tienerpooiers ronselen meisjes via sociale media.", encoding="utf-8")
    (docs / "unrelated.fr.txt").write_text("Note\n\nLe budget des pistes cyclables.", encoding="utf-8")
    ingest_paths(c, [str(docs)])
    assert names(new_documents(c, get_watch(c, "Loverboys"))) == ["new.nl.txt"]
    assert names(new_documents(c, get_watch(c, "Budget NL"))) == []  # French: the filter says Dutch only
    mark_seen(c, "Loverboys")
    assert new_documents(c, get_watch(c, "Loverboys")) == []
    # a changed file is read again: new; a removed one is pruned: the watch-list stays as it was
    (docs / "old.fr.txt").write_text("Note\n\nLes loverboys recrutent des mineures à Gand.", encoding="utf-8")
    os.remove(docs / "new.nl.txt")
    ingest_paths(c, [str(docs)], prune=True)
    assert names(new_documents(c, get_watch(c, "Loverboys"))) == ["old.fr.txt"]
    assert [w.name for w in watches(c)] == ["Loverboys", "Budget NL"]


def test_semantic_watch_lists_and_their_errors(collection):
    c, docs = collection
    add_watch(c, "Mineurs", "loverboys mineures")
    (docs / "b.fr.txt").write_text("Titre\n\nDes loverboys ciblent des mineures à Bruxelles.", encoding="utf-8")
    ingest_paths(c, [str(docs)])
    assert names(new_documents(c, get_watch(c, "Mineurs"))) == ["b.fr.txt"]
    with pytest.raises(InvalidQuery, match="no watch-list named 'Nope'"):
        get_watch(c, "Nope")
    with pytest.raises(InvalidQuery, match="cannot name a watch-list"):
        add_watch(c, "", "x")
    with pytest.raises(InvalidQuery, match="unclosed quote"):
        add_watch(c, "Bad", '"loverboys', keyword=True)
    remove_watch(c, "Mineurs")
    assert watches(c) == []


def test_the_cli_saves_lists_and_reports_new_documents(tmp_path):
    import json

    from click.testing import CliRunner

    from radar.cli import cli

    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    docs = write_docs(tmp_path / "docs", {"old.fr.txt": "Note\n\nLes loverboys recrutent."})
    ingest_paths(c, [str(docs)])
    run = lambda *args: CliRunner().invoke(cli, [*args, "--index-dir", str(tmp_path / "index")])  # noqa: E731
    assert run("watch", "add", "Loverboys", "loverboys", "--keyword", "--lang", "nl").exit_code == 0
    (docs / "new.nl.txt").write_text("Nota\n\nDe loverboys ronselen meisjes.", encoding="utf-8")
    ingest_paths(c, [str(docs)])
    listed = json.loads(run("watch", "list", "--json").output)
    assert listed["watches"][0] == {"name": "Loverboys", "query": "loverboys", "keyword": True,
                                    "filters": {"lang": "nl"}, "new": 1}
    new = json.loads(run("watch", "new", "Loverboys", "--json").output)
    assert new["name"] == "Loverboys" and [d["path"].rsplit("/", 1)[-1] for d in new["new"]] == ["new.nl.txt"]
    assert json.loads(run("watch", "new", "Loverboys", "--json").output)["new"] == []  # seen now
    missing = run("watch", "new", "Nope")
    assert missing.exit_code == 2 and "no watch-list named 'Nope'" in missing.output
    c.close()


def test_the_search_history_keeps_each_search_once_newest_first(collection):
    from index.watch import HISTORY, history, remember

    c, _ = collection
    remember(c, "loverboys", True)
    remember(c, "Welke vragen gingen over loverboys?", False)
    remember(c, "loverboys", True)  # again: back on top, not twice
    assert [(h["query"], h["keyword"]) for h in history(c)] == [("loverboys", True),
                                                                ("Welke vragen gingen over loverboys?", False)]
    for n in range(HISTORY + 5):
        remember(c, f"q{n}", True)
    assert len(history(c)) == HISTORY and history(c)[0]["query"] == f"q{HISTORY + 4}"
