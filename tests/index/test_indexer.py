"""Ingest → store → index with the real model on a small real corpus."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import ModelMismatch
from index.collection import Collection
from index.indexer import ingest_paths
from index.search import search

pytestmark = pytest.mark.slow


def test_every_chunk_matches_stored_text(built_index):
    c = Collection(built_index)
    rowids, _ = c.store.chunk_docs()
    chunks = c.store.chunks(rowids)
    assert len(chunks) == len(rowids) > 10
    for chunk in chunks.values():
        doc = c.store.document(chunk.doc_id)
        assert doc.text[chunk.char_start:chunk.char_end] == chunk.text
        assert chunk.lang in {"fr", "nl", "en"}


def test_duplicates_and_parallel_versions_are_linked(built_index):
    c = Collection(built_index)
    docs = {d.path.split("/")[-1]: d.id for d in c.store.documents().values()}
    links = {(a, b, kind) for a, b, kind, _ in c.store.links()}

    def linked(x, y, kind):
        a, b = sorted((docs[x], docs[y]))
        return (a, b, kind) in links

    # the seed and the web excerpt of the same Quartier Nord question
    assert linked("000_3c62babcb694d861.txt", "parlbru_q1200_quartier_nord_fr.fr.txt", "near_duplicate")
    # the Chamber question's FR and NL versions, by name and by content
    fr, nl = "qrva_55-B030-18-0011-2020202106460.fr.txt", "qrva_55-B030-18-0011-2020202106460.nl.txt"
    assert linked(fr, nl, "parallel")
    assert linked(fr, nl, "parallel_content")
    # the excerpt is a copy (its text is in the seed); versions in two languages are not
    assert frozenset((docs["000_3c62babcb694d861.txt"], docs["parlbru_q1200_quartier_nord_fr.fr.txt"])) in c.copies()
    assert frozenset((docs[fr], docs[nl])) not in c.copies()


def test_model_mismatch_is_a_clear_error(built_index):
    with pytest.raises(ModelMismatch, match="rebuild"):
        Collection(built_index, model="/some/other/model")


def test_incremental_runs(small_corpus, tmp_path):
    index_dir = tmp_path / "idx"
    c = Collection(index_dir, create=True)
    first = ingest_paths(c, [str(small_corpus)])
    assert first.count("added") == 11 and not first.failed
    again = ingest_paths(c, [str(small_corpus)])
    assert again.count("unchanged") == 11 and again.count("added") == 0 and again.embed_seconds == 0
    # change one file, add an identical copy of another, delete a third
    target = small_corpus / "web_passages/levif_pagasa_2018_fr.fr.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté sur Sürya à Liège.",
                      encoding="utf-8")
    shutil.copy(small_corpus / "treaties/palermo_protocol_2000.en.md", small_corpus / "copy.md")
    (small_corpus / "web_passages/myria_trafficking_landing.en.txt").unlink()
    third = ingest_paths(c, [str(small_corpus)], prune=True)
    assert third.count("updated") == 1 and third.count("duplicate") == 1 and third.count("removed") == 1
    c.refresh()
    hits = search(c, "Sürya Liège paragraphe ajouté", k=3)
    assert any("paragraphe ajouté" in h.chunk.text for h in hits)
    assert c.vectors.size == c.store.stats()["chunks"] == len(c.lexical.rowids)
    paths = set(c.store.files())
    assert not any(p.endswith("myria_trafficking_landing.en.txt") for p in paths)


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("Le statut de victime de la traite des êtres humains en Belgique.", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (docs / "data.bin.txt").write_bytes(bytes(range(256)) * 10)
    (docs / "sheet.xlsx").write_bytes(b"PK")
    os.symlink(docs, docs / "loop")
    c = Collection(tmp_path / "idx", create=True)
    report = ingest_paths(c, [str(docs), str(tmp_path / "missing.txt")])
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["good.txt"].status == "added"
    assert by_name["empty.txt"].status == "failed" and "empty" in by_name["empty.txt"].detail
    assert by_name["broken.pdf"].status == "failed"
    assert by_name["data.bin.txt"].status == "failed" and "binary" in by_name["data.bin.txt"].detail
    assert by_name["sheet.xlsx"].status == "skipped"
    assert by_name["missing.txt"].status == "failed"
    assert any("symlink loop" in r.detail for r in report.results)


def test_killed_ingest_leaves_previous_store_usable(small_corpus, tmp_path):
    index_dir = tmp_path / "idx"
    c = Collection(index_dir, create=True)
    ingest_paths(c, [str(small_corpus / "web_passages")])
    before = c.store.stats()
    c.close()
    more = tmp_path / "more"
    more.mkdir()
    for i in range(40):
        (more / f"doc{i}.txt").write_text(f"Document {i} sur la traite des êtres humains. " * 80, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "radar.cli", "ingest", str(more), "--index-dir", str(index_dir),
                             "--silent"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        c2 = Collection(index_dir)
        grew = c2.store.stats()["documents"] > before["documents"]
        c2.close()
        if grew:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    c3 = Collection(index_dir)
    stats = c3.store.stats()
    assert stats["documents"] >= before["documents"]
    hits = search(c3, "Myria rapport annuel", k=3)
    assert hits
    for h in hits:
        assert h.document.text[h.chunk.char_start:h.chunk.char_end] == h.chunk.text
    assert c3.vectors.size == stats["chunks"]  # the derived index was repaired from the store
    report = ingest_paths(c3, [str(more)])  # and the interrupted run can simply be repeated
    assert not report.failed
