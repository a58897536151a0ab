"""Screening a list of names: the same name (case and accents aside) kept apart from lookalikes — a misspelling,
an initial for a first name — each with the document, the form found, a score and its sentence."""

from __future__ import annotations

import json

import pytest

from core.errors import InvalidQuery
from index.screening import read_names, screen
from tests.fakes import ingested
from text.person_names import match, names_in

DOCS = {
    "levif.fr.txt": "PAG-ASA\n\n« Derrière chaque victime il y a un exploiteur », insiste Sarah De Hovre, directrice "
                    "de PAG-ASA. Le centre travaille avec Payoke et Surya.",
    "note.nl.txt": "Nota\n\nVolgens S. De Hovre blijft het aantal slachtoffers stijgen. Sürya in Luik bevestigt dit.",
    "other.en.txt": "Report\n\nThe minister Rudi Vervoort answered the question of Mathias Vanden Borre.",
}


def test_names_match_case_and_accents_aside_initials_and_misspellings_as_lookalikes():
    assert match("sarah de hovre", "Sarah De Hovre").exact
    assert match("Surya", "Sürya").exact
    initial = match("S. De Hovre", "Sarah De Hovre")
    assert not initial.exact and initial.score >= 90
    assert not match("Sara de Hovr", "Sarah De Hovre").exact
    assert match("Vervort", "Rudi Vervoort") is not None  # a misspelt surname, inside a longer name
    assert match("Payoke", "Myria") is None and match("De Hovre", "Vanden Borre") is None
    assert [n for n, _, _ in names_in("Selon S. van der Berg et Rudi Vervoort, Ministre.")] == [
        "Selon S. van der Berg", "Rudi Vervoort", "Ministre"]


@pytest.fixture()
def collection(tmp_path):
    c = ingested(tmp_path, DOCS)
    yield c
    c.close()


def test_a_list_is_screened_with_exact_hits_apart_from_lookalikes(collection):
    results = {r.name: r for r in screen(collection, ["Sarah De Hovre", "Sara De Hovr", "Sürya", "Rudi Vervort",
                                                       "Jean Inconnu"])}
    hovre = results["Sarah De Hovre"].hits
    assert [(h.document.path.rsplit("/", 1)[-1], h.matched, h.exact) for h in hovre] == [
        ("levif.fr.txt", "Sarah De Hovre", True), ("note.nl.txt", "S. De Hovre", False)]  # the initial: a lookalike
    assert "insiste Sarah De Hovre, directrice de PAG-ASA." in hovre[0].sentence()
    assert {h.document.path.rsplit("/", 1)[-1] for h in results["Sürya"].hits if h.exact} == {"levif.fr.txt",
                                                                                              "note.nl.txt"}
    misspelt = results["Sara De Hovr"].hits
    assert misspelt and not any(h.exact for h in misspelt) and all(85 <= h.score < 100 for h in misspelt)
    assert results["Rudi Vervort"].hits[0].matched == "Rudi Vervoort"
    assert results["Jean Inconnu"].hits == ()


def test_the_cli_screens_a_file_as_json_and_exports_it(collection, tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from radar.cli import cli

    names = tmp_path / "names.txt"
    names.write_text("# names from the court file\nS. De Hovre\nJean Inconnu\n\nS. De Hovre\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["screen", str(names), "--json", "--export", str(tmp_path / "hits.xlsx"),
                                   "--index-dir", str(collection.store.dir)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [n["name"] for n in data["names"]] == ["S. De Hovre", "Jean Inconnu"]
    assert data["summary"] == {"names": 2, "with_hits": 1, "without_hits": 1}
    hit = data["names"][0]["hits"][0]
    assert set(hit) >= {"path", "matched", "exact", "score", "text"} and hit["exact"] is True  # "S. De Hovre" itself
    rows = list(load_workbook(tmp_path / "hits.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("name", "matched", "exact", "score") and rows[-1][0] == "Jean Inconnu"


def test_a_names_file_that_is_not_text_is_one_clear_error():
    with pytest.raises(InvalidQuery, match="not UTF-8 text"):
        read_names(b"\xff\xfeS\x00a\x00", "names.txt")
    with pytest.raises(InvalidQuery, match="holds no name"):
        read_names(b"# only a comment\n\n", "names.txt")
