"""Whether a sentence sends its reader elsewhere for the information ("Pour obtenir de plus amples informations …,
je vous renvoie aux rapports annuels de …"): it does not itself say what it points to, so it is no answer to quote,
though it names every centre and report on the topic. Only the speaker sending the addressee on ("je vous renvoie",
"verwijs ik u naar", "I refer the honourable member to") and the for-more-information frames are matched; a term
that "refers to" something in a definition (verwijst naar, se réfère à) is not."""

from __future__ import annotations

import re

from text.normalise import phrased

_ADDRESSEE = (r"(?:vous|l'honorable (?:membre|depute)|la (?:deputee|membre)|le (?:depute|membre)|madame|monsieur|"
              r"u|het geachte lid|de (?:geachte )?(?:volksvertegenwoordiger|heer)|mevrouw|"
              r"you|the (?:honourable|honorable) (?:member|lady|gentleman))")
_REFERRAL = re.compile(
    r"\b(?:je (?:me permets de )?(?:vous )?renvoie|je me permets de (?:vous )?renvoyer|je renvoie " + _ADDRESSEE +
    r"|(?:verwijs|verwees) ik " + _ADDRESSEE + r"|ik (?:verwijs|verwees) " + _ADDRESSEE + r"? ?naar"
    r"|i (?:would )?(?:refer|referred) " + _ADDRESSEE + r"|please refer to"
    r"|pour (?:obtenir )?(?:de )?plus (?:amples )?(?:d')?(?:informations|details|d'informations)"
    r"|pour (?:obtenir )?davantage d'informations|voor (?:meer|verdere|nadere) (?:informatie|uitleg|details)"
    r"|for (?:more|further) (?:information|details))\b")


def refers_elsewhere(sentence: str) -> bool:
    """Does the sentence send its reader to other texts for what it is about?"""
    return _REFERRAL.search(phrased(sentence)) is not None
