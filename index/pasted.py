"""A pasted document as the query: find its other-language versions and its relatives, document by document.

One embedding of a long text is a blur of its first 512 tokens, so the text is cut into passages like a
stored document, each passage finds its nearest chunks, and each candidate document is scored by how well
its chunks answer every passage (the mean over the pasted passages of the best cosine — a translation
matches passage by passage). Numbers, dates and acronyms survive translation unchanged, so the share of
them a candidate has in common with the pasted text is a third, language-independent ranking. The three
rankings are fused per document; each document is represented by its best chunk. Last, when the first
document has near-identical siblings among the next ones (one question sent to several ministers), the
clauses that differ decide which sibling the pasted text is a version of (`closest_sibling`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import numpy as np

from index.collection import Collection
from index.fusion import rrf
from ingest.chunking import split_spans
from text.language import detect_language
from text.names import anchors

MAX_PIECES = 8  # passages of the pasted text that are embedded (the rest adds time, not evidence)
ANCHOR_CANDIDATES = 10  # documents of each ranking compared on numbers and acronyms
SIBLINGS = 10  # candidates compared clause by clause when nearly identical to the first
SIBLING_RATIO = 0.8  # share of words in the same order that makes two candidates siblings
MAX_REGIONS = 4
PASTED_RRF_K = 60  # RRF's k over a pasted document's three document rankings (hand-set; the question search's
# k, Settings.rrf_k, was refitted on training data in 2026-11 and this path was left as it was)
CONTEXT = 4  # differing regions closer than this (words) are one region
CONTEXTS = (2, 4)  # words of context cut on each side of a differing region: two views of it
WINDOW, STRIDE = 16, 4  # pasted-text windows (words) a differing region is aligned with
ALIGN_SPAN = 0.2  # windows within this share of the text around the region's relative position
CONTRAST_CONTEXT = 2  # words of context around a difference when both languages have siblings
CONTRAST_DRIFT = 0.08  # how far (share of the text) a difference and its source-language form may lie apart
OWN_SIBLINGS = 30  # chunks in the pasted text's language searched for its own siblings
SIBLING_MARGIN = 0.0  # gain (in cosine) over the differing regions that makes a sibling first
_WORD = re.compile(r"\w+", re.UNICODE)
def rank_pasted(collection: Collection, text: str, dense: list[tuple[int, float]], n: int,
                allowed: np.ndarray | None, by_language) -> dict[int, float]:
    """rowid → fused score, one chunk (the best) per candidate document."""
    settings = collection.settings
    spans = split_spans(text, 0, len(text), settings.chunk_size, settings.chunk_overlap)[:MAX_PIECES]
    pieces = collection.embedder.encode_passages([text[a:b] for a, b in spans])
    results = collection.vectors.search_many(pieces, n, allowed=allowed)  # one pass over the vectors
    rowids = {r for res in results for r, _ in res} | {r for r, _ in dense}
    doc_of = collection.store.chunk_doc_ids(rowids)

    best_chunk: dict[str, tuple[float, int]] = {}
    per_piece: list[dict[str, float]] = []
    floors = []
    for res in results:
        scores: dict[str, float] = {}
        for rowid, score in res:
            doc = doc_of[rowid]
            if score > scores.get(doc, -1.0):
                scores[doc] = score
            if score > best_chunk.get(doc, (-1.0, 0))[0]:
                best_chunk[doc] = (score, rowid)
        per_piece.append(scores)
        floors.append(res[-1][1] if res else 0.0)  # a document a passage did not reach scores at most this
    for rowid, score in dense:
        doc = doc_of[rowid]
        if score > best_chunk.get(doc, (-1.0, 0))[0]:
            best_chunk[doc] = (score, rowid)
    chamfer = {doc: float(np.mean([s.get(doc, f) for s, f in zip(per_piece, floors)])) for doc in best_chunk}

    chunk_level = list(dict.fromkeys(doc_of[r] for r in by_language(dense)))
    matched = list(dict.fromkeys(doc_of[r] for r in by_language(
        [(best_chunk[d][1], s) for d, s in sorted(chamfer.items(), key=lambda x: -x[1])])))
    candidates = list(dict.fromkeys(chunk_level[:ANCHOR_CANDIDATES] + matched[:ANCHOR_CANDIDATES]))
    mine = anchors(text)
    texts = collection.store.documents(candidates)
    shared = {d: len(mine & (theirs := anchors(texts[d].text))) / (len(mine | theirs) or 1) for d in candidates}
    by_anchor = sorted(candidates, key=lambda d: -shared[d])
    fused = rrf([chunk_level, matched, by_anchor], [1.0, 1.0, 1.0], k=PASTED_RRF_K)
    order = sorted(fused, key=fused.get, reverse=True)
    if SIBLINGS and order:
        more = [d for d in order[:SIBLINGS] if d not in texts]
        texts.update(collection.store.documents(more) if more else {})
        winner = closest_sibling(text, order[:SIBLINGS], texts, collection.embedder,
                                 lambda: _nearest_texts(collection, text, pieces[0], exclude=set(order)))
        if winner != order[0]:  # the sibling takes the first place; the former first keeps the second
            fused[winner], fused[order[0]] = fused[order[0]], fused[winner]
    return {best_chunk[d][1]: score for d, score in fused.items()}


def _nearest_texts(collection: Collection, text: str, vector: np.ndarray, exclude: set[str]) -> list[str]:
    """Texts of the documents in the pasted text's language nearest its opening: its own siblings are
    among them when the same series is indexed in its language."""
    lang = detect_language(text[:2000])
    langs = collection.chunk_langs()
    hits = [(r, s) for r, s in collection.vectors.search(vector, OWN_SIBLINGS * 3) if langs.get(r) == lang]
    doc_of = collection.store.chunk_doc_ids([r for r, _ in hits[:OWN_SIBLINGS]])
    docs = list(dict.fromkeys(d for d in doc_of.values() if d not in exclude))
    found = collection.store.documents(docs)
    return [found[d].text for d in docs if d in found]


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def closest_sibling(pasted: str, order: list[str], texts: dict, embedder,
                    alternatives: Callable[[], list[str]] | None = None) -> str:
    """Among near-identical candidates (one question sent to several ministers with a changed clause),
    the one whose differing clauses match the pasted text best.

    The whole-text vectors of such siblings differ by a clause, which the embedding of a translation cannot
    resolve, so each differing region is cut out with a little context from both siblings. When the pasted
    text has a sibling of its own in its language (`alternatives`: the same series as the candidates), its
    differing clauses are cut out too and the two differences are compared: candidate B beats A when
    (B − A)·(pasted − sibling) > 0. Otherwise each candidate's clause is compared with the pasted text's
    windows around the same relative position (translations keep the order of clauses)."""
    best = order[0]
    mine = _words(pasted)
    if not mine:
        return best
    window_vecs: dict[int, np.ndarray] = {}  # start word of a pasted-text window → its vector
    own: list[tuple[str, list, list]] | None = None  # the pasted text's own siblings and where they differ

    def windows_near(centre: float) -> np.ndarray:
        lo = max(int((centre - ALIGN_SPAN) * len(mine)) // STRIDE * STRIDE, 0)
        hi = min(int((centre + ALIGN_SPAN) * len(mine)), max(len(mine) - WINDOW, 0))
        starts = list(range(lo, hi + 1, STRIDE)) or [0]
        todo = [st for st in starts if st not in window_vecs]
        if todo:
            vecs = embedder.encode_passages([_cut(pasted, mine, st, st + WINDOW, context=0) for st in todo])
            window_vecs.update(zip(todo, vecs))
        return np.stack([window_vecs[st] for st in starts])

    def own_siblings() -> list[tuple[str, list, list]]:
        nonlocal own
        if own is None:
            own = []
            for alt in alternatives() if alternatives else []:
                words = _words(alt)
                regions = _differences(mine, words)
                if regions:
                    own.append((alt, words, regions))
        return own

    split = {doc: (texts[doc].text, _words(texts[doc].text)) for doc in order}  # (text, its words) once each
    for other in order[1:]:
        a, b = split[best], split[other]
        regions = _differences(a[1], b[1])
        if not regions:
            continue
        contrast = _matching_contrast(regions, len(a[1]), own_siblings(), len(mine))
        if contrast is not None:
            alt, alt_words, pairs = contrast
            gain = _contrast_gain(embedder, a, b, (pasted, mine), (alt, alt_words), pairs)
        else:
            gain = _window_gain(embedder, a, b, regions, windows_near)
        if gain > SIBLING_MARGIN:
            best = other
    return best


def _contrast_gain(embedder, a: tuple, b: tuple, pasted: tuple, alt: tuple, pairs: list) -> float:
    """Σ (B − A)·(pasted − sibling) over the paired differences (each a (text, words) pair): positive when
    B differs from A the way the pasted text differs from its own sibling. Summed, so a difference of a
    typo, which moves no vector, adds ~0."""
    pieces = [_cut(*side, lo, hi, CONTRAST_CONTEXT)
              for (i1, i2, j1, j2), (p1, p2, q1, q2) in pairs
              for side, lo, hi in ((a, i1, i2), (b, j1, j2), (pasted, p1, p2), (alt, q1, q2))]
    vecs = embedder.encode_passages(pieces).reshape(len(pairs), 4, -1)
    return float(sum((vb - va) @ (vs - vt) for va, vb, vs, vt in vecs))


def _window_gain(embedder, a: tuple, b: tuple, regions: list, windows_near) -> float:
    """Mean over the differences (two context widths each) of how much better B's clause than A's matches
    the pasted text's best window around the same relative position."""
    pieces = [_cut(*side, lo, hi, context) for i1, i2, j1, j2 in regions for context in CONTEXTS
              for side, lo, hi in ((a, i1, i2), (b, j1, j2))]
    vecs = embedder.encode_passages(pieces).reshape(len(regions), len(CONTEXTS), 2, -1)
    gains = []
    for (i1, i2, _, _), views in zip(regions, vecs):
        near = windows_near((i1 + i2) / 2 / len(a[1]))
        gains.extend(float((near @ vb).max() - (near @ va).max()) for va, vb in views)
    return float(np.mean(gains))


