"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""


from index.thesaurus import expand, load_thesaurus


def test_thesaurus_has_the_field_in_three_languages():
    concepts = load_thesaurus()
    assert len(concepts) >= 150
    assert all(set(c.terms) == {"fr", "nl", "en"} and all(c.terms.values()) for c in concepts)
    terms = expand("Hoeveel slachtoffers van mensenhandel?")
    assert "traite des êtres humains" in terms and "victimes" in terms and "trafficking in persons" in terms
    assert "seksuele uitbuiting" in expand("l'exploitation sexuelle des mineurs")
    assert expand("le prix du pain") == []


def test_thesaurus_is_extendable(tmp_path, monkeypatch):
    extra = tmp_path / "extra.tsv"
    extra.write_text("kappa\tkappa-fr\tkappa-nl\tkappa-en\n", encoding="utf-8")
    monkeypatch.setenv("RADAR_THESAURUS", str(extra))
    assert "kappa-nl" in expand("un kappa-fr ici")
