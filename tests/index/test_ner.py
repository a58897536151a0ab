"""French named entities from the real spaCy model, kept by text hash so a document is read once."""

from __future__ import annotations

import pytest

import index.ner as ner


def test_people_organisations_and_places_and_the_cache(tmp_path, monkeypatch):
    text = "Selon Sarah De Hovre, directrice de PAG-ASA à Bruxelles, Europol a aidé la police de Liège."
    [spans] = ner.french_entities([text], cache=tmp_path)
    found = {text[s:e]: kind for s, e, kind in spans}
    assert found["Sarah De Hovre"] == "person" and found["Bruxelles"] == "place" and found["Europol"] == "organisation"
    assert (tmp_path / "ner.sqlite").exists()

    def refuse(texts):
        raise AssertionError(f"read again: {texts}")

    monkeypatch.setattr(ner, "_run", refuse)  # the second time, from the cache
    assert ner.french_entities([text], cache=tmp_path) == [spans]
    with pytest.raises(AssertionError, match="read again"):
        ner.french_entities(["Un autre texte sur Anvers."], cache=tmp_path)


def test_long_texts_are_read_in_blocks_with_their_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(ner, "_BLOCK", 200)
    text = ("Une phrase sans nom propre ici.\n" * 10) + "Le ministre Koen Geens a répondu.\n"
    [spans] = ner.french_entities([text, ""], cache=tmp_path)[:1]
    assert "Koen Geens" in {text[s:e] for s, e, _ in spans}
    assert ner.french_entities([""], cache=tmp_path) == [[]]
