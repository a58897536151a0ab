"""A sentence that sends its reader to other texts is no answer; a term that refers to something is."""

from __future__ import annotations

from text.referrals import refers_elsewhere


def test_the_speaker_sending_the_reader_elsewhere_in_three_languages():
    assert refers_elsewhere("2. Pour obtenir de plus amples informations sur le phénomène de la traite et du trafic "
                            "des êtres humains, je vous renvoie aux rapports annuels de l'Office des Étrangers.")
    assert refers_elsewhere("2. Voor meer uitleg over de fenomenen mensensmokkel en mensenhandel verwijs ik u naar "
                            "de jaarverslagen van de Dienst Vreemdelingenzaken.")
    assert refers_elsewhere("Je renvoie l’honorable membre à ma réponse à la question n° 1299.")
    assert refers_elsewhere("Ik verwijs het geachte lid naar mijn antwoord op vraag nr. 55002244.")
    assert refers_elsewhere("I refer the honourable member to my answer to question 20449.")
    assert refers_elsewhere("For further details, please see the annual report of Myria.")


def test_a_statement_or_a_definition_is_no_referral():
    assert not refers_elsewhere("En 2017, l'association est venue en aide à pas moins de 210 personnes au total.")
    assert not refers_elsewhere("De term 'mensenhandel' verwijst naar de uitbuiting van personen.")
    assert not refers_elsewhere("Ce terme se réfère à l'exploitation de la prostitution d'autrui.")
    assert not refers_elsewhere("The Directive refers to trafficking for the purpose of forced begging.")
    assert not refers_elsewhere("Le parquet a renvoyé l'affaire devant le tribunal correctionnel.")
