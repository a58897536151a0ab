"""One search: dense + lexical (with thesaurus expansion), fused, filtered, de-duplicated, diversified."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from core.filters import Filters
from core.query import check_query
from core.records import Chunk, Hit
from index.collection import Collection
from index.fusion import diversify, rrf
from index.pasted import rank_pasted
from index.rerank import rerank as rerank_hits
from index.thesaurus import concept_text, concept_texts, concepts_in
from text.dates import date_bounds
from text.language import detect_language
from text.names import names_in

PER_LANGUAGE_DENSE = True
LONG_QUERY_CHARS = 400
EXPANDED_DENSE_WEIGHT = 1.0  # the query read with its FR/NL/EN thesaurus concepts (dev: R@5 .90→.92, MRR .74→.76)
# Two chunks of one group whose first 400 characters agree this much (rapidfuzz ratio) are one passage. Chunk pairs
# of different documents of one group in the shared corpus: 49 at >= 90, all copies of one passage (a scan and its
# text, the Palermo .md and .pdf, one question sent to two ministers); 8 at 70-89, copies cut elsewhere or with
# heavier OCR noise, kept apart; 3,713 below 70.
SAME_PASSAGE = 90
SAME_PASSAGE_CHARS = 400

# Names and figures (Borealis, Payoke, 2024/1712) read the same in every language, while a question's other
# words match its own language first: ranked on their own, the rare ones find the other-language passage.
# Dev (60 questions): Recall@5 .967 → .983, MRR@10 .835 → .861, cross-lingual Recall@5 .947 → .974.
NAMES_WEIGHT = 0.5
RARE_SHARE = 0.02  # a name in at most this share of the passages (at least 3 in a small index) ...
NAME_DOCUMENTS = 2  # ... and in at most this many documents (GRETA, in every GRETA report, singles out none)
def rare_names(collection: Collection, query: str) -> list[str]:
    """The question's names found in few passages (Borealis, not Belgium), some of them in another language
    than the question's (a name, not an English word that is rare because English texts are)."""
    return list(_rare_name_hits(collection, query))


def _rare_name_hits(collection: Collection, query: str) -> dict[str, list[tuple[int, float]]]:
    """Each rare name → every passage that has it (few, by definition), with its BM25 score."""
    names = names_in(query)
    if not names:
        return {}
    lexical, langs = collection.lexical, collection.chunk_langs()
    cap = max(3, int(RARE_SHARE * len(langs)))
    own = detect_language(query)
    found = {}
    for name in names:
        terms = lexical.query_terms(name)
        hits = lexical.search(terms, cap + 1) if terms else []
        if hits and len(hits) <= cap and any(langs.get(r, own) != own for r, _ in hits):
            found[name] = hits
    doc_of = collection.store.chunk_doc_ids({r for hits in found.values() for r, _ in hits})
    return {name: hits for name, hits in found.items() if len({doc_of[r] for r, _ in hits}) <= NAME_DOCUMENTS}


def _names_ranking(collection: Collection, query: str, n: int, allowed: np.ndarray | None) -> list[int]:
    """Passages ranked by BM25 over the question's rare names alone. Each name's passages are all known
    already, and BM25 adds up over terms, so the ranking is their summed scores (one more search only
    when two names share a term)."""
    by_name = _rare_name_hits(collection, query)
    if not by_name:
        return []
    lexical = collection.lexical
    terms = [t for name in by_name for t in lexical.query_terms(name)]
    if len(set(terms)) < len(terms):
        return [r for r, _ in lexical.search(lexical.query_terms(" ".join(by_name)), n, allowed=allowed)]
    scores: dict[int, float] = {}
    for hits in by_name.values():
        for rowid, score in hits:
            scores[rowid] = scores.get(rowid, 0.0) + score
    rowids = np.fromiter(scores, dtype=np.int64, count=len(scores))
    if allowed is not None:
        rowids = rowids[np.isin(rowids, allowed)]
    return sorted(rowids.tolist(), key=lambda r: -scores[r])[:n]


