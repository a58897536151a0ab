"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""




def test_closest_sibling_reads_the_clause_that_differs():
    """One Chamber question sent to each minister with only the department changed: the pasted French
    text's Dutch version is told from its siblings by the clause that names the department."""
    import gzip
    import json
    from types import SimpleNamespace

    from index.embedder import Embedder
    from index.pasted import closest_sibling
    from tests.conftest import SHARED, need_shared

    need_shared()
    wanted = ["55-B014-10-0129-2019202002158", "55-B014-4-0063-2019202002146", "55-B012-11-0083-2019202001844"]
    rows = {}
    with gzip.open(SHARED / "datasets" / "be_chamber_questions_2020.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row
    right, sibling, unrelated = (rows[i] for i in wanted)
    assert "KMO" in right["text_nl"] and "Beleid en Ondersteuning" in sibling["text_nl"]
    texts = {"right": SimpleNamespace(text=right["text_nl"]), "sibling": SimpleNamespace(text=sibling["text_nl"]),
             "unrelated": SimpleNamespace(text=unrelated["text_nl"])}
    embedder = Embedder()
    pasted = right["text_fr"]
    assert closest_sibling(pasted, ["sibling", "right"], texts, embedder) == "right"
    assert closest_sibling(pasted, ["right", "sibling"], texts, embedder) == "right"
    # the unrelated question is not a sibling: it never displaces the first candidate
    assert closest_sibling(pasted, ["sibling", "unrelated"], texts, embedder) == "sibling"
    # with the pasted text's own French sibling at hand, the Dutch difference is read against the French one
    own = lambda: [unrelated["text_fr"], sibling["text_fr"]]  # noqa: E731
    assert closest_sibling(pasted, ["sibling", "right"], texts, embedder, own) == "right"
    assert closest_sibling(pasted, ["right", "sibling"], texts, embedder, own) == "right"
    assert closest_sibling(sibling["text_fr"], ["right", "sibling"], texts, embedder,
                           lambda: [pasted]) == "sibling"
