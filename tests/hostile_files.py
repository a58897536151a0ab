"""Hostile files, built on the spot (tests and bench/hostile.py): nothing here is stored in the repo."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

PARAGRAPH = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"


def docx_bomb(path: Path, inflated_mb: int, paragraph: bytes = PARAGRAPH) -> Path:
    """A real .docx (python-docx opens it) whose word/document.xml inflates to `inflated_mb` MB of
    repeated paragraphs: the shape of the 3.4 MB file that inflated to 1.15 GB."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    body = source.read("word/document.xml")
    head, tail = body.split(b"<w:body>")[0] + b"<w:body>", b"</w:body></w:document>"
    block = paragraph * (1_048_576 // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, source.read(item.filename))
        with out.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head)
            for _ in range(inflated_mb):
                stream.write(block)
            stream.write(tail)
    return path


def docx_many_words(path: Path, inflated_mb: int) -> Path:
    """A .docx that inflates only ~10 times (under any ratio limit) but holds `inflated_mb` MB of varied
    paragraphs: only a streaming reader with a text cap reads it in bounded memory."""
    import random

    rng = random.Random(7)
    words = [w.encode() for w in "traite êtres humains victime Myria Payoke rapport bars scellés Gand".split()]
    paragraphs = b"".join(b"<w:p><w:r><w:t>" + b" ".join(rng.choice(words) for _ in range(12)) + b"</w:t></w:r></w:p>"
                          for _ in range(2000))
    return docx_bomb(path, inflated_mb, paragraphs)


def nested_html(path: Path, depth: int) -> Path:
    """N nested <div><p>text</p> blocks: quadratic in an HTML5 tree builder without a depth cap."""
    path.write_text("<html><body>" + "<div><p>text of a nested block</p>" * depth + "</div>" * depth +
                    "</body></html>", encoding="utf-8")
    return path


def huge_page_pdf(path: Path, points: int = 7600) -> Path:
    """One page of points × points pt holding one small image and no text: OCR renders the whole page."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=points, height=points)
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 64, 64), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(10, 10, 74, 74), pixmap=pix)
    pdf.save(path)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def link(path: Path, target: str | Path) -> Path:
    os.symlink(target, path)
    return path


class Measured:
    """How a child process ended: exit status (None when killed at the time limit), seconds, peak RSS in MB
    (the child's and its own children's, e.g. tesseract) and its output."""

    def __init__(self, status: int | None, seconds: float, peak_mb: float, output: str) -> None:
        self.status, self.seconds, self.peak_mb, self.output = status, seconds, peak_mb, output

    def __repr__(self) -> str:
        return f"Measured(status={self.status}, {self.seconds:.1f} s, {self.peak_mb:.0f} MB, {self.output[-300:]!r})"


def measure(argv: list[str], timeout: float = 120, cap_mb: int = 3072, env: dict | None = None) -> Measured:
    """Run `argv` with its address space capped at `cap_mb` (so code without limits fails instead of taking the
    machine) and a time limit, and report its peak resident memory: the largest of its own high-water mark and
    the summed RSS of its process tree (tesseract included), sampled every 50 ms from /proc. (The kernel's
    ru_maxrss would count the parent's pages the child had before its exec.)"""
    import resource
    import subprocess
    import tempfile
    import time

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, preexec_fn=cap, env=env)
        peak_kb, killed = 0, False
        while proc.poll() is None:
            peak_kb = max(peak_kb, _vm(proc.pid, "VmHWM"), sum(_vm(pid, "VmRSS") for pid in _tree(proc.pid)))
            if time.perf_counter() - started > timeout:
                killed = True
                for pid in _tree(proc.pid)[::-1]:
                    _kill(pid)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Measured(None if killed else proc.returncode, seconds, peak_kb / 1024, output)


def _vm(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith(field + ":")), 0)
    except (OSError, ValueError):
        return 0


def _tree(root: int) -> list[int]:
    """`root` and its descendants, parents first."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


READ_ONE = ("import sys; from pathlib import Path; from ingest.document import load_document\n"
            "try:\n    doc, chunks = load_document(Path(sys.argv[1]), 'x')\n    print('READ', len(doc.text))\n"
            "except Exception as exc:\n    print('ERROR', type(exc).__name__, exc)\n")


def read_in_child(path: Path, timeout: float = 60, cap_mb: int = 3072) -> Measured:
    """`load_document(path)` in a fresh Python with capped memory: what one file costs to read."""
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return measure([sys.executable, "-c", READ_ONE, str(path)], timeout=timeout, cap_mb=cap_mb, env=env)
