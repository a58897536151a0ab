"""Metadata from the text itself: the Brussels Parliament and Chamber question formats, else title + date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.records import Section
from text.dates import header_date, iso_date


@dataclass
class Metadata:
    title: str = ""
    date: str = ""
    doc_type: str = "document"
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


# --- Brussels Parliament written questions (FR and NL) -------------------------------------------
_BXL_TITLE = re.compile(r"^\s*(Question écrite concernant|Schriftelijke vraag betreffende)\s+(.+?)\s*$", re.M)
_BXL_AUTHOR = re.compile(r"^(?:de|van|Indiener\(s\)|Auteur\(s\))\s*\n+(.+?)\s*\n+(?:à|aan)\s*\n+(.+?)\s*$", re.M)
_BXL_NUMBER = re.compile(r"\((?:question|questions|vragen|vraag)\s*(?:n°|nr\.?|no\.?)\s*(\d+)\)", re.I)
_BXL_DATES = {
    "received": r"(?:Date de réception|Datum (?:van )?ontvangst)",
    "published": r"(?:Date de publication|Datum (?:van )?publicatie)",
    "answered": r"(?:Date de réponse|Datum (?:van )?antwoord)",
}
_BXL_LEGISLATURE = re.compile(r"(?:Législature|Zittingsperiode)\s*:\s*(\d{2}/\d{2})")
_BXL_SESSION = re.compile(r"(?:Session|Zitting)\s*:\s*(\d{2}/\d{2})")
_BXL_SECTION = re.compile(r"^(Question|Réponse|Vraag|Antwoord)[ \t]+(?=[A-ZÀ-Ý0-9\"«“])", re.M)
_SECTION_NAMES = {"Question": "question", "Vraag": "question", "Réponse": "answer", "Antwoord": "answer"}

# --- Belgian Chamber written questions (qrva ids) ---------------------------------------------------
_CHAMBER_ID = re.compile(r"qrva_(?P<id>(?P<leg>\d{2})-(?P<bulletin>B\d+)?-(?P<dept>\d+)-(?P<num>\d+)-"
                         r"(?P<y1>\d{4})(?P<y2>\d{4})(?P<seq>\d+))")

_TYPE_WORDS = [
    ("legislation", r"\b(protocol|protocole|verdrag|convention|directive|richtlijn|règlement|verordening|"
                    r"wet van|loi du|act)\b"),
    ("report", r"\b(rapport|report|verslag|jaarverslag|annual report|evaluation)\b"),
]


def extract_metadata(text: str, path: Path, lang: str, title_hint: str = "") -> Metadata:
    """Parse a known format when the text has one, else a plain title and the first date stated."""
    name = path.name
    if _BXL_TITLE.search(text[:600]):
        return _brussels_question(text, lang)
    chamber = _CHAMBER_ID.search(name)
    if chamber:
        return _chamber_question(chamber, text, lang)
    return _generic(text, path, title_hint)


def _brussels_question(text: str, lang: str) -> Metadata:
    title_match = _BXL_TITLE.search(text)
    extra: dict[str, Any] = {"parliament": "Parlement bruxellois" if lang != "nl" else "Brussels Parlement"}
    author = _BXL_AUTHOR.search(text[:3000])
    if author:
        extra["author"] = author.group(1).strip()
        extra["addressee"] = _BXL_NUMBER.sub("", author.group(2)).strip()
    number = _BXL_NUMBER.search(text[:3000])
    if number:
        extra["question_number"] = number.group(1)
    for key, label in _BXL_DATES.items():
        found = re.search(label + r"\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})", text[:3000])
        if found:
            extra[f"date_{key}"] = iso_date(*found.groups())
    for key, pattern in (("legislature", _BXL_LEGISLATURE), ("session", _BXL_SESSION)):
        found = pattern.search(text[:3000])
        if found:
            extra[key] = found.group(1)
    sections = []
    marks = list(_BXL_SECTION.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        sections.append(Section(_SECTION_NAMES[mark.group(1)], mark.start(), end))
    extra["has_answer"] = any(s.name == "answer" for s in sections)
    title = f"{title_match.group(1)} {title_match.group(2)}".rstrip(".")
    date = extra.get("date_answered") or extra.get("date_received") or extra.get("date_published", "")
    return Metadata(title=title, date=date, doc_type="written_question", source=extra["parliament"],
                    extra=extra, sections=sections)


def _chamber_question(match: re.Match, text: str, lang: str) -> Metadata:
    g = match.groupdict()
    session = f"{g['y1']}-{g['y2']}"
    extra = {"question_id": g["id"], "legislature": g["leg"], "bulletin": g["bulletin"] or "",
             "department": g["dept"], "question_number": g["num"].lstrip("0") or "0", "session": session,
             "parliament": {"nl": "Kamer van volksvertegenwoordigers", "en": "Belgian Chamber of Representatives"}
             .get(lang, "Chambre des représentants")}
    label = {"nl": "Schriftelijke vraag", "en": "Written question"}.get(lang, "Question écrite")
    first = re.split(r"(?<=[.?!])\s", text.strip(), maxsplit=1)[0][:140]
    title = f"{label} {g['id']} ({session}): {first}"
    return Metadata(title=title, date=g["y1"], doc_type="written_question", source=extra["parliament"],
                    extra=extra, sections=[Section("question", 0, len(text))])


def _generic(text: str, path: Path, title_hint: str) -> Metadata:
    title = title_hint.strip()
    if not title:
        for line in text.splitlines()[:15]:
            line = line.strip("#*= \t")
            if len(line) >= 8 and sum(ch.isalpha() for ch in line) > len(line) / 2:
                title = line if len(line) <= 160 else line[:160].rsplit(" ", 1)[0] + " …"
                break
    if not title or len(title) > 200:
        title = path.stem.split(".")[0].replace("_", " ")
    date = header_date(text)  # its own date, or undated: never a date its sentences mention, nor a year its
    # file name or title names ('icc_1995' is about 1995; 'Jaarverslag 2018' was published in 2019)
    doc_type = "document"
    probe = f"{title} {path.stem.replace('_', ' ')}".lower()
    for kind, pattern in _TYPE_WORDS:
        if re.search(pattern, probe):
            doc_type = kind
            break
    return Metadata(title=title, date=date, doc_type=doc_type, source=_source_from_path(path))


# Publishers whose name starts the file names of the shared corpus ('levif_pagasa_2018' is Le Vif's article about
# PAG-ASA, 'fr_cncdh_essentiels' the CNCDH's). Only a file name's first two words count; a folder's name never
# does: unknown is "" (shown as "unknown source"), and a sidecar or manifest says who published the rest.
PUBLISHERS = {"myria": "Myria", "pagasa": "PAG-ASA", "payoke": "Payoke", "greta": "GRETA (Council of Europe)",
              "coe": "Council of Europe", "eurlex": "EUR-Lex", "eu": "European Union", "demorgen": "De Morgen",
              "levif": "Le Vif", "bx1": "BX1", "newsbelgium": "Belga / News Belgium", "justice": "SPF Justice",
              "parlbru": "Parlement bruxellois", "palermo": "United Nations", "un": "United Nations",
              "emn": "European Migration Network", "cncdh": "CNCDH"}


def _source_from_path(path: Path) -> str:
    words = re.split(r"[_\-. ]", path.name.lower())[:2]
    return next((PUBLISHERS[w] for w in words if w in PUBLISHERS), "")
