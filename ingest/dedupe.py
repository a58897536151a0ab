"""Fingerprints for exact duplicates and sampled shingles for near-duplicates; parallel-name keys."""

from __future__ import annotations

import hashlib
import re
import zlib

from text.normalise import folded_words

SHINGLE = 5
SAMPLE_MOD = 4  # keep shingles whose hash % 4 == 0: a consistent sample, so containment stays estimable
_LANG_MARK = re.compile(r"(?<=[._-])(fr|nl|en)(?=[._-]|$)", re.IGNORECASE)


def fingerprint(text: str) -> str:
    """Same words in the same order → same fingerprint, whatever the spacing, case or accents."""
    return hashlib.sha1(" ".join(folded_words(text)).encode()).hexdigest()


def shingles(text: str) -> set[int]:
    ws = folded_words(text)
    out = set()
    for i in range(max(len(ws) - SHINGLE + 1, 1)):
        h = zlib.crc32(" ".join(ws[i : i + SHINGLE]).encode())
        if h % SAMPLE_MOD == 0:
            out.add(h)
    return out


def containment(shared: int, mine: int, theirs: int) -> float:
    """Share of the smaller document found in the larger one (a cut-off web excerpt of a full text → ~1)."""
    smaller = min(mine, theirs)
    return shared / smaller if smaller else 0.0


def parallel_key(path: str) -> str:
    """'x/qrva_55-1.fr.txt' and 'x/qrva_55-1.nl.txt' share the key 'x/qrva_55-1.*.txt'."""
    head, _, name = path.replace("\\", "/").rpartition("/")
    return f"{head}/{_LANG_MARK.sub('*', name)}" if _LANG_MARK.search(name) else ""
