"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""


from text.tokens import query_tokens, tokens


def test_stemming_is_per_language_and_accent_blind():
    assert tokens("Les victimes exploitées", "fr") == tokens("les victime exploitee", "fr")
    assert "slachtoffer" in tokens("slachtoffers", "nl")
    assert set(tokens("sécurité", "fr")) <= set(query_tokens("securite"))
