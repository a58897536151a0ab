"""Whether a sentence asks without a question mark: a Chamber member's request ("3. Graag de cijfers van het aantal
slachtoffers per jaar", "Merci de fournir un aperçu des quantités importées", "Please provide the figures per
year") or announcement of the questions that follow ("Gegeven het bovenstaande heb ik een aantal vragen om …"). It
asks, so it answers nothing, though it holds every word of the question it asks. A request is recognised by its
opening only, so that "wij werken graag samen" or a minister's "je peux vous communiquer" is not taken for one; an
announcement by its speaker putting questions ("heb ik … vragen", "vous poser quelques questions"), so that "le
ministre a répondu aux questions" is not."""

from __future__ import annotations

import re

from text.normalise import phrased

# "3. ", "b) ", "1. a) ": a request follows a question's number or letter. (text.answer_kinds._LIST_NUMBER skips
# numbers only: after a letter "B) Jean Dupont", Jean still reads as a name, not a sentence's first word.)
_OPENING = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-z])[.)]\s*)*")
_REQUEST = re.compile(
    r"(?:graag\b|gelieve\b|ik had graag\b|ik zou graag (?:\w+ )?(?:willen )?(?:weten|vernemen|krijgen|ontvangen|"
    r"een overzicht)\b|(?:kunt|kan) u\b"
    r"|merci de (?:me |nous )?(?:fournir|communiquer|transmettre|preciser|indiquer|ventiler|donner)\b|veuillez\b"
    r"|je (?:souhaite|souhaiterais|voudrais|aimerais) (?:obtenir|connaitre|recevoir|savoir|avoir)\b"
    r"|(?:pourriez|pouvez)-vous\b"
    r"|please (?:provide|give|specify|indicate|list|send)\b|i would like to (?:know|receive|have)\b"
    r"|(?:could|can) you\b)")


def asks_for_information(sentence: str) -> bool:
    """Does the sentence open with a request for information (after a list number)?"""
    text = phrased(sentence)
    return _REQUEST.match(text, _OPENING.match(text).end()) is not None


_ANNOUNCEMENT = re.compile(
    r"\b(?:heb ik (?:een aantal |enkele |volgende |de volgende )?vragen"
    r"|wil ik (?:u )?(?:graag )?(?:een aantal |enkele |volgende |de volgende )?vragen stellen|vandaar mijn vragen"
    r"|je (?:souhaiterais|souhaite|voudrais|aimerais) vous (?:soumettre|poser) (?:une serie de |quelques |les )?"
    r"questions|j'aimerais vous poser (?:quelques |les )?questions|d'ou mes questions"
    r"|i would like to ask (?:you )?(?:the following|a few|some) questions|hence my questions)\b")


def announces_questions(sentence: str) -> bool:
    """Does the sentence announce the questions its speaker puts ("Gegeven het bovenstaande heb ik een aantal
    vragen …", "je souhaiterais vous soumettre une série de questions")?"""
    return _ANNOUNCEMENT.search(phrased(sentence)) is not None
