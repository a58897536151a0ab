"""Whether a sentence asks for information without a question mark: a Chamber member's request ("3. Graag de cijfers
van het aantal slachtoffers per jaar", "Merci de fournir un aperçu des quantités importées", "Please provide the
figures per year"). It asks, so it answers nothing, though it holds every word of the question it asks. Recognised
by its opening only, so that "wij werken graag samen" or a minister's "je peux vous communiquer" is not taken for
one."""

from __future__ import annotations

import re

from text.normalise import fold

_OPENING = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-z])[.)]\s*)*")  # "3. ", "b) ", "1. a) "
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
    text = fold(sentence).lower()
    return _REQUEST.match(text, _OPENING.match(text).end()) is not None
