"""The kind of answer a question asks for, and whether a sentence holds one the question does not already give."""

from __future__ import annotations

from text.answer_kinds import DATE, NAME, NUMBER, asked_kind, lacks


def test_the_kind_asked_in_three_languages():
    assert asked_kind("Combien de victimes Child Focus a-t-il accompagnées en 2021 ?") == NUMBER
    assert asked_kind("Hoeveel slachtoffers werden geïdentificeerd?") == NUMBER
    assert asked_kind("What percentage of victims were minors?") == NUMBER
    assert asked_kind("Depuis quelle année Myria est-il chargé de cette mission ?") == DATE
    assert asked_kind("Sinds wanneer staan de geldautomaten uit?") == DATE
    assert asked_kind("When was the report published?") == DATE
    assert asked_kind("Qui est le directeur de PAG-ASA ?") == NAME
    assert asked_kind("Wie is de directeur van Payoke?") == NAME
    assert asked_kind("Who chaired GRETA?") == NAME
    assert asked_kind("Quel est le budget annuel de Myria ?") == NUMBER  # an amount is a number
    assert asked_kind("What budget did Belgium set aside for its action plan?") == NUMBER
    assert asked_kind("Welk budget kreeg Sürya van het Waals Gewest?") == NUMBER
    assert asked_kind("Quels constats critiques le rapport fait-il ?") == ""
    assert asked_kind("Les victimes qui témoignent sont-elles protégées ?") == ""  # "qui" relative, not asking


def test_a_number_is_not_the_questions_own_year_nor_a_list_number():
    question = "How many trafficking victims did Payoke assist in 2021?"
    assert lacks(NUMBER, question, "In 2021, Payoke opened a new shelter.")
    assert lacks(NUMBER, question, "2. Pour obtenir de plus amples informations, je renvoie aux rapports.")
    assert not lacks(NUMBER, question, "Payoke assisted 152 victims in 2021.")
    assert not lacks(NUMBER, question, "les services ont pu intercepter un total de 1 948 migrants")  # no year
    assert not lacks(NUMBER, "Combien de centres ?", "trois centres reconnus")
    assert not lacks(NUMBER, "How many members?", "Der Rat hat zwölf Mitglieder.")  # XQuAD-R's German and Spanish
    assert not lacks(NUMBER, "How many members?", "El consejo tiene doce miembros.")


def test_a_day_of_a_date_or_a_clock_time_is_no_count():
    question = "Hoeveel geldautomaten werden in 2020 in België opgeblazen?"
    assert lacks(NUMBER, question, "Sinds 16 december 2019 staan alle geldautomaten uit tussen 23 uur en 7 uur.")
    assert lacks(NUMBER, question, "Ce lundi 25 février s'ouvre le procès, à 14h30.")
    assert lacks(NUMBER, question, "On 20 October 2022, GRETA published a report.")
    assert not lacks(NUMBER, question, "Le 1er juillet 2020, 35 distributeurs avaient sauté.")
    assert not lacks(NUMBER, question, "In 2020 werden 24 geldautomaten opgeblazen.")


def test_a_reference_number_is_no_count():
    question = "Hoeveel slachtoffers werden in 2021 geïdentificeerd?"
    assert lacks(NUMBER, question, "Zie mijn antwoord op vraag nr. 55002244 van 12 mei 2021.")
    assert lacks(NUMBER, question, "Question écrite n° 1299 (QO 20449), réf. 54-B140-5-1233-2017201819411.")
    assert lacks(NUMBER, question, "Vraag 20449 werd eerder gesteld.")
    assert not lacks(NUMBER, question, "In 2021 werden 152 slachtoffers geïdentificeerd (vraag nr. 55002244).")
    assert not lacks(NUMBER, question, "Nr. 3 op de lijst telde 40 slachtoffers.")  # a count beside a reference
    # rule 19: an article number is a reference
    assert lacks(NUMBER, question, "Artikel 6 van de voogdijwet bepaalt dat iedere overheid de dienst inlicht.")
    assert lacks(NUMBER, question, "L'art. 433quinquies du Code pénal définit la traite.")
    assert not lacks(NUMBER, question, "Volgens artikel 3 werden 152 slachtoffers geïdentificeerd.")


def test_dates_and_names():
    assert not lacks(DATE, "Depuis quand Myria est-il chargé de la traite ?", "Myria a été chargé depuis 1995.")
    assert not lacks(DATE, "Wanneer publiceerde ECRI haar rapport?", "Midden maart publiceerde ECRI het.")
    assert lacks(DATE, "Wanneer publiceerde ECRI haar rapport in 2020?", "In 2020 publiceerde ECRI veel.")
    assert lacks(NAME, "Wie is de directeur van Payoke?", "Payoke werkt samen met de politie.")
    assert not lacks(NAME, "Wie is de directeur van Payoke?", "Volgens Klara Van den Bossche werkt Payoke goed.")
    assert not lacks("", "Quels constats ?", "Rien.")


def test_a_number_written_as_one_word_is_a_count():
    """Rule 18: Dutch and German write a number as one word; "zo'n vierhonderd Oegandezen" counts. A word that
    only ends in the joiner or holds anything else is no number."""
    from text.answer_kinds import is_number_word

    assert lacks(NUMBER, "Hoeveel Oegandezen vroegen asiel aan?", "Zo'n vierhonderd Oegandezen vroegen asiel.") is False
    for word in ("vierhonderd", "tweeduizend", "vijfentwintig", "drieentwintig", "tienduizenden", "zweihundert",
                 "funfundzwanzig", "trois"):
        assert is_number_word(word), word
    for word in ("achten", "vieren", "tiener", "achterstand", "famille", "often", "teneinde", "tweede"):
        assert not is_number_word(word), word
