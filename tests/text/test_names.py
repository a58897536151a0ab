"""Index parts without the model: thesaurus, fusion, FAISS add/remove/rebuild, BM25 round trip."""




def test_anchors_are_what_a_translation_keeps():
    from index.pasted import anchors

    fr = "Selon l'OCAM et le SPF Justice, 1.234 victimes ont été recensées entre le 12/03/2020 et 2021 (loi du 10 août 2005)."
    nl = "Volgens het OCAM en de FOD Justitie werden tussen 12/03/2020 en 2021 1.234 slachtoffers geteld (wet van 10 augustus 2005)."
    shared = anchors(fr) & anchors(nl)
    assert {"OCAM", "1.234", "12/03/2020", "2021", "2005"} <= shared
    assert "Justice" not in anchors(fr) and "victimes" not in anchors(fr)  # words are left to the embeddings


def test_the_names_and_years_a_question_asks_about_are_found_in_any_of_the_three_languages():
    from text.names import asked_terms, missing_share, term_form

    def forms(question: str) -> list[list[str]]:
        return [[term_form(t)] for t in asked_terms(question)]

    canada = forms("Combien de victimes de la traite ont été identifiées au Canada en 2022 ?")
    assert canada == [["canad"], ["2022"]]
    assert missing_share(canada, "En Belgique, 13 enfants ont été identifiés entre 2013 et 2015.") == 1.0
    assert missing_share(canada, "Canada identified 40 victims in 2022.") == 0.0
    assert missing_share(canada, "Au Canada, 40 victimes en 2021.") == 0.5
    belgium = forms("Hoeveel slachtoffers telde België in 2023?")
    assert missing_share(belgium, "En 2023, la Belgique a identifié 200 victimes.") == 0.0  # "belgi" in both
    assert missing_share([["luik", "liege"]], "Le bourgmestre de Liège a décidé.") == 0.0  # any of its names
    assert missing_share(forms("Qui dirige Myria ?"), "rien ici") == 1.0
    assert missing_share(forms("qu'est-ce que la traite ?"), "rien ici") == 0.0  # nothing named: nothing lacks
