"""Hostile input, each class through the real `radar` CLI in a child process: outcome, exit status, peak RSS
(the kernel's, children such as tesseract included) and seconds. Every row must stay under 2 GB and 60 s.

Usage: python bench/hostile.py [--out bench/results/hostile.md]. The files are built in a temporary folder.
The app's rendering of hostile titles is checked in a real browser by tests/radar/test_app_browser.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.measure import machine  # noqa: E402
from tests.hostile_files import (  # noqa: E402
    Measured,
    docx_bomb,
    docx_many_words,
    fifo,
    huge_page_pdf,
    link,
    measure,
    nested_html,
    read_in_child,
)

RADAR = [sys.executable, "-m", "radar.cli"]
LIMIT_MB, LIMIT_S = 2048, 60
SEED = ROOT / "corpus"


def radar(*args, timeout: float = 300) -> Measured:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return measure([*RADAR, *map(str, args)], timeout=timeout, cap_mb=4096, env=env)


def outcome(result: Measured, needle: str, work: Path) -> str:
    """The line that says what happened to the hostile file (or the last line), without the temporary folder."""
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    chosen = next((line for line in lines if needle and needle in line), lines[-1] if lines else "")
    return chosen.replace(str(work) + "/", "").replace("|", "\\|")[:160]


def cases(work: Path, index: Path):
    """(class, file size, how, measured, needle) per hostile class; `index` is a small ready index."""
    def fresh(name: str) -> Path:
        return work / f"index-{name}"

    def folder(name: str) -> Path:
        path = work / name
        path.mkdir()
        return path

    big = docx_bomb(work / "bomb-1.1GB.docx", 1100)
    yield "docx bomb, 1.1 GB inflated", big.stat().st_size, "ingest", radar("ingest", big, "--index-dir", fresh("b1"), "--silent"), "FAILED"
    small = docx_bomb(work / "bomb-106MB.docx", 106)
    yield "docx bomb, 106 MB inflated", small.stat().st_size, "ingest", radar("ingest", small, "--index-dir", fresh("b2"), "--silent"), "FAILED"
    words = docx_many_words(work / "words-60MB.docx", 60)
    yield "docx, 60 MB of varied XML (under the ratio)", words.stat().st_size, "ingest", radar("ingest", words, "--index-dir", fresh("b3"), "--silent"), "FAILED"
    pipes = folder("pipes")
    fifo(pipes / "pipe.txt")
    link(pipes / "zero.txt", "/dev/zero")
    (pipes / "note.txt").write_text("Les loverboys recrutent des adolescentes à Gand.", encoding="utf-8")
    yield "FIFO and link to /dev/zero in a folder", 0, "ingest", radar("ingest", pipes, "--index-dir", fresh("p"), "--silent", timeout=60), "FIFO"
    for depth in (20_000, 40_000, 100_000):
        page = nested_html(work / f"nested-{depth}.html", depth)
        yield f"HTML, {depth:,} nested <div><p>", page.stat().st_size, "read", read_in_child(page, timeout=120), "READ"
    page = work / "nested-20000.html"
    yield "HTML, 20,000 nested <div><p>", page.stat().st_size, "ingest", radar("ingest", page, "--index-dir", fresh("h"), "--silent", timeout=300), "Ingested"
    huge = huge_page_pdf(work / "huge-page.pdf")
    yield "PDF, one 7600 × 7600 pt page to OCR", huge.stat().st_size, "ingest", radar("ingest", huge, "--index-dir", fresh("o"), "--silent"), "FAILED"
    outside = folder("outside")
    (outside / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n" * 3, encoding="utf-8")
    docs = folder("links")
    link(docs / "passwd.txt", outside / "passwd.txt")
    link(docs / "elsewhere", outside)
    (docs / "note.txt").write_text("De loverboys ronselen meisjes via sociale media in Gent.", encoding="utf-8")
    yield "symlinks out of the folder", 0, "ingest", radar("ingest", docs, "--index-dir", fresh("l"), "--silent"), "skipped"
    pdf = SEED / "palermo_protocol_2000.en.textlayer.pdf"
    if not pdf.exists():
        pdf = ROOT.parent / "shared" / "corpus" / "pdf" / "palermo_protocol_2000.en.textlayer.pdf"
    half = work / "half.pdf"
    half.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    yield "PDF cut in half", half.stat().st_size, "ingest", radar("ingest", half, "--index-dir", fresh("t"), "--silent"), "FAILED"
    wide = work / "utf16.txt"
    wide.write_text("Rapport sur la traite des êtres humains, encodé en UTF-16.", encoding="utf-16")
    yield "UTF-16 text with a BOM", wide.stat().st_size, "ingest", radar("ingest", wide, "--index-dir", fresh("u"), "--silent"), "Ingested"
    failing = folder("all-fail")
    (failing / "empty.txt").write_bytes(b"")
    (failing / "name\x1b[2J\x07.txt").write_bytes(b"")
    yield "every file fails; ESC in a file name", 0, "ingest", radar("ingest", failing, "--index-dir", fresh("f"), "--silent"), "\\x1b"
    yield from cli_cases(work, index)


def cli_cases(work: Path, index: Path):
    """Queries, arguments and damaged stores, against the small index."""
    for question in ("?!.,;:()[]{}", "人口贩卖的受害者有多少？", "'; DROP TABLE documents; --"):
        yield f"question {question!r}", 0, "ask", radar("ask", question, "--index-dir", index), ""
    for args in (("--k", "-1"), ("--k", "0"), ("--since", "2024-13-45")):
        yield f"search {' '.join(args)}", 0, "search", radar("search", "Myria", *args, "--index-dir", index), ""
    damaged = work / "index-damaged"
    shutil.copytree(index, damaged)
    with sqlite3.connect(damaged / "radar.sqlite") as db:
        db.execute("UPDATE meta SET value='{\"model\": ' WHERE key='settings'")
    yield "invalid JSON in the settings row", 0, "search", radar("search", "Myria", "--index-dir", damaged), ""
    empty = work / "index-empty"
    empty.mkdir()
    (empty / "radar.sqlite").write_bytes(b"")
    yield "0-byte radar.sqlite", 0, "search", radar("search", "Myria", "--index-dir", empty), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hostile.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        index = work / "index-small"
        notes = work / "small"
        notes.mkdir()
        for name in sorted(os.listdir(SEED))[:3]:
            if (SEED / name).is_file() and name.endswith(".txt"):
                shutil.copy(SEED / name, notes / name)
        subprocess.run([*RADAR, "ingest", str(notes), "--index-dir", str(index), "--silent"], check=True,
                       env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}, capture_output=True)
        for name, size, how, result, needle in cases(work, index):
            ok = result.status is not None and result.peak_mb <= LIMIT_MB and result.seconds <= LIMIT_S
            rows.append(f"| {name} | {size / 1e6:.2f} | {how} | {outcome(result, needle, work)} | {result.status} | "
                        f"{result.peak_mb:.0f} | {result.seconds:.1f} | {'yes' if ok else '**NO**'} |")
            print(rows[-1], flush=True)
    table = ["| hostile input | file MB | through | outcome | exit | peak RSS MB | seconds | ≤ 2 GB and ≤ 60 s |",
             "|---|---|---|---|---|---|---|---|", *rows]
    text = "\n".join([f"# Hostile input — {date.today()} — `python bench/hostile.py`", f"Machine: {machine()}.", "",
                      "Each row is one `radar` command (or, for `read`, `load_document` alone) in a fresh child "
                      "process whose address space is capped at 4 GB. Peak RSS: the child's own high-water mark "
                      "or the summed RSS of its process tree (tesseract included) sampled every 50 ms, whichever "
                      "is larger. `ingest` rows include loading the embedding model (about 0.5 GB): every ingest "
                      "opens the collection's vector index at the end, even when its only file failed.", "",
                      *table, ""])
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
