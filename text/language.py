"""Language identification restricted to Radar's languages (fr, nl, en)."""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("fr", "nl", "en")
_FILENAME_HINT = re.compile(r"[._-](fr|nl|en)(?:[._-]|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.DUTCH, Language.ENGLISH).build()


_CODES = {"FRENCH": "fr", "DUTCH": "nl", "ENGLISH": "en"}


def detect_language(text: str, default: str = "") -> str:
    """'fr', 'nl' or 'en'; `default` when the text is too short or has no letters."""
    sample = text[:4000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return default
    language = _detector().detect_language_of(sample)
    return _CODES.get(language.name, default) if language else default


def detect_languages(texts: list[str], default: str = "") -> list[str]:
    """Batch form of detect_language (lingua parallelises across texts)."""
    long = [i for i, t in enumerate(texts) if sum(ch.isalpha() for ch in t[:4000]) >= 12]
    samples = [texts[i][:4000] for i in long]
    if len(samples) > 8:
        found = _detector().detect_languages_in_parallel_of(samples)
    else:  # starting lingua's thread pool (~2.5 ms a call) costs more than a few chunks one by one
        found = [_detector().detect_language_of(sample) for sample in samples]
    out = [default] * len(texts)
    for i, language in zip(long, found):
        out[i] = _CODES.get(language.name, default) if language else default
    return out


def language_from_filename(name: str) -> str:
    """The `.fr.txt` / `_nl.` convention many archives use; '' when absent."""
    match = _FILENAME_HINT.search(name)
    return match.group(1).lower() if match else ""


_SCRIPT_NAMES = {"CJK": "Chinese (Han)", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
                 "CYRILLIC": "Cyrillic", "ARABIC": "Arabic", "GREEK": "Greek", "HEBREW": "Hebrew", "THAI": "Thai",
                 "DEVANAGARI": "Devanagari", "BENGALI": "Bengali", "TAMIL": "Tamil", "GEORGIAN": "Georgian",
                 "ARMENIAN": "Armenian", "ETHIOPIC": "Ethiopic"}


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # not Basic Latin to Latin Extended


def foreign_script(text: str) -> str:
    """The writing system most of the text's letters are in when it is not the Latin alphabet French, Dutch
    and English use ('' for Latin text or text without letters)."""
    import unicodedata

    if text.isascii():  # most queries, and the fast way past a pasted document in French, Dutch or English
        return ""
    scripts: dict[str, int] = {}
    for ch in _NON_LATIN_LETTER.findall(text):
        script = _SCRIPT_NAMES.get(unicodedata.name(ch, "LATIN").split()[0], "")
        scripts[script] = scripts.get(script, 0) + 1
    main = max((s for s in scripts if s), key=scripts.get, default="")
    return main if main and scripts[main] * 2 > len(_LETTER.findall(text)) else ""
