"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""



from answer.question import asked_kind, holds_kind, new_figure, question_parts, salient_terms


def test_question_kinds_and_salient_terms():
    assert asked_kind("Combien de bars ont été fermés ?") == "number"
    assert asked_kind("Sinds wanneer heeft Myria die opdracht?") == "date"
    assert asked_kind("Which minister presented the plan?") == "name"
    assert asked_kind("Hoe vaak kwam de coördinatiecel samen?") == asked_kind("Combien de fois par an ?") == "frequency"
    assert holds_kind("Het bureau komt elke maand samen.", "frequency")
    assert holds_kind("Elle se réunit deux fois par an au niveau ministériel.", "frequency")
    assert not holds_kind("Le rapport annuel de Myria est paru.", "frequency")
    assert salient_terms("Combien de victimes au Canada en 2022 ?") == ["Canada", "2022"]
    assert salient_terms("How often does the Interdepartmental Coordination Unit meet?") == [
        "Interdepartmental Coordination Unit"]
    assert salient_terms("Who presented the 2008 plan to the Council of Ministers?") == ["2008", "Council of Ministers"]
    assert salient_terms("Quel article du Protocole de Palerme ?") == ["Protocole de Palerme"]


def test_a_question_is_in_the_language_of_its_interrogative():
    from answer.question import question_language

    # lingua alone read the first as Dutch and the second as French (their names outweigh a few English words)
    assert question_language("What is the budget of the Walloon Region for the Sürya shelter in 2024?") == "en"
    assert question_language("What did the mayor of Liège decide about window prostitution in 2024?") == "en"
    assert question_language("Sur quel groupe de victimes le rapport annuel 2018 de Myria se concentre-t-il ?") == "fr"
    assert question_language("Wat zegt de WHO over mensenhandel tijdens de pandemie?") == "nl"
    assert question_language("Rapport de la WHO sur la traite pendant la pandémie") == "fr"  # an acronym, not "who"
    assert question_language("Myria jaarverslag 2019 slachtoffers mensenhandel") == "nl"  # keywords: lingua


def test_a_figure_is_new_when_the_question_does_not_give_it_and_it_is_not_a_date():
    assert new_figure("De buitenlandse arbeiders verdienden er 650 euro per maand.", "How much did they earn?")
    assert new_figure("The number has been low (13 in the period 2013-2015).", "Combien entre 2013 et 2015 ?")
    assert not new_figure("Op 30 juli 2019 wordt een rapport opgesteld.", "Quel âge avait-elle ?")
    assert not new_figure("Entre 2013 et 2015, le GRETA a visité la Belgique.", "Combien entre 2013 et 2015 ?")


def test_compound_questions_are_split_into_their_parts():
    assert question_parts("Qu'est-ce qu'un loverboy et comment recrute-t-il ses victimes ?") == [
        "Qu'est-ce qu'un loverboy", "comment recrute-t-il ses victimes ?"]
    assert question_parts("Since when has Myria had this task, and when was it extended?") == [
        "Since when has Myria had this task", "when was it extended?"]
    for simple in ("Hoeveel kinderen werden tussen 2013 en 2015 geïdentificeerd?", "Combien de bars et de salons ?",
                   "Who and what?"):
        assert question_parts(simple) == [simple]


def test_a_name_question_wants_a_name_it_does_not_already_give():
    for question in ("Quels sont les trois centres spécialisés en Belgique ?", "Which three centres are recognised?",
                     "Welke drie centra zijn erkend?"):
        assert asked_kind(question) == "name", question
    question = "Which three centres are recognised for the reception of victims in Belgium?"
    assert not holds_kind("In Belgium, the Belgian authorities should do more.", "name", question)
    assert holds_kind("The three centres are Payoke, PAG-ASA and Sürya.", "name", question)
