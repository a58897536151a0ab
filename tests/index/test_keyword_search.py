"""Keyword search on both stores, over real documents (the fake encoder: no model needed): its counts are what a
word-boundary grep of the stored passages gives, every operator included; stores made before keyword search
get its index on first open."""

from __future__ import annotations

import itertools
import re

import pytest

from core.filters import Filters
from core.keyword import parse
from core.settings import Location
from index.collection import Collection
from index.indexer import ingest_paths
from index.keyword import keyword_search
from tests.conftest import copy_small_corpus
from tests.fakes import FakeEmbedder, write_docs
from text.normalise import fold

_names = itertools.count()
EXTRA = {  # beside the real documents: what the operators must tell apart
    "undated.fr.txt": "Loverboys\n\nLes loverboys recrutent des mineures; la sécurité des victimes d'abord.",
    "accents.fr.txt": "Note de 2019\n\nDate : 12 mars 2019. La securite des victimes et la Sécurité sociale; "
                      "le Quartier-Nord et PAG-ASA.",
}


def has(text: str, pattern: str, folded: bool = False) -> bool:
    """grep -i -w: the pattern as whole words."""
    return re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", fold(text) if folded else text, re.IGNORECASE) is not None


GREP = {  # query → the same question asked of a passage's text with regular expressions
    "loverboys": lambda t: has(t, "loverboys"),
    '"quartier nord"': lambda t: has(t, r"quartier[\W_]+nord"),
    "traite NOT Payoke": lambda t: has(t, "traite") and not has(t, "payoke"),
    "mensenhandel OR \"traite des êtres humains\"": lambda t: has(t, "mensenhandel")
    or has(t, r"traite[\W_]+des[\W_]+êtres[\W_]+humains"),
    "exploit*": lambda t: has(t, r"exploit[^\W_]*"),
    "victimes AND (sécurité OR PAG-ASA)": lambda t: has(t, "victimes") and (has(t, "sécurité")
                                                                           or has(t, r"pag[\W_]+asa")),
    "-the -de -het": lambda t: not (has(t, "the") or has(t, "de") or has(t, "het")),
}


@pytest.fixture(params=["folder", "postgres"])
def collection(request, tmp_path):
    docs = copy_small_corpus(tmp_path / "docs")
    write_docs(tmp_path / "docs" / "extra", EXTRA)
    where = tmp_path / "index" if request.param == "folder" else Location(request.getfixturevalue("pg_uri"),
                                                                        f"keyword{next(_names)}")
    c = Collection(where, create=True, embedder=FakeEmbedder())
    assert not ingest_paths(c, [str(docs)]).failed
    yield c
    c.close()


def brute_force(c: Collection, matches) -> tuple[int, int]:
    rows = [(doc, text) for _, doc, _, text, _ in c.store.chunk_rows() if matches(text)]
    return len(rows), len({doc for doc, _ in rows})


@pytest.mark.parametrize("query", GREP)
def test_counts_are_what_grep_counts(collection, query):
    result = keyword_search(collection, parse(query))
    assert (result.total_passages, result.total_documents) == brute_force(collection, GREP[query])
    assert result.total_passages > 0
    for h in result.hits:  # every occurrence is marked where it stands in its document
        assert all(h.hit.chunk.char_start <= s < e <= h.hit.chunk.char_end for s, e in h.spans)
    assert sum(v["passages"] for v in result.by_year.values()) == result.total_passages
    assert sum(result.by_document.values()) == result.total_passages


def test_accents_and_stems_on_request(collection):
    exact = keyword_search(collection, parse("sécurité"))
    assert (exact.total_passages, exact.total_documents) == brute_force(collection, lambda t: has(t, "sécurité"))
    loose = keyword_search(collection, parse("securite", accents=False))
    assert (loose.total_passages, loose.total_documents) == brute_force(
        collection, lambda t: has(t, "securite", folded=True))
    assert loose.occurrences > exact.occurrences
    assert {m.lower() for h in loose.hits for m in h.matched()} >= {"sécurité", "securite"}
    stems = keyword_search(collection, parse("victime", stems=True))
    assert "victimes" in {m for h in stems.hits for m in h.matched()}
    assert keyword_search(collection, parse("victime")).total_passages < stems.total_passages


def test_a_date_filter_says_how_many_undated_documents_it_left_out(collection):
    everything = keyword_search(collection, parse("loverboys"))
    assert "undated" in everything.by_year
    dated = keyword_search(collection, parse("loverboys", filters=Filters(since="2015")))
    assert dated.undated_left_out == everything.by_year["undated"]["documents"] >= 1
    assert dated.total_passages == everything.total_passages - everything.by_year["undated"]["passages"]
    in_year = keyword_search(collection, parse("sécurité year:2019"))
    assert in_year.total_documents >= 1 and set(in_year.by_year) == {"2019"}


def test_a_store_made_before_keyword_search_gets_its_index(collection, tmp_path):
    before = keyword_search(collection, parse('"quartier nord" OR loverboys')).total_passages
    store = collection.store
    if hasattr(store, "dir"):  # the folder store: an index folder without the table
        store.db.execute("DROP TABLE keyword_fts")
        where = store.dir
    else:  # a PostgreSQL collection of schema version 1
        store._execute("ALTER TABLE chunks DROP COLUMN kw")
        store.set_meta("schema_version", "1")
        where = Location(store.uri, store.collection)
    collection.close()
    again = Collection(where, embedder=FakeEmbedder())
    assert keyword_search(again, parse('"quartier nord" OR loverboys')).total_passages == before > 0
    again.close()


def test_re_ingesting_a_changed_file_changes_its_counts(tmp_path):
    docs = write_docs(tmp_path / "docs", {"a.fr.txt": "Titre\n\nLes loverboys et les loverboys."})
    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    ingest_paths(c, [str(docs)])
    assert keyword_search(c, parse("loverboys")).occurrences == 2
    (docs / "a.fr.txt").write_text("Titre\n\nPlus aucun mot recherché ici.", encoding="utf-8")
    ingest_paths(c, [str(docs)])
    assert keyword_search(c, parse("loverboys")).total_passages == 0
    assert keyword_search(c, parse("recherché")).total_passages == 1
    c.close()


def test_undated_documents_can_be_kept_under_a_date_filter(collection):
    everything = keyword_search(collection, parse("loverboys"))
    kept = keyword_search(collection, parse("loverboys", filters=Filters(since="2015", include_undated=True)))
    assert kept.undated_left_out == 0 and "undated" in kept.by_year
    assert kept.total_passages == sum(v["passages"] for year, v in everything.by_year.items()
                                      if year == "undated" or year >= "2015")
