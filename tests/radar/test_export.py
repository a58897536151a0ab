"""Spreadsheet exports: accents survive a round trip (CSV with a byte-order mark, either separator, and XLSX),
and a passage that starts like a formula stays text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from core.records import Chunk, Document, Hit
from radar.export import COLUMNS, ExportError, check, hit_row, to_csv, to_xlsx, write


def hit(text: str, metadata=None, doc_type: str = "written_question") -> Hit:
    doc = Document(id="d", path="/home/me/docs/q.fr.txt", text=text, title="Question écrite", lang="fr",
                   date="2020-03-05", doc_type=doc_type, source="Chambre des représentants", metadata=metadata or {})
    return Hit(Chunk("c", "d", 0, 0, len(text), text, "fr", page=2), doc, 1.0)


ROWS = [hit_row(hit("La sécurité des victimes « réfugiées » — Noël, Ærø, 5 €.",
                    {"question_id": "55-B017-12-0347-2019202002664"}), ["sécurité"]),
        hit_row(hit("=HYPERLINK(\"http://evil\")\x07 cmd", doc_type="report"))]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_round_trips_accents_with_a_byte_order_mark(delimiter):
    data = to_csv(ROWS, delimiter)
    assert data.startswith(b"\xef\xbb\xbf")  # what makes Excel read UTF-8
    back = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    assert tuple(back[0]) == COLUMNS
    assert back[0]["passage"] == "La sécurité des victimes « réfugiées » — Noël, Ærø, 5 €."
    assert back[0]["link"] == "http://data.dekamer.be/v0/qrva/55-B017-12-0347-2019202002664"
    assert back[0]["matched terms"] == "sécurité" and back[0]["date"] == "2020-03-05"
    assert back[1]["passage"].startswith("'=HYPERLINK")  # shown, never run
    assert back[1]["link"] == ""


def test_xlsx_round_trips_accents_and_keeps_formulas_as_text(tmp_path):
    path = tmp_path / "out.xlsx"
    write(ROWS, path)
    sheet = load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][COLUMNS.index("passage")] == "La sécurité des victimes « réfugiées » — Noël, Ærø, 5 €."
    assert rows[1][COLUMNS.index("reference")].startswith("Chambre des représentants")
    assert sheet.cell(row=3, column=COLUMNS.index("passage") + 1).data_type == "s"
    assert rows[2][COLUMNS.index("passage")] == '=HYPERLINK("http://evil") cmd'  # the control character dropped
    assert to_xlsx([]) and load_workbook(io.BytesIO(to_xlsx([]))).active.max_row == 1


def test_an_unknown_format_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(ExportError, match="name the file .csv or .xlsx"):
        check(tmp_path / "out.pdf")
    with pytest.raises(ExportError, match="cannot write"):
        write(ROWS, tmp_path / "missing" / "out.csv")
