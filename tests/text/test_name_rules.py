"""Names found by rules (the fallback where no NER model installs: Dutch, English), and a model's spans cleaned the
same way."""

from __future__ import annotations

from text.name_rules import ORGANISATION, PERSON, PLACE, Mention, Vocabulary, mentions

CORPUS = [
    ("Le groupe se réunit. La police et le parquet travaillent avec la directrice. Selon le rapport, combien de "
     "victimes ? Il y a un bureau de la police. Merci, madame la ministre.", "fr"),
    ("The group met. The report says the child was helped. The scope of the key points is wide; in summary, the "
     "national parliaments act.", "en"),
    ("De groep kwam samen. Het verslag van de minister.", "nl"),
]
VOCABULARY = Vocabulary(CORPUS)


def names(text: str, lang: str, spans=()) -> list[str]:
    return [m.form for m in mentions(text, VOCABULARY, lang, spans)]


def test_runs_keep_particles_and_linking_words_and_lose_titles_and_openers():
    assert names("Selon Madame Sarah De Hovre, directrice de PAG-ASA, rien.", "fr") == ["Sarah De Hovre", "PAG-ASA"]
    assert names("Volgens S. van der Berg werkt de Raad van Europa mee.", "nl") == ["S. van der Berg", "Raad van Europa"]
    assert names("The Group of Experts on Action against Trafficking in Human Beings (GRETA) met.", "en") == [
        "Group of Experts on Action against Trafficking in Human Beings", "GRETA"]


def test_cut_at_possessives_laws_months_and_heading_words():
    assert names("The Council of Europe's Group of Experts met Nicholas E. Golovin in July.", "en") == [
        "Council of Europe", "Group of Experts", "Nicholas E. Golovin"]
    # a law, treaty or operation is no name; what "of"/"van" joins to it is
    assert names("Under the United Nations Convention against Transnational Organized Crime, nothing.", "en") == [
        "United Nations"]
    assert names("Het Verdrag van de Verenigde Naties geldt.", "nl") == ["Verenigde Naties"]
    assert names("Le gouvernement a lancé l'Opération Irini hier.", "fr") == []
    assert names("THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,\nKEY POINTS", "en") == [
        "EUROPEAN PARLIAMENT", "COUNCIL", "EUROPEAN UNION"]  # "KEY POINTS": words the corpus writes in lower case


def test_common_words_adjectives_and_compounds_are_no_names():
    assert names("Combien de victimes ? Quels moyens ?", "fr") == []  # only ever opening a sentence
    assert names("Question de\nRudi Vervoort\nà la ministre", "fr") == ["Rudi Vervoort"]  # a name opening a line
    assert names("De Belgische en Europese wetgeving, de EU-lidstaten.", "nl") == []
    assert names("The Belgian authorities and the EU agreed.", "en") == ["EU"]  # "EU" is no French "eu"
    assert names("Het Europees beleid (MV 21546), titel II.", "nl") == []


def test_countries_in_three_languages_are_places_even_opening_a_sentence():
    found = mentions("Oostenrijk en de Verenigde Arabische Emiraten. Les Émirats arabes unis aussi.", VOCABULARY, "nl")
    assert [(m.form, m.kind) for m in found] == [("Oostenrijk", PLACE), ("Verenigde Arabische Emiraten", PLACE),
                                                 ("Émirats arabes unis", PLACE)]


def test_a_models_spans_win_over_runs_and_give_their_kind():
    text = "L'Organisation internationale du Travail et PAG-ASA. Selon A. Lechien, l'Union européenne."
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("Organisation internationale du Travail", "ASA",
                                                                "A. Lechien", "Union européenne")}
    spans = [(*at["Organisation internationale du Travail"], ORGANISATION), (*at["ASA"], ORGANISATION),
             (*at["A. Lechien"], PERSON), (*at["Union européenne"], ORGANISATION)]  # "ASA" alone: inside a run
    assert [(m.form, m.kind) for m in mentions(text, VOCABULARY, "fr", spans)] == [
        ("Organisation internationale du Travail", ORGANISATION), ("PAG-ASA", ORGANISATION),
        ("A. Lechien", PERSON), ("Union européenne", ORGANISATION)]
    assert mentions("Combien ?", VOCABULARY, "fr", [(0, 7, PLACE)]) == []  # a lone common word, whatever the model
    assert Mention("X", 0, 1) == Mention("X", 0, 1, "")
