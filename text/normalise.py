"""Text normalisation, one function per form and all built on `fold`: what makes 'Sécurité', 'securite' and
'SÉCURITÉ' compare equal in lexical search, duplicate detection, question analysis and the thesaurus."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Accent-insensitive form: 'sécurité' → 'securite'."""
    if text.isascii():  # most words: nothing to fold
        return text
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """Every combining code point, deleted by str.translate (one C pass instead of a Python loop; 80 ms once)."""
    return {cp: None for cp in range(0x110000) if unicodedata.combining(chr(cp))}


def folded_words(text: str) -> list[str]:
    """The word characters' runs of the lower-cased, folded text: 'L’État, 2019' → ['l', 'etat', '2019']."""
    return _WORD.findall(fold(text.lower()))


def phrased(text: str) -> str:
    """Lower-cased, accents folded, a typographic apostrophe written "'": the form phrase patterns are written in
    (text.referrals, text.requests): "Je vous renvoie à l’Office" → "je vous renvoie a l'office"."""
    return fold(text.lower()).replace("’", "'")


def squashed(text: str) -> str:
    """Lower-cased, accents folded, hyphens, apostrophes and dots dropped: 'PAG-ASA' and 'pagasa_…', 'Art. 3.a'
    and 'art 3a' compare equal."""
    return re.sub(r"[-'’.]", "", fold(text.lower()))


def alphanumeric(text: str) -> str:
    """`squashed` with only letters a-z and digits left: 'Sürya vzw' → 'suryavzw'."""
    return re.sub(r"[^a-z0-9]", "", squashed(text))


def padded(text: str) -> str:
    """Folded lower-case words joined by single spaces, with a space at each end, so that a phrase is found in
    it as a whole-word substring: ' traite des etres humains '."""
    return " " + re.sub(r"[^\w]+", " ", fold(text.lower())).strip() + " "
