"""Search filters: the one record the CLI, the app, search and answering share to narrow a search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InvalidQuery
from text.dates import date_bounds

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day (2024-13-45 is none)."""
    import datetime

    if not DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(date_bounds(value)[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Filters:
    """What a search may return: a language, a date range, a document type, a source (any of them)."""

    lang: str | None = None
    since: str | None = None  # ISO date or year
    until: str | None = None
    doc_type: str | None = None
    source: str | None = None
    include_undated: bool = False  # a date filter also keeps documents that have no date

    def __post_init__(self) -> None:
        for value in (self.since, self.until):
            if value and not real_date(value):
                raise InvalidQuery(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (a real day)")
        if self.since and self.until and date_bounds(self.since)[0] > date_bounds(self.until)[1]:
            raise InvalidQuery(f"--since {self.since} comes after --until {self.until}: no document can match")

    def without_dates(self) -> "Filters":
        """The same filters with no date range: what a document without a date is held to."""
        return Filters(lang=self.lang, doc_type=self.doc_type, source=self.source)

    def active(self) -> bool:
        return any((self.lang, self.since, self.until, self.doc_type, self.source))

    def accepts(self, chunk_lang: str, date: str, doc_type: str, source: str) -> bool:
        if self.lang and chunk_lang != self.lang:
            return False
        if self.doc_type and doc_type != self.doc_type:
            return False
        if self.source and self.source.lower() not in (source or "").lower():
            return False
        if self.since or self.until:
            lo, hi = date_bounds(date or "")
            if not lo:
                return self.include_undated
            if self.since and hi < date_bounds(self.since)[0]:
                return False
            if self.until and lo > date_bounds(self.until)[1]:
                return False
        return True
