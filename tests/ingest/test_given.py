"""Metadata a person gives: a sidecar beside a file, or a manifest passed to ingest. It wins over what the text
says, a change to it re-reads the file, and a broken one is a clear one-line error that changes nothing."""

from __future__ import annotations

import pytest

from core.errors import IngestError
from index.collection import Collection
from index.indexer import ingest_paths
from ingest.given import Manifest, given_from
from tests.fakes import FakeEmbedder, write_docs

TEXT = "Note sur la traite\n\nLa loi du 10 août 2005 étend la mission du Centre. Payoke accueille les victimes."


def docs_of(c: Collection) -> dict[str, object]:
    return {d.path.rsplit("/", 1)[-1]: d for d in c.store.documents().values()}


@pytest.fixture()
def collection(tmp_path):
    c = Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())
    yield c
    c.close()


def test_values_are_read_as_a_journalist_writes_them():
    g = given_from({"Title": "Rapport", "date": "c. 2019", "Publisher": "Myria", "type": "report",
                    "link": "https://www.myria.be/x", "license": "CC0", "colour": "blue"}, "test")
    assert (g.title, g.date, g.source, g.doc_type, g.url, g.licence) == ("Rapport", "2019", "Myria", "report",
                                                                        "https://www.myria.be/x", "CC0")
    assert given_from({"date": "2023-09-29 (réponse 2024-01-08)"}, "t").date == "2023-09-29"
    assert given_from({"date": "n.d."}, "t").date == given_from({"date": "2024-13-45"}, "t").date == ""
    assert given_from({"source": "https://pag-asa.be/fr"}, "t").url == "https://pag-asa.be/fr"  # a link, not a name


def test_a_sidecar_wins_over_the_text_and_its_change_re_reads_the_file(collection, tmp_path):
    folder = write_docs(tmp_path / "docs", {"note.fr.txt": TEXT, "other.fr.txt": TEXT.replace("Payoke", "Sürya")})
    (folder / "note.fr.txt.json").write_text('{"date": "2019-06-19", "source": "Myria", "author": "S. De Hovre",'
                                             ' "url": "https://www.myria.be/fr/traite"}', encoding="utf-8")
    (folder / "other.fr.yml").write_text("source: PAG-ASA\ndate: 2022\ntitle: Qui sommes-nous\n", encoding="utf-8")
    report = ingest_paths(collection, [str(folder)])
    assert report.count("added") == 2 and not report.failed  # the sidecars are not documents
    docs = docs_of(collection)
    note, other = docs["note.fr.txt"], docs["other.fr.txt"]
    assert (note.date, note.source, note.metadata["author"], note.metadata["url"]) == (
        "2019-06-19", "Myria", "S. De Hovre", "https://www.myria.be/fr/traite")
    assert (other.date, other.source, other.title) == ("2022", "PAG-ASA", "Qui sommes-nous")
    (folder / "other.fr.yml").write_text("source: PAG-ASA\ndate: 2021-05\n", encoding="utf-8")
    again = ingest_paths(collection, [str(folder)])
    assert (again.count("updated"), again.count("unchanged")) == (1, 1)
    assert docs_of(collection)["other.fr.txt"].date == "2021-05"
    (folder / "other.fr.yml").unlink()
    ingest_paths(collection, [str(folder)])
    assert docs_of(collection)["other.fr.txt"].date == ""  # the text's own date: none (2005 is a mention)


def test_a_broken_sidecar_fails_its_file_with_a_reason(collection, tmp_path):
    folder = write_docs(tmp_path / "docs", {"note.fr.txt": TEXT})
    (folder / "note.fr.json").write_text('{"date": "2019"', encoding="utf-8")
    report = ingest_paths(collection, [str(folder)])
    assert [r.detail for r in report.failed] == [report.failed[0].detail]
    assert "note.fr.json is not valid JSON" in report.failed[0].detail
    assert collection.store.stats()["documents"] == 0


def test_a_manifest_names_files_by_path_or_name(collection, tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.fr.txt": TEXT, "b.fr.txt": TEXT + " Bis."})
    manifest = tmp_path / "sources.tsv"
    manifest.write_text("file\tdate\tsource\tlicence\n"
                        "docs/a.fr.txt\t2000-11-15\tUnited Nations\tofficial text\n"
                        "b.fr.txt\tc. 2018\thttps://example.org/b\tCC0\n", encoding="utf-8")
    ingest_paths(collection, [str(folder)], manifest=Manifest(manifest))
    docs = docs_of(collection)
    assert (docs["a.fr.txt"].date, docs["a.fr.txt"].source, docs["a.fr.txt"].metadata["licence"]) == (
        "2000-11-15", "United Nations", "official text")
    assert (docs["b.fr.txt"].date, docs["b.fr.txt"].source, docs["b.fr.txt"].metadata["url"]) == (
        "2018", "", "https://example.org/b")


@pytest.mark.parametrize("content, message", [
    ("path_to\tdate\nx\t2019\n", "needs a tab-separated header with a 'file' column"),
    (b"\xff\xfe\x00bad", "cannot be read as UTF-8 text")])
def test_a_bad_manifest_is_one_clear_error(tmp_path, content, message):
    manifest = tmp_path / "m.tsv"
    manifest.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(IngestError, match=message):
        Manifest(manifest)


def test_the_cli_refuses_a_bad_manifest_before_touching_the_index(tmp_path):
    from click.testing import CliRunner

    from radar.cli import cli

    write_docs(tmp_path / "docs", {"a.fr.txt": TEXT})
    (tmp_path / "m.tsv").write_text("nothing useful\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["ingest", str(tmp_path / "docs"), "--metadata", str(tmp_path / "m.tsv"),
                                   "--index-dir", str(tmp_path / "idx")])
    assert out.exit_code == 1 and "needs a tab-separated header" in out.output
    assert not (tmp_path / "idx").exists()


def test_the_same_bytes_under_other_metadata_are_still_one_document(collection, tmp_path):
    """One Chamber question sent to two ministers: two ids (two links in the manifest), the same text."""
    folder = write_docs(tmp_path / "docs", {"a.fr.txt": TEXT, "b.fr.txt": TEXT})
    manifest = tmp_path / "m.tsv"
    manifest.write_text("file\turl\na.fr.txt\thttp://x/a\nb.fr.txt\thttp://x/b\n", encoding="utf-8")
    report = ingest_paths(collection, [str(folder)], manifest=Manifest(manifest))
    assert (report.count("added"), report.count("duplicate")) == (1, 1)
    assert collection.store.stats()["documents"] == 1
