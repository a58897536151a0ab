"""Results as a spreadsheet a journalist can open: CSV (UTF-8 with a byte-order mark, so a Belgian Excel reads the
accents; `;` on request) and XLSX, with the same columns for keyword and semantic results."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from answer.reference import official_link, reference
from core.errors import RadarError
from core.records import Hit
from index.keyword import KeywordResult
from index.screening import Screened

COLUMNS = ("reference", "link", "date", "language", "type", "source", "matched terms", "passage")
SCREEN_COLUMNS = ("name", "matched", "exact", "score", "reference", "link", "date", "source", "sentence")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to a spreadsheet: never run it


class ExportError(RadarError):
    """The export cannot be written (unknown format, unwritable place)."""


def hit_row(hit: Hit, matched: list[str] | None = None) -> dict[str, str]:
    d, c = hit.document, hit.chunk
    return {"reference": reference(d, c), "link": official_link(d), "date": d.date or "undated",
            "language": c.lang or d.lang, "type": d.doc_type, "source": d.source or "unknown source",
            "matched terms": " | ".join(matched or []), "passage": c.text}


def keyword_rows(result: KeywordResult) -> list[dict[str, str]]:
    return [hit_row(h.hit, h.matched()) for h in result.hits]


def screen_rows(results: list[Screened]) -> list[dict[str, str]]:
    """One row per name and document found (a name with no hit gets one row saying so)."""
    rows = []
    for r in results:
        for h in r.hits:
            d = h.document
            rows.append({"name": r.name, "matched": h.matched, "exact": "yes" if h.exact else "no",
                         "score": f"{h.score:g}", "reference": reference(d), "link": official_link(d),
                         "date": d.date or "undated", "source": d.source or "unknown source", "sentence": h.sentence()})
        if not r.hits:
            rows.append({"name": r.name, "matched": "", "exact": "", "score": "", "reference": "no document",
                         "link": "", "date": "", "source": "", "sentence": ""})
    return rows


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def to_csv(rows: list[dict[str, str]], delimiter: str = ",", columns: tuple[str, ...] = COLUMNS) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows({k: _cell(str(v)) for k, v in row.items()} for row in rows)
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Radar"
    sheet.append(list(columns))
    for r, row in enumerate(rows, start=2):
        for col, name in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=col)
            cell.value = _xlsx_text(str(row[name]))
            cell.data_type = "s"  # text, never a formula, whatever it starts with
    for col, name in zip("ABCDEFGHI", columns):
        sheet.column_dimensions[col].width = 100 if name in ("passage", "sentence") else 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(value: str) -> str:
    """Characters XML 1.0 cannot hold (control characters from OCR or hostile files) dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]  # a cell's limit


def check(path: Path) -> None:
    """Before searching: the export's format is known by its extension."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ExportError(f"cannot export to {path.name}: name the file .csv or .xlsx")


def write(rows: list[dict[str, str]], path: Path, delimiter: str = ",", columns: tuple[str, ...] = COLUMNS) -> None:
    """CSV or XLSX by the file's extension."""
    check(path)
    data = to_csv(rows, delimiter, columns) if path.suffix.lower() == ".csv" else to_xlsx(rows, columns)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
