"""What kind of answer a question asks for — a number ("Combien", "Hoeveel", "How many"), a date ("Quand",
"Sinds wanneer", "In what year") or a name ("Qui", "Wie", "Who") — and whether a sentence holds one that the
question does not already give. A sentence without one cannot answer: "Child Focus recommande six actions" does
not say how many victims Child Focus assisted in 2021, and a sentence about PAG-ASA's mission names no director.
How much a missing answer weighs is fitted with the other inputs on training data (scripts/judge/fuse.py); for a
count it also decides, as the answer's type: a sentence without one is no candidate (answer.scoring, rule 17).
This module only reads text."""

from __future__ import annotations

import re

from text.dates import MONTH_NAMES
from text.normalise import fold

NUMBER, DATE, NAME = "number", "date", "name"

_ASKS = [
    (NUMBER, r"how (?:many|much)|what (?:is |was )?(?:the )?(?:percentage|proportion|share|number|amount|budget|"
             r"cost)|combien|quel(?:le)? (?:est |etait )?(?:le |la )?(?:pourcentage|proportion|part|nombre|montant|"
             r"budget|cout)|hoeveel|welk(?:e)? (?:percentage|deel|aandeel|aantal|bedrag|budget)|wat (?:is|was) het "
             r"(?:budget|bedrag|aantal)|hoe groot"),
    (DATE, r"when|(?:in |since )?(?:what|which) (?:year|date|month)|since when|quand|(?:en |depuis )?quel(?:le)? "
           r"(?:annee|date|mois)|depuis quand|wanneer|(?:in |sinds )?welk(?:e)? (?:jaar|datum|maand)|sinds wanneer"),
    (NAME, r"who|whom|whose|(?:a|par|de|pour|avec) qui|qui (?:est|etait|sont|a|ont|dirige|preside)|wie|"
           r"(?:door|aan|van|met) wie"),
]
_ASKS_AT = [(kind, re.compile(r"(?:^|[\s,;:(«\"“])(?:" + pattern + r")\b")) for kind, pattern in _ASKS]
_NUMBER_WORDS = frozenset(
    "deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante cinquante soixante cent "
    "cents mille million millions milliard milliards dizaine dizaines centaine centaines moitie tiers quart "
    "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig zestig honderd "
    "honderden duizend duizenden miljoen miljard tiental tientallen helft derde kwart "
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty hundred "
    "hundreds thousand thousands million millions billion dozen dozens half third quarter "
    "treize quatorze seize dertien veertien vijftien zestien zeventien achttien negentien "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen seventy eighty ninety "
    # German and Spanish (the training data's candidate sentences for English questions: scripts/judge)
    "zwei drei vier funf sechs sieben acht neun zehn zwolf zwanzig hundert tausend millionen milliarde "
    "milliarden dutzend halfte dos tres cuatro cinco seis siete ocho nueve diez doce veinte treinta cien ciento "
    "cientos mil millon millones docena mitad".split())
# A number written as one word, as Dutch and German write them: number words one after the other, joined by "en" /
# "und" between two of them ("vierhonderd", "vijfentwintig", "tienduizenden", "zweihundert"); not "achten", "tiener".
_PIECE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_COMPOUND_NUMBER = re.compile(f"(?:{_PIECE})(?:(?:en|und)?(?:{_PIECE}))*")


def is_number_word(word: str) -> bool:
    """A number word of the list, or one written as a compound of them (folded, lower case)."""
    return word in _NUMBER_WORDS or _COMPOUND_NUMBER.fullmatch(word) is not None


_MONTHS = frozenset(fold(m).lower() for m in MONTH_NAMES) - {"may"}  # "may" is mostly the verb
_DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+|\s\d{3}(?!\d))*")  # "1.948", "1 948", "63,5"
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_LIST_NUMBER = re.compile(r"^\s*(?:\(?\d{1,2}[.)]\s*)+")  # "2. Pour obtenir…", "(1)"
# A day of a date ("11 oktober 2019", "le 1er juillet") or a clock time ("23 uur", "14h30") is no count.
_DAY_OR_TIME = re.compile(r"(?<![\d.,])\d{1,2}(?:er|ste|de|st|nd|rd|th)?\s+(?:" +
                          "|".join(sorted({fold(m).lower() for m in MONTH_NAMES}, key=len, reverse=True)) +
                          r")\b|(?<![\d.,])\d{1,2}(?:[hu:]\d{2}\b|\s?(?:uur|heures?|h|u)\b)", re.I)
# A reference is no count either: "vraag nr. 55002244", "n° 1299", "(QO 20449)", "54-B140-5-1233-2017201819411",
# "Artikel 6 van de voogdijwet", "art. 433quinquies" (rule 19).
_REFERENCE = re.compile(r"(?<![\w-])(?:(?:nrs?|n[o°]s?|numeros?|nummers?|questions?|vraag|vragen|qo|mv)\.?\s*\d[\d./-]*|"
                        r"(?:articles?|artikels?|art)\.?\s*\d+[a-z]*|\d+(?:-[a-z0-9]+){2,})(?![\w-])", re.I)
_CAPITALISED = re.compile(r"(?<=[\w,;:)]\s)[A-ZÀ-Ý][\w'’-]+")  # inside a sentence, not opening it


def asked_kind(question: str) -> str:
    """NUMBER, DATE or NAME when the question asks for one, else ''. The first asked wins ("Depuis quand et
    combien…" asks for a date)."""
    text = fold(question).lower()
    found = [(m.start(), kind) for kind, pattern in _ASKS_AT for m in [pattern.search(text)] if m]
    return min(found)[1] if found else ""


def lacks(kind: str, question: str, sentence: str) -> bool:
    """Does `sentence` lack an answer of this kind that `question` does not already give? False when the question
    asks for no particular kind."""
    if not kind:
        return False
    body = _LIST_NUMBER.sub("", sentence)
    if kind == NUMBER:
        body = _REFERENCE.sub(" ", _DAY_OR_TIME.sub(" ", fold(body)))
    words = set(re.findall(r"[a-z]+", fold(body).lower()))
    given = set(re.findall(r"[a-z]+", fold(question).lower()))
    asked_numbers = {_digits(n) for n in _DIGITS.findall(question)}
    numbers = [n for n in _DIGITS.findall(body) if _digits(n) not in asked_numbers]  # as written: "1 948" is no year
    if kind == NUMBER:
        counts = [n for n in numbers if not _YEAR.fullmatch(n)]
        return not counts and not {w for w in words if is_number_word(w)} - given
    if kind == DATE:
        return not any(_YEAR.fullmatch(n) for n in numbers) and not (words & _MONTHS) - given
    names = {fold(w).lower() for w in _CAPITALISED.findall(body)}
    return not names - given


def _digits(number: str) -> str:
    return re.sub(r"\s", "", number)