def search(collection: Collection, query: str, k: int = 10, filters: Filters | None = None,
           per_doc: int | None = None, rerank: bool = True, judged: int | None = None,
           within: np.ndarray | None = None) -> list[Hit]:
    """Top-k passages for a question or keywords in French, Dutch or English; `per_doc` overrides how many
    passages of one document (or its copies and versions) come before the others have had a turn. With `rerank`
    (and a collection that has the judge), the first `settings.rerank` (or `judged`) are reordered by relevance
    (index/rerank.py); without, the hybrid order stands (the fast path for bulk work). `within`: the only passages
    (rowids) it may return, beside the filters (an evaluation asking a question of the corpus without its answer,
    scripts/judge/retrieval.py)."""
    query = check_query(query, k)
    filters = filters or Filters()
    settings = collection.settings
    n = max(settings.candidates, k * 5)
    allowed = _allowed_rowids(collection, filters) if filters.active() else None
    if within is not None:
        allowed = within if allowed is None else np.intersect1d(allowed, within)

    long_query = len(query) > LONG_QUERY_CHARS  # a document pasted as the query: find its versions/relatives
    fused = _fused(collection, query, n, allowed, long_query)
    ranked = sorted(fused, key=fused.get, reverse=True)[: n]
    chunks = collection.store.chunks(ranked)
    paths = collection.doc_paths()
    group, members = collection.groups()

    # a pasted document asks which stored one it is: near-identical candidates stay in their ranking's order
    kept, also = _collapse(collection, ranked, chunks, group, paths, stable_copy=not long_query)
    group_of = {r: group.get(chunks[r].doc_id, chunks[r].doc_id) for r in kept}
    # a pasted document asks which stored text it is, not what answers it; the judge reads the top `depth` even
    # when fewer are asked for, then k are kept
    depth = (settings.rerank if judged is None else judged) if rerank and not long_query else 0
    final = diversify(kept, group_of, per_doc or settings.per_doc)[: max(k, depth)]
    docs = collection.store.documents({chunks[r].doc_id for r in final})  # texts of the shown passages only

    hits = []
    for rowid in final:
        chunk = chunks[rowid]
        doc = docs[chunk.doc_id]
        versions = _versions(collection, doc.id, group, members)
        also_in = tuple(dict.fromkeys([*also.get(rowid, []), *versions]))
        hits.append(Hit(chunk=chunk, document=doc, score=round(fused[rowid], 6), also_in=also_in))
    return rerank_hits(collection, query, hits, final, depth)[:k] if depth else hits


def _fused(collection: Collection, query: str, n: int, allowed: np.ndarray | None,
           long_query: bool) -> dict[int, float]:
    """rowid → fused score: dense (per language, and with the question's thesaurus concepts), BM25 and rare names
    by RRF; a pasted document is ranked document by document instead (`rank_pasted`)."""
    if long_query:  # passage-to-passage similarity matches translations better than query-to-passage
        dense = collection.vectors.search_many(collection.embedder.encode_passages([query]), n, allowed=allowed)[0]
        # hundreds of words: BM25 only adds noise (bench)
        return rank_pasted(collection, query, dense, n, allowed, lambda ranked: _by_language(collection, ranked))
    lists, weights = fusion_lists(collection, query, n, allowed)
    return rrf(lists, weights, k=collection.settings.rrf_k)


def fusion_lists(collection: Collection, query: str, n: int,
                 allowed: np.ndarray | None = None) -> tuple[list[list[int]], list[float]]:
    """The ranked lists (rowids) a question's search fuses, and their weights: dense per language, the question
    read with its thesaurus concepts, BM25, rare names. Apart so that scripts/fit_fusion.py fits the fusion on
    exactly what `search` fuses."""
    settings = collection.settings
    found = concepts_in(query)
    concepts = [concept_text(terms) for terms in found]
    expansion = [t for terms in found for t in terms]
    if concepts:  # the question, and the question read with its FR/NL/EN thesaurus terms: two dense lists
        collection.embedder.prepare_concepts(concept_texts())  # all of them, once per process (disk cache)
        qvecs = collection.embedder.encode_with_concepts(query, concepts)
    else:
        qvecs = collection.embedder.encode_queries([query])
    dense, *dense_expanded = collection.vectors.search_many(qvecs, n, allowed=allowed)
    lex = collection.lexical.query(query, expansion, n, allowed=allowed)
    lists, list_weights = [_by_language(collection, dense), [r for r, _ in lex]], [settings.dense_weight,
                                                                                    settings.lexical_weight]
    if dense_expanded and EXPANDED_DENSE_WEIGHT:
        lists.append(_by_language(collection, dense_expanded[0]))
        list_weights.append(EXPANDED_DENSE_WEIGHT)
    by_names = _names_ranking(collection, query, n, allowed) if NAMES_WEIGHT else []
    if by_names:
        lists.append(by_names)
        list_weights.append(NAMES_WEIGHT)
    return lists, list_weights


