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


def date_bounds(date: str) -> tuple[str, str]:
    """First and last ISO day a (possibly partial) date covers, for range filters."""
    if not date:
        return "", ""
    parts = date.split("-")
    lo = "-".join(parts + ["01"] * (3 - len(parts)))
    hi = "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"] if len(parts) == 2 else []))
    return lo, hi
