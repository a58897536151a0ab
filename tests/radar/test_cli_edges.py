"""The CLI at its edges (issue 19): arguments checked, a query without words or in another alphabet said to be
so, control characters in names shown and not obeyed, exit codes that say whether files failed, and a damaged
store as one line."""

import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from radar.cli import cli
from tests.conftest import as_built_before_passage_title

pytestmark = pytest.mark.slow


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


@pytest.mark.parametrize("k", ["-1", "0", "10001", "ten"])
def test_k_must_be_a_sensible_count(built_index, k):
    out = run("search", "Myria", "--k", k, "--index-dir", built_index)
    assert out.exit_code == 2 and "--k" in out.output, out.output


def test_k_one_gives_one(built_index):
    out = run("search", "Myria", "--k", 1, "--json", "--index-dir", built_index)
    assert out.exit_code == 0 and out.output.count('"path"') == 1


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-00", "20240101", "hier"])
def test_dates_must_be_real(built_index, date):
    out = run("search", "Myria", "--since", date, "--index-dir", built_index)
    assert out.exit_code == 2 and "is not a date" in out.output, out.output


def test_since_after_until_is_a_usage_error(built_index):
    out = run("ask", "Myria ?", "--since", "2024", "--until", "2020", "--index-dir", built_index)
    assert out.exit_code == 2 and "comes after" in out.output


@pytest.mark.parametrize("command", ["ask", "search"])
def test_a_query_without_words_is_a_usage_error(built_index, command):
    out = run(command, "?!.,;:()[]{}", "--index-dir", built_index)
    assert out.exit_code == 2 and "has no words" in out.output, out.output
    assert "Traceback" not in out.output


@pytest.mark.parametrize("question, script", [("人口贩卖的受害者有多少？", "Chinese"),
                                              ("Сколько жертв торговли людьми?", "Cyrillic"),
                                              ("كم عدد ضحايا الاتجار بالبشر؟", "Arabic")])
def test_a_question_in_another_alphabet_is_said_to_be_outside_radars_languages(built_index, question, script):
    out = run("ask", question, "--index-dir", built_index)
    assert out.exit_code == 2 and f"written in {script}" in out.output and "French, Dutch and English" in out.output


def test_sql_in_a_question_is_only_text(built_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    before = sqlite3.connect(index / "radar.sqlite").execute("SELECT count(*) FROM documents").fetchone()[0]
    out = run("ask", "'; DROP TABLE documents; --", "--json", "--index-dir", index)
    assert out.exit_code == 0, out.output
    after = sqlite3.connect(index / "radar.sqlite").execute("SELECT count(*) FROM documents").fetchone()[0]
    assert before == after > 0


def test_control_characters_in_names_are_shown_escaped_and_failures_set_the_exit_code(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "clear\x1b]0;owned\x07\x1b[2J.txt").write_bytes(b"")  # fails: empty
    (docs / "fine.txt").write_text("Myria publie chaque année un rapport sur la traite des êtres humains.",
                                   encoding="utf-8")
    out = run("ingest", docs, "--index-dir", tmp_path / "index", "--silent")
    assert out.exit_code == 1, out.output  # some failed
    assert "\x1b" not in out.output and "\x07" not in out.output
    assert "clear\\x1b]0;owned\\x07\\x1b[2J.txt: file is empty" in out.output
    (docs / "fine.txt").unlink()
    out = run("ingest", docs, "--index-dir", tmp_path / "index", "--silent")
    assert out.exit_code == 1 and "failed 1" in out.output  # every file failed: not 0 either
    (docs / "clear\x1b]0;owned\x07\x1b[2J.txt").unlink()
    (docs / "again.txt").write_text("De loverboys ronselen meisjes via sociale media in Gent.", encoding="utf-8")
    assert run("ingest", docs, "--index-dir", tmp_path / "index", "--silent").exit_code == 0


def test_document_text_with_terminal_escapes_is_printed_inert(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "esc.txt").write_text("Rapport \x1b[31mrouge\x1b[0m sur la traite des êtres humains en Belgique, 2023.",
                                  encoding="utf-8")
    assert run("ingest", docs, "--index-dir", tmp_path / "index", "--silent").exit_code == 0
    for args in (("show", docs / "esc.txt"), ("search", "rapport rouge traite"), ("show", docs / "esc.txt", "--json")):
        out = run(*args, "--index-dir", tmp_path / "index")
        assert out.exit_code == 0 and "\x1b" not in out.output, out.output


@pytest.mark.parametrize("damage", ["settings", "empty"])
def test_a_damaged_store_is_one_line(built_index, tmp_path, damage):
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    if damage == "empty":
        (index / "radar.sqlite").write_bytes(b"")
        for extra in index.glob("radar.sqlite-*"):
            extra.unlink()
    else:
        with sqlite3.connect(index / "radar.sqlite") as db:
            db.execute("UPDATE meta SET value='{\"model\": ' WHERE key='settings'")
    for command in (["search", "Myria"], ["ingest", tmp_path / "nothing.txt"]):
        out = run(*command, "--index-dir", index)
        assert out.exit_code == 1 and "not a readable Radar store" in out.output, out.output
        assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command, key", [("search", "results"), ("ask", "answer")])
def test_a_bad_line_in_a_batch_is_reported_and_the_batch_goes_on(built_index, command, key):
    import json

    out = run(command, "--batch", "-", "--index-dir", built_index, input="Myria\n?!?\n\nPayoke Anvers\n")
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.strip().splitlines()]
    assert len(lines) == 3 and key in lines[0] and key in lines[2]
    assert "has no words" in lines[1]["error"]


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.txt\nFAILED other.txt: forged.txt").write_bytes(b"")
    out = run("ingest", docs, "--index-dir", tmp_path / "index", "--silent")
    failed = [line for line in out.output.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "x.txt\\nFAILED other.txt: forged.txt: file is empty" in failed[0], out.output


def test_an_index_built_by_an_older_radar_is_said_to_search_worse_across_languages(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fine.txt").write_text("Myria publie chaque année un rapport sur la traite des êtres humains.",
                                   encoding="utf-8")
    out = run("ingest", docs, "--index-dir", tmp_path / "index", "--silent")
    assert out.exit_code == 0 and "older Radar" not in out.output, out.output
    as_built_before_passage_title(tmp_path / "index")
    out = run("ingest", docs, "--index-dir", tmp_path / "index", "--silent")
    assert out.exit_code == 0 and "older Radar" in out.output and "new --index-dir" in out.output, out.output
