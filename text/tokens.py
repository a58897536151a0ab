"""Lexical tokens: lower-cased words stemmed with their own language's Snowball stemmer, accents folded."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN, STOPWORDS_FRENCH

from text.normalise import fold

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_STEMMERS = {"fr": "french", "nl": "dutch", "en": "english"}
STOPWORDS = frozenset(w for w in (*STOPWORDS_EN, *STOPWORDS_FRENCH, *STOPWORDS_DUTCH))
LANGS = tuple(_STEMMERS)
VERSION = 5  # bump when tokens change: saved lexical indexes of another version are rebuilt


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS.get(lang, "english"))


def words(text: str) -> list[str]:
    """Words with elisions split off (l'exploitation → exploitation) and stopwords dropped."""
    out = []
    for match in _WORD.finditer(text.lower()):
        for part in re.split(r"['’]", match.group()):
            # a compound is kept whole and as its parts: 'PAG-ASA' also matches 'Pag Asa', 'asa'
            pieces = part.split("-") if "-" in part else []
            for piece in ([part] if len(part) <= 20 else []) + pieces:
                if piece and piece not in STOPWORDS and (len(piece) > 1 or piece.isdigit()):
                    out.append(piece)
    return out


def tokens(text: str, lang: str) -> list[str]:
    """Index-side tokens of a chunk in its own language (folded before stemming, so that texts typed
    without accents — old Chamber exports, OCR — stem exactly like accented ones)."""
    return _stemmer(lang).stemWords([fold(w) for w in words(text)])


def query_word_forms(text: str) -> list[tuple[str, ...]]:
    """Each query word stemmed the French, Dutch and English way (a short query's language is unreliable)."""
    ws = [fold(w) for w in words(text)]
    return list(zip(*(_stemmer(lang).stemWords(ws) for lang in LANGS)))


def terms_of(forms: list[tuple[str, ...]]) -> list[str]:
    """The distinct forms of all words, every word's first form first (French stems, then Dutch, English)."""
    width = max((len(f) for f in forms), default=0)
    return list(dict.fromkeys(f[i] for i in range(width) for f in forms if i < len(f)))


def query_tokens(text: str) -> list[str]:
    """Query-side tokens: every word stemmed all three ways."""
    return terms_of(query_word_forms(text))
