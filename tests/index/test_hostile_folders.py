"""What an ingest opens in a folder nobody vetted (issue 19): regular files only, checked before the content is
read, and no symbolic link out of the folders given unless asked. A deterministic fake encoder, no model."""

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from index.collection import Collection
from index.indexer import ingest_paths, ingest_uploads
from ingest.uploads import MAX_NAME, safe_filename
from tests.fakes import FakeEmbedder
from tests.hostile_files import fifo, link

TEXT = "Les loverboys recrutent des adolescentes via les réseaux sociaux à Gand. "


@contextmanager
def deadline(seconds: int):
    """A hang (open() on a FIFO blocks until a writer comes) becomes a failure, not a stuck test run."""
    def expired(*_):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def collection(tmp_path: Path) -> Collection:
    return Collection(tmp_path / "index", create=True, embedder=FakeEmbedder())


def by_name(report) -> dict[str, tuple[str, str]]:
    return {Path(r.path).name: (r.status, r.detail) for r in report.results}


def test_fifo_and_device_links_are_skipped_before_anything_opens_them(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "real.txt").write_text(TEXT, encoding="utf-8")
    fifo(docs / "pipe.txt")
    link(docs / "zero.txt", "/dev/zero")
    with deadline(20):
        report = ingest_paths(collection(tmp_path), [str(docs), str(docs / "pipe.txt")], follow_links=True)
    seen = by_name(report)
    assert seen["real.txt"][0] == "added"
    assert seen["pipe.txt"] == ("skipped", "skipped: not a regular file but a FIFO (named pipe)")
    assert seen["zero.txt"] == ("skipped", "skipped: not a regular file but a character device")
    given = [r for r in report.results if r.path == str(docs / "pipe.txt")]
    assert given and given[0].status == "skipped" and "FIFO" in given[0].detail  # named on the command line
    assert not report.failed


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:secret account of the machine " * 3, encoding="utf-8")
    (secret / "inner.txt").write_text("Dossier confidentiel hors du dossier donné. " * 3, encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "real.txt").write_text(TEXT, encoding="utf-8")
    link(docs / "passwd.txt", secret / "passwd.txt")
    link(docs / "linked_folder", secret)
    link(docs / "same.txt", docs / "sub" / "real.txt")  # inside the folder: followed
    c = collection(tmp_path)
    seen = by_name(ingest_paths(c, [str(docs)]))
    assert seen["passwd.txt"][0] == "skipped" and "outside the folders given" in seen["passwd.txt"][1]
    assert seen["linked_folder"][0] == "skipped" and "--follow-links" in seen["linked_folder"][1]
    assert "inner.txt" not in seen
    assert seen["same.txt"][0] == "added" and seen["real.txt"][0] == "duplicate"  # the link comes first
    assert c.store.stats()["documents"] == 1
    report = ingest_paths(c, [str(docs)], follow_links=True)
    added = {Path(r.path).name for r in report.results if r.status == "added"}
    assert added == {"passwd.txt", "inner.txt"} and c.store.stats()["documents"] == 3
    # a place named on the command line is given, links into it included
    c2 = Collection(tmp_path / "index2", create=True, embedder=FakeEmbedder())
    seen = by_name(ingest_paths(c2, [str(docs), str(secret)]))
    assert seen["passwd.txt"][0] in {"added", "duplicate"} and "inner.txt" in seen


def test_uploads_never_overwrite_each_other(tmp_path):
    c = collection(tmp_path)
    first = ("report.txt", TEXT.encode())
    second = ("report.txt", "Payoke accueille les victimes de la traite à Anvers. ".encode() * 2)
    results = ingest_uploads(c, [first, second])
    assert [r.status for _, r in results] == ["added", "added"]
    assert c.store.stats()["documents"] == 2
    assert len({r.path for _, r in results}) == 2 and all(Path(r.path).name == "report.txt" for _, r in results)
    # the same bytes again, alone or twice in one batch: the same document, nothing rewritten
    again = ingest_uploads(c, [first, first])
    assert [r.status for _, r in again] == ["unchanged", "unchanged"]
    renamed = ingest_uploads(c, [("copie.txt", first[1])])
    assert renamed[0][1].status == "duplicate"
    assert c.store.stats()["documents"] == 2
    stored = {c.store.document(c.store.doc_id_for_path(r.path)).text for _, r in results}
    assert any("Payoke" in t for t in stored) and any("loverboys" in t for t in stored)


def test_a_long_upload_name_keeps_its_extension(tmp_path):
    name = "x" * 300 + ".txt"
    assert len(safe_filename(name)) == MAX_NAME and safe_filename(name).endswith(".txt")
    results = ingest_uploads(collection(tmp_path), [(name, TEXT.encode())])
    assert results[0][0] == name and results[0][1].status == "added"


def test_an_upload_over_the_size_limit_is_reported_not_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("RADAR_MAX_FILE_MB", "1")
    c = collection(tmp_path)
    results = ingest_uploads(c, [("big.txt", b"a " * (1 << 20)), ("ok.txt", TEXT.encode())])
    assert [(n, r.status) for n, r in results] == [("big.txt", "failed"), ("ok.txt", "added")]
    assert not any(p.name == "big.txt" for p in c.upload_dir().rglob("*"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_walk_reports_without_opening(tmp_path):
    from ingest.walk import walk

    fifo(tmp_path / "p.txt")
    with deadline(5):
        assert list(walk([str(tmp_path)])) == [(str(tmp_path / "p.txt"), None,
                                                "skipped: not a regular file but a FIFO (named pipe)")]


def test_a_docx_bomb_uploaded_through_the_app_is_one_failed_row(tmp_path):
    """The same readers serve the app's uploads: the bomb that took the Streamlit server to 6 GB is refused."""
    from tests.hostile_files import docx_bomb

    bomb = docx_bomb(tmp_path / "bomb.docx", 40).read_bytes()
    c = collection(tmp_path)
    results = ingest_uploads(c, [("rapport.docx", bomb), ("note.txt", TEXT.encode())])
    assert [r.status for _, r in results] == ["failed", "added"]
    assert "zip bomb refused" in results[0][1].detail
