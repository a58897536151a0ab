"""A Chamber member's request for figures asks, without a question mark; a statement that merely holds "graag" or
"communiquer" does not."""

from __future__ import annotations

from text.requests import asks_for_information


def test_a_request_for_information_in_three_languages_after_its_list_number():
    assert asks_for_information("Graag een overzicht van geïmporteerde hoeveelheden per land van tussenschakel.")
    assert asks_for_information("3. Graag de cijfers van het aantal minderjarige dan wel meerderjarige slachtoffers.")
    assert asks_for_information("Gelieve de cijfers per jaar en per arrondissement te geven.")
    assert asks_for_information("Merci de fournir un aperçu des quantités importées par pays intermédiaire.")
    assert asks_for_information("1. a) Pourriez-vous ventiler ces données entre demandeurs d'asile et autres.")
    assert asks_for_information("Je souhaite obtenir des chiffres par année.")
    assert asks_for_information("Please provide the figures per year.")


def test_a_statement_is_no_request():
    assert not asks_for_information("Wij werken graag samen met Payoke en Sürya.")
    assert not asks_for_information("Je peux vous communiquer les chiffres suivants : 120 victimes en 2019.")
    assert not asks_for_information("Vorige maand nog werden op een dag 28 transmigranten opgepakt aan Berchem.")
    assert not asks_for_information("a) 34 victimes ont été identifiées.")
    assert not asks_for_information("Canada could not ratify the convention before 2002.")


def test_a_member_announcing_questions_asks_too():
    from text.requests import announces_questions

    assert announces_questions("Gegeven het bovenstaande heb ik een aantal vragen om de impact van de Belgische "
                               "soja-import op gemeenschappen en ecosystemen in Brazilië te verminderen.")
    assert announces_questions("Compte tenu de ce qui précède, je souhaiterais vous soumettre une série de "
                               "questions en vue de réduire l'impact des importations de soja belges.")
    assert announces_questions("D’où mes questions suivantes.")
    assert not announces_questions("Ik heb vragen bij die aanpak, want die werkt niet.")
    assert not announces_questions("Le ministre a répondu aux questions des députés le 3 mars.")
