"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""


from store.bm25_index import LexicalIndex
from text.tokens import query_tokens


def test_lexical_round_trip_multilingual(tmp_path):
    rows = [(1, "fr", "La traite des êtres humains à Liège"), (2, "nl", "Mensenhandel in Antwerpen en Luik"),
            (3, "en", "Human trafficking in Brussels")]
    index = LexicalIndex.build(rows, generation=7)
    index.save(tmp_path)
    again = LexicalIndex.load(tmp_path)
    assert again.generation == 7
    assert again.search(query_tokens("Antwerpen"), 3)[0][0] == 2
    assert again.search(query_tokens("liege"), 3)[0][0] == 1
    damaged = query_tokens("Antwerpn")  # an OCR-damaged word still finds the indexed term
    assert again.search(damaged, 3) == []
    assert again.search(damaged + again.expand_fuzzy(damaged), 3)[0][0] == 2
