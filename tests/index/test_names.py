"""The names index: variants grouped (accents, an initial, the thesaurus's FR/NL forms), capitalised common words
left out, and a name's page with its documents, the names with it and a timeline that counts as the store does."""

from __future__ import annotations

import json

import pytest

from index.collection import Collection
from index.indexer import ingest_paths
from index.names import name_page, names
from tests.fakes import FakeEmbedder, write_docs

DOCS = {
    "a.fr.txt": "Note\n\nSelon Sarah De Hovre, directrice de PAG-ASA, les victimes sont accueillies. Les centres "
                "travaillent avec Sürya et Myria.",
    "b.nl.txt": "Nota\n\nVolgens S. De Hovre werkt PAG-ASA samen met Surya. Het Federaal Migratiecentrum volgt dit op.",
    "c.fr.txt": "Rapport\n\nDans son rapport, Myria constate que les victimes restent nombreuses.",
}
DATES = {"a.fr.txt": "2019-03-01", "b.nl.txt": "2021", "c.fr.txt": ""}


@pytest.fixture()
def collection(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    for name, date in DATES.items():
        if date:
            (folder / f"{name}.json").write_text(json.dumps({"date": date}), encoding="utf-8")
    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    assert not ingest_paths(c, [str(folder)]).failed
    yield c
    c.close()


def test_variants_are_grouped_and_common_words_left_out(collection):
    index = {n.name: n for n in names(collection)}
    sets = {frozenset(n.variants) for n in index.values()}
    assert frozenset({"Sürya", "Surya"}) in sets  # accents aside
    assert frozenset({"Sarah De Hovre", "S. De Hovre"}) in sets  # the initial, when one full name fits
    assert frozenset({"Myria", "Federaal Migratiecentrum"}) in sets  # one thesaurus concept's FR/NL terms
    assert index["Sarah De Hovre"].kind == "person"  # the French model's kind, for the Dutch "S. De Hovre" too
    written = {v for n in index.values() for v in n.variants}
    assert not written & {"Les", "Selon", "Volgens", "Le", "Het"}  # the corpus writes them in lower case too


def test_a_names_page_lists_its_documents_the_names_with_it_and_a_timeline(collection):
    page = name_page(collection, "pag asa")
    assert page.name.name == "PAG-ASA"
    assert [d.path.rsplit("/", 1)[-1] for d in page.documents] == ["b.nl.txt", "a.fr.txt"]  # newest first
    assert page.timeline == {"2019": 1, "2021": 1}
    assert ("Sarah De Hovre", 2) in page.with_most
    myria = name_page(collection, "Federaal Migratiecentrum")
    assert myria.timeline == {"2019": 1, "2021": 1, "undated": 1}  # as the store dates them, undated apart
    assert sum(myria.timeline.values()) == len(myria.documents) == 3
    assert name_page(collection, "Zorro") is None


def test_the_cli_lists_names_and_shows_a_page(collection):
    from click.testing import CliRunner

    from radar.cli import cli

    run = lambda *a: CliRunner().invoke(cli, [*a, "--index-dir", str(collection.store.dir)])  # noqa: E731
    listed = json.loads(run("names", "--json", "--min-documents", "2").output)["names"]
    pagasa = next(n for n in listed if n["name"] == "PAG-ASA")
    assert pagasa["variants"] == ["PAG-ASA"] and (pagasa["documents"], pagasa["mentions"]) == (2, 2)
    assert {n["kind"] for n in listed} <= {"person", "organisation", "place", ""}
    page = json.loads(run("name", "Surya", "--json").output)
    assert page["name"] == "Sürya" and len(page["documents"]) == 2 and page["timeline"] == {"2019": 1, "2021": 1}
    missing = run("name", "Zorro")
    assert missing.exit_code == 2 and "no document names 'Zorro'" in missing.output
