"""Ingest throughput without the model: documents/s and pages/s for text files and for OCR scans.

Usage: python bench/ingest_speed.py [SHARED_DIR]. The embedding cost is reported by `radar ingest`
itself (its summary line gives total and embedding seconds).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingest.document import load_document
from ingest.walk import walk


def main(shared: Path) -> None:
    rows = {"text (non-OCR)": [0, 0, 0, 0.0], "OCR scans": [0, 0, 0, 0.0]}
    for display, path, error in walk([str(shared / "corpus"), str(shared / "seeds")]):
        if path is None:
            continue
        t0 = time.perf_counter()
        doc, chunks = load_document(path, display)
        seconds = time.perf_counter() - t0
        row = rows["OCR scans" if doc.ocr else "text (non-OCR)"]
        row[0] += 1
        row[1] += max(len(doc.pages), 1)
        row[2] += len(chunks)
        row[3] += seconds
    print("| kind | documents | pages | chunks | seconds | docs/s | pages/s |\n|---|---|---|---|---|---|---|")
    for kind, (docs, pages, chunks, seconds) in rows.items():
        print(f"| {kind} | {docs} | {pages} | {chunks} | {seconds:.1f} | {docs / seconds:.2f} | {pages / seconds:.2f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared"))
