"""Dates as documents and questions write them (FR/NL/EN), and the ISO days a partial date covers."""

from __future__ import annotations

import re

_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b")
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_MONTHS = {  # FR, NL and EN month names → month number
    **{m: i for i, m in enumerate(["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                    "septembre", "octobre", "novembre", "décembre"], 1)},
    **{m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                    "september", "oktober", "november", "december"], 1)},
    **{m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                    "september", "october", "november", "december"], 1)},
}
_WORD_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
                        r")\s+((?:19|20)\d{2})\b", re.I)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
MONTH_NAMES = tuple(_MONTHS)


def iso_date(day: str, month: str | int, year: str) -> str:
    """An ISO date from its parts, or '' when they name no real day of a month."""
    d, m = int(day), int(month)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return ""
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def find_date(text: str) -> str:
    """The first full date the text states (dd/mm/yyyy, ISO, or '12 mars 2019'), else ''."""
    candidates = []
    for m in _DMY.finditer(text):
        iso = iso_date(m.group(1), m.group(2), m.group(3))
        if iso:
            candidates.append((m.start(), iso))
    for m in _ISO.finditer(text):
        candidates.append((m.start(), iso_date(m.group(3), m.group(2), m.group(1))))
    for m in _WORD_DATE.finditer(text):
        candidates.append((m.start(), iso_date(m.group(1), _MONTHS[m.group(2).lower()], m.group(3))))
    candidates = [c for c in candidates if c[1]]
    return min(candidates)[1] if candidates else ""


_DATE_LABEL = re.compile(
    r"^\W*(?:date(?:\s+de\s+(?:publication|parution|mise\s+à\s+jour))?|datum(?:\s+van\s+publicatie)?|"
    r"publié\s+le|paru\s+le|mis\s+à\s+jour\s+le|gepubliceerd(?:\s+op)?|verschenen\s+op|"
    r"laatst\s+bijgewerkt(?:\s+op)?|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?)\b", re.I)
HEADER_LINES = 12
# Words a dateline may hold beside its date and a place name ('Bruxelles, le', 'Brussel, maandag'): any other
# word makes it a sentence that mentions a date ('La loi du 10 août 2005').
_DATELINE_WORDS = frozenset("le den de op on the of du van lundi mardi mercredi jeudi vendredi samedi dimanche maandag dinsdag "
                            "woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday "
                            "saturday sunday".split())


def header_date(text: str) -> str:
    """The document's own date from its header (its first lines, before the first paragraph of running text): a
    date on a line of its own ('12 mars 2019', 'Bruxelles, le 12 mars 2019', 'of 5 April 2011') or after a label
    ('Publié le', 'Datum:', 'Published on'). Never a date a sentence mentions ('Following the Act of 10 August
    2005'), nor one further down (a news item listed on a landing page): those say what the text is about."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        if len(line) > 160:  # running text: the header is over
            break
        if len(line) > 120:
            continue
        date = find_date(line)
        if not date:
            continue
        rest = re.findall(r"[^\W\d_]+", _DMY.sub(" ", _ISO.sub(" ", _WORD_DATE.sub(" ", line))))
        if _DATE_LABEL.match(line) or (len(rest) <= 3 and all(w[0].isupper() or w.lower() in _DATELINE_WORDS
                                                              for w in rest)):
            return date
    return ""


def newest_first(items, date_of) -> list:
    """Items by their ISO date, newest first and undated ('') last; stable: those of one date keep their order."""
    return sorted(items, key=lambda item: date_of(item) or "", reverse=True)


def date_bounds(date: str) -> tuple[str, str]:
    """First and last ISO day a (possibly partial) date covers, for range filters."""
    if not date:
        return "", ""
    parts = date.split("-")
    lo = "-".join(parts + ["01"] * (3 - len(parts)))
    hi = "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"] if len(parts) == 2 else []))
    return lo, hi