def _collapse(collection: Collection, ranked: list[int], chunks: dict[int, Chunk], group: dict[str, str],
              paths: dict[str, str], stable_copy: bool = True) -> tuple[list[int], dict[int, list[str]]]:
    """One passage per group and near-identical text, in rank order, and the other documents holding it
    (also_in). Chunks of another document of the group in the same language (a copy, a scan) whose starts agree
    (`same_passage`) are one passage, shown from the copy `_preferred` whatever their ranks (with `stable_copy`
    False, copies of one text stay in rank order too: only a scan gives way)."""
    kept: list[int] = []
    kept_in: dict[str, list[int]] = {}  # by group
    starts: dict[int, str] = {}  # passage_start of the chunks compared
    also: dict[int, list[str]] = {}
    seen_text: dict[tuple[str, str], int] = {}
    for rowid in ranked:
        chunk = chunks.get(rowid)
        if chunk is None:
            continue
        doc_id = chunk.doc_id
        key = (group.get(doc_id, doc_id), " ".join(chunk.text.split()[:12]).lower())
        first = seen_text.get(key)
        others = [r for r in kept_in.get(key[0], ()) if chunks[r].doc_id != doc_id and chunks[r].lang == chunk.lang] \
            if first is None else []
        if others:
            start = starts[rowid] = passage_start(chunk.text)
            for r in others:
                if r not in starts:
                    starts[r] = passage_start(chunks[r].text)
            first = next((r for r in others if _same_start(starts[r], start)), None)
        if first is None:
            seen_text[key] = rowid
            kept.append(rowid)
            kept_in.setdefault(key[0], []).append(rowid)
        elif chunks[first].doc_id != doc_id and _preferred(collection, rowid, first, chunks, stable_copy):
            kept[kept.index(first)] = rowid  # the preferred copy takes the other's place in the ranking
            kept_in[key[0]][kept_in[key[0]].index(first)] = rowid
            also[rowid] = [paths[chunks[first].doc_id], *also.pop(first, [])]
            seen_text.update({k: rowid for k, r in seen_text.items() if r == first})
        elif chunks[first].doc_id != doc_id and paths[doc_id] not in also.setdefault(first, []):
            also[first].append(paths[doc_id])
    return kept, also


def _preferred(collection: Collection, rowid: int, other: int, chunks: dict[int, Chunk],
               stable_copy: bool = True) -> bool:
    """Is `rowid`'s document the one to show the passage from, rather than `other`'s, which ranks higher? A clean
    copy before a scan (its quotes need no OCR repair). Between copies of one text, the copy stored first, so that
    a passage is cited from the same file whatever question finds it (which copy ranks higher is chance: their
    chunks are cut at other places). Between siblings (one question to two ministers), the higher-ranked one: the
    ranking has told them apart by what differs."""
    docs = collection.store.documents({chunks[rowid].doc_id, chunks[other].doc_id})  # one read for both OCR flags
    scanned, other_scanned = docs[chunks[rowid].doc_id].ocr, docs[chunks[other].doc_id].ocr
    if scanned != other_scanned:
        return other_scanned
    return stable_copy and rowid < other and \
        frozenset((chunks[rowid].doc_id, chunks[other].doc_id)) in collection.copies()


def same_passage(a: str, b: str) -> bool:
    """A scan's OCR text and a clean copy of the same passage ("criminali:é organisée (i;ternationale)" against
    "criminalité organisée (internationale)"): one result, not two taking the place of other passages."""
    return _same_start(passage_start(a), passage_start(b))


def passage_start(text: str) -> str:
    return " ".join(text[: 2 * SAME_PASSAGE_CHARS].split()).lower()[:SAME_PASSAGE_CHARS]


def _same_start(a: str, b: str) -> bool:
    return fuzz.ratio(a, b, score_cutoff=SAME_PASSAGE) >= SAME_PASSAGE


def _by_language(collection: Collection, ranked: list[tuple[int, float]]) -> list[int]:
    """Dense results interleaved by language: the best passage of each language, then the second of each...

    The model scores same-language text higher than an equally relevant translation, so a plain ranking
    buries the best Dutch or English passage under French ones for a French question.
    """
    if not PER_LANGUAGE_DENSE:
        return [r for r, _ in ranked]
    langs = collection.chunk_langs()
    seen: dict[str, int] = {}
    keyed = []
    for order, (rowid, _score) in enumerate(ranked):
        lang = langs.get(rowid, "")
        seen[lang] = seen.get(lang, 0) + 1
        keyed.append((seen[lang], order, rowid))
    return [rowid for _, _, rowid in sorted(keyed)]


def _versions(collection: Collection, doc_id: str, group: dict[str, str], members: dict[str, list[str]]) -> list[str]:
    """Paths of the other versions (copies, near-duplicates, translations) of a document."""
    paths = collection.store.paths_of(doc_id)[1:]
    for other in members.get(group.get(doc_id, ""), []):
        if other != doc_id:
            paths.extend(collection.store.paths_of(other))
    return paths


def undated_left_out(collection: Collection, filters: Filters) -> int:
    """How many documents without a date a date filter leaves out (those the other filters would keep): a search
    since 2015 must say it did not look at them."""
    if not (filters.since or filters.until) or filters.include_undated:
        return 0
    others = filters.without_dates()
    rowids = [r[0] for r in collection.store.filter_rows()
              if not date_bounds(r[2] or "")[0] and others.accepts(r[1] or "", r[2], r[3], r[4])]
    return len(set(collection.store.chunk_doc_ids(rowids).values()))


def _allowed_rowids(collection: Collection, filters: Filters) -> np.ndarray:
    """Rowids passing the filters (cached: batch work repeats the same filters)."""
    return collection.cached(("filters", filters), lambda: _filter_rowids(collection, filters))


def _filter_rowids(collection: Collection, filters: Filters) -> np.ndarray:
    rows = collection.store.filter_rows()
    return np.array([r[0] for r in rows if filters.accepts(r[1] or "", r[2], r[3], r[4])], dtype=np.int64)
