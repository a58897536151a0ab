from text.normalise import alphanumeric, fold, folded_words, padded, squashed


def test_every_form_is_built_on_one_fold():
    assert fold("Sécurité à l’État") == "Securite a l’Etat"
    assert folded_words("L’État, 2019 — SÜRYA") == ["l", "etat", "2019", "surya"]
    assert squashed("PAG-ASA, Art. 3.a") == "pagasa, art 3a"
    assert alphanumeric("Sürya vzw!") == "suryavzw"
    assert padded("Traite des Êtres-Humains") == " traite des etres humains "
