"""Character error rate of Radar's OCR on the corpus scans against their born-digital text versions.

Usage: python bench/ocr_cer.py [SHARED_DIR]   (default ../shared). Prints a Markdown table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ingest.document import load_document

PAIRS = [
    ("corpus/pdf/parlbru_q1200_quartier_nord.fr.SIMULATED_SCAN.pdf", "corpus/web_passages/parlbru_q1200_quartier_nord_fr.fr.txt"),
    ("corpus/pdf/myria_approche_multidisciplinaire.fr.SIMULATED_SCAN.pdf", "corpus/web_passages/myria_approche_multidisciplinaire_fr.fr.txt"),
    ("corpus/pdf/myria_multidisciplinaire_aanpak.nl.SIMULATED_SCAN.pdf", "corpus/web_passages/myria_multidisciplinaire_aanpak_nl.nl.txt"),
]


def normalise(text: str) -> str:
    return " ".join(text.split())


def cer(hypothesis: str, reference: str) -> float:
    return Levenshtein.distance(normalise(hypothesis), normalise(reference)) / max(len(normalise(reference)), 1)


def matched_cer(hypothesis: str, reference: str) -> float:
    """CER on the part of the OCR text that corresponds to the reference (scans may carry extra text)."""
    from rapidfuzz import fuzz

    hyp, ref = normalise(hypothesis), normalise(reference)
    if len(hyp) <= len(ref):
        return cer(hyp, ref)
    best = fuzz.partial_ratio_alignment(ref, hyp)
    return cer(hyp[best.dest_start : best.dest_end], ref)


def main(shared: Path) -> None:
    print("| scan | pages | OCR s | CER | CER on the matching part |\n|---|---|---|---|---|")
    total_err = total_len = 0
    for scan, truth in PAIRS:
        t0 = time.time()
        doc, _ = load_document(shared / scan, scan)
        seconds = time.time() - t0
        ref, _ = load_document(shared / truth, truth)
        value = cer(doc.text, ref.text)
        total_err += value * len(normalise(ref.text))
        total_len += len(normalise(ref.text))
        print(f"| {Path(scan).name} | {len(doc.pages)} | {seconds:.1f} | {value:.3f} "
              f"| {matched_cer(doc.text, ref.text):.3f} |")
    print(f"| all (length-weighted) | | | {total_err / total_len:.3f} | |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared"))