def _differences(a: list[tuple[str, int, int]], b: list[tuple[str, int, int]]) -> list[tuple[int, int, int, int]]:
    """Where two siblings differ (word ranges in each), or [] when they are not siblings or are identical."""
    matcher = difflib.SequenceMatcher(None, [w for w, _, _ in a], [w for w, _, _ in b], autojunk=False)
    if matcher.real_quick_ratio() < SIBLING_RATIO or matcher.quick_ratio() < SIBLING_RATIO \
            or matcher.ratio() < SIBLING_RATIO:
        return []
    return _regions([op for op in matcher.get_opcodes() if op[0] != "equal"])[:MAX_REGIONS]


def _matching_contrast(regions: list, length: int, own: list, own_length: int):
    """The pasted text's sibling whose differences fall where the candidates' do, with each candidate
    difference paired to its nearest one there (same relative place within CONTRAST_DRIFT): those clauses
    are the source-language form of the candidates' differences. None when no sibling lines up."""
    best, best_key = None, None
    for alt, words, alt_regions in own:
        pairs, drift = [], 0.0
        for region in regions:
            centre = (region[0] + region[1]) / 2 / length
            near = min(alt_regions, key=lambda q: abs((q[0] + q[1]) / 2 / own_length - centre))
            gap = abs((near[0] + near[1]) / 2 / own_length - centre)
            if gap <= CONTRAST_DRIFT:
                pairs.append((region, near))
                drift += gap
        key = (len(pairs), -drift)
        if pairs and (best_key is None or key > best_key):
            best, best_key = (alt, words, pairs), key
    return best


def _regions(ops: list[tuple]) -> list[tuple[int, int, int, int]]:
    """Differing word ranges, merged when they lie within CONTEXT words of each other."""
    merged: list[list[int]] = []
    for _, i1, i2, j1, j2 in ops:
        if merged and i1 - merged[-1][1] <= CONTEXT:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def _cut(text: str, words: list[tuple[str, int, int]], i1: int, i2: int, context: int) -> str:
    lo, hi = max(i1 - context, 0), min(max(i2, i1 + 1) + context, len(words))
    return text[words[lo][1] : words[hi - 1][2]]
