"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""




def test_anchors_are_what_a_translation_keeps():
    from index.pasted import anchors

    fr = "Selon l'OCAM et le SPF Justice, 1.234 victimes ont été recensées entre le 12/03/2020 et 2021 (loi du 10 août 2005)."
    nl = "Volgens het OCAM en de FOD Justitie werden tussen 12/03/2020 en 2021 1.234 slachtoffers geteld (wet van 10 augustus 2005)."
    shared = anchors(fr) & anchors(nl)
    assert {"OCAM", "1.234", "12/03/2020", "2021", "2005"} <= shared
    assert "Justice" not in anchors(fr) and "victimes" not in anchors(fr)  # words are left to the embeddings
