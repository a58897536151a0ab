"""How a question is read: its language, its parts, whether it asks, who it says is speaking."""

from answer.question import analyse, question_parts


def test_a_question_is_in_the_language_of_its_interrogative():
    from answer.question import question_language

    # lingua alone read the first as Dutch and the second as French (their names outweigh a few English words)
    assert question_language("What is the budget of the Walloon Region for the Sürya shelter in 2024?") == "en"
    assert question_language("What did the mayor of Liège decide about window prostitution in 2024?") == "en"
    assert question_language("Sur quel groupe de victimes le rapport annuel 2018 de Myria se concentre-t-il ?") == "fr"
    assert question_language("Wat zegt de WHO over mensenhandel tijdens de pandemie?") == "nl"
    assert question_language("Rapport de la WHO sur la traite pendant la pandémie") == "fr"  # an acronym, not "who"
    assert question_language("Myria jaarverslag 2019 slachtoffers mensenhandel") == "nl"  # keywords: lingua


def test_compound_questions_are_split_into_their_parts():
    assert question_parts("Qu'est-ce qu'un loverboy et comment recrute-t-il ses victimes ?") == [
        "Qu'est-ce qu'un loverboy", "comment recrute-t-il ses victimes ?"]
    assert question_parts("Since when has Myria had this task, and when was it extended?") == [
        "Since when has Myria had this task", "when was it extended?"]
    for simple in ("Hoeveel kinderen werden tussen 2013 en 2015 geïdentificeerd?", "Combien de bars et de salons ?",
                   "Who and what?"):
        assert question_parts(simple) == [simple]


def test_a_question_is_read_once_into_a_record():
    q = analyse("Sinds wanneer heeft Myria die opdracht, en wanneer werd die uitgebreid volgens Myria?")
    assert q.lang == "nl" and q.asks and len(q.parts) == 2 and q.speaker == "Myria"
    keywords = analyse("Myria jaarverslag 2019")
    assert not keywords.asks and keywords.parts == ("Myria jaarverslag 2019",) and keywords.speaker == ""
